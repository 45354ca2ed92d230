package emostream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import emostream.asr.VoskTranscriber;
import emostream.audio.AudioReceiver;
import emostream.cli.ConfigOptions;
import emostream.config.Config;
import emostream.metrics.Metrics;
import emostream.pipeline.Detector;
import emostream.pipeline.Engine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One benchmark run in a fresh process (so start-up time and peak memory are this configuration's own): loads the
 * mode's components, feeds N streams from files on N threads, paced like live microphones or as fast as possible,
 * and prints one {@code RESULT {json}} line. Started by {@link BenchCommand}; runnable by hand for profiling.
 */
@Command(name = "bench-run", mixinStandardHelpOptions = true,
        description = "One benchmark run (started by `bench`): N streams from raw float32 files, one result line.")
final class LoadRun implements Callable<Integer> {

    static final String RESULT_PREFIX = "RESULT ";

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--mode", required = true, description = "audio, full or vosk")
    String mode;

    @Option(names = "--streams", required = true)
    int streams;

    @Option(names = "--audio-dir", required = true, description = "directory of stream-NN.f32 files")
    Path audioDir;

    @Option(names = "--paced", description = "deliver audio in real time (default: as fast as possible)")
    boolean paced;

    @Option(names = "--chunk-ms", defaultValue = "100", description = "audio per delivery, like a sound card buffer")
    int chunkMs;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new LoadRun());
        cl.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("error: bench run failed: " + e);
            e.printStackTrace(c.getErr());
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        RunResult r = measure();
        System.out.println(RESULT_PREFIX + new ObjectMapper().writeValueAsString(r));
        return 0;
    }

    /** Loads, runs and measures; start-up times count from this process's start. */
    RunResult measure() throws Exception {
        long processStart = processStartNanos();
        Mode m = Mode.of(mode);
        Config config = configOptions.load();
        boolean asr = m != Mode.AUDIO;
        RecordingSink sink = new RecordingSink(paced);
        Metrics metrics = new Metrics();
        List<AutoCloseable> owned = new ArrayList<>();
        AudioReceiver receiver;
        Detector detector = null;
        try {
            if (m == Mode.VOSK) {
                VoskTranscriber vosk = VoskTranscriber.load(config.path("asr.model"),
                        Math.round(config.doubleValue("asr.recycle.seconds", 0, 86_400) * 16_000));
                owned.add(vosk);
                receiver = new TranscribeOnly(vosk, sink);
            } else {
                // exactly what `run` loads: the model, and Vosk + MiniLM unless audio only
                Engine engine = Engine.load(config.with("asr.enabled", Boolean.toString(asr)));
                owned.add(engine);
                detector = engine.detectorBuilder(sink).metrics(metrics).build();
                receiver = detector;
            }
            long ready = System.nanoTime();

            float[][] audio = new float[streams][];
            for (int i = 0; i < streams; i++) {
                audio[i] = SpeechCorpus.readRaw(audioDir.resolve(String.format("stream-%02d.f32", i)));
            }
            Feed feed = new Feed(receiver, sink, audio, paced, chunkMs);
            long cpu0 = ProcessStats.processCpuNanos();
            double busy0 = ProcessStats.machineBusySeconds();
            long[] gc0 = gc();
            double load = ProcessStats.loadAverage();
            LagSampler lag = new LagSampler(detector, streams);
            lag.start();
            feed.run();
            lag.stop();
            if (detector != null) {
                detector.close();
            }
            long end = System.nanoTime();
            long cpu = ProcessStats.processCpuNanos() - cpu0;
            double busy = ProcessStats.machineBusySeconds() - busy0;
            long[] gc = gc();

            double wall = (end - feed.start) / 1e9;
            double audioSeconds = audio[0].length / 16_000.0;
            double cpuSeconds = cpu / 1e9;
            Metrics.Histogram model = metrics.histogram("emostream_model_seconds", "");
            Metrics.Histogram encode = metrics.histogram("emostream_text_encode_seconds", "");
            long first = sink.firstEventNanos();
            memory(m, streams, paced);
            Metrics.Histogram waits = metrics.histogram("emostream_asr_queue_wait_seconds", "");
            if (waits.count() > 0) {
                // for the latency breakdown in docs/BENCHMARKS.md: what the recognition pool adds per turn
                System.err.printf(java.util.Locale.ROOT, "bench: %s, %d streams, %s: recognition pool wait %.1f ms mean "
                                + "over %d turns; %d revisions, %d of them from partial words%n", m.id, streams,
                        paced ? "realtime" : "fast", waits.sum() * 1000 / waits.count(), waits.count(),
                        metrics.counter("emostream_revisions_total", "").get(),
                        metrics.counter("emostream_partial_revisions_total", "").get());
                System.err.println("bench: ASR lag max per 5 s of the run (s): " + lag.maxPer5s.stream()
                        .map(v -> String.format(java.util.Locale.ROOT, "%.1f", v)).toList());
            }
            return new RunResult(m.id, streams, paced, audioSeconds, wall, cpuSeconds, cpuSeconds / wall,
                    busy < 0 ? -1 : Math.max(0, busy - cpuSeconds) / wall, load, ProcessStats.peakRssBytes() / 1048576.0,
                    streams * audioSeconds / wall, cpuSeconds / (streams * audioSeconds),
                    (ready - processStart) / 1e6, first == Long.MIN_VALUE ? -1 : (first - processStart) / 1e6,
                    feed.maxLagNanos() / 1e6, feed.endLagNanos() / 1e6, sink.latencies(), sink.counts(),
                    model.count(), model.count() == 0 ? 0 : model.sum() * 1000 / model.count(),
                    encode.count(), encode.count() == 0 ? 0 : encode.sum() * 1000 / encode.count(),
                    feed.allocatedBytes() / 1048576.0 / (streams * audioSeconds), gc[0] - gc0[0], gc[1] - gc0[1],
                    sink.worstStreamProvisionalP95(), lag.max, lag.mean(),
                    metrics.counter("emostream_asr_shed_samples_total", "").get() / (streams * audioSeconds * 16_000),
                    detector == null || !asr ? 0 : detector.settings().asr().threads() > 0 ? detector.settings().asr().threads()
                            : Runtime.getRuntime().availableProcessors());
        } finally {
            for (int i = owned.size() - 1; i >= 0; i--) {
                owned.get(i).close();
            }
        }
    }

    /**
     * Where the resident memory is at the end of a run (issue 20): the Java heap G1 has committed (it seldom gives
     * it back, so this is about its peak), the JVM's other memory, and the rest, which is native (Vosk, ONNX Runtime).
     */
    private static void memory(Mode m, int streams, boolean paced) {
        java.lang.management.MemoryMXBean mem = java.lang.management.ManagementFactory.getMemoryMXBean();
        double heap = mem.getHeapMemoryUsage().getCommitted() / 1048576.0;
        double nonHeap = mem.getNonHeapMemoryUsage().getCommitted() / 1048576.0;
        double direct = java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed).sum() / 1048576.0;
        double rss = ProcessStats.rssBytes() / 1048576.0;
        System.err.printf(java.util.Locale.ROOT, "bench: %s, %d streams, %s: memory at the end: RSS %.0f MB (peak %.0f): "
                        + "Java heap committed %.0f MB (used %.0f), non-heap %.0f MB, buffers %.0f MB, the rest (native) %.0f MB%n",
                m.id, streams, paced ? "realtime" : "fast", rss, ProcessStats.peakRssBytes() / 1048576.0, heap,
                mem.getHeapMemoryUsage().getUsed() / 1048576.0, nonHeap, direct, rss - heap - nonHeap - direct);
    }

    /** Samples every stream's recognition lag four times a second while the streams run. */
    private static final class LagSampler {
        private final Detector detector;
        private final int streams;
        private final Thread thread;
        private volatile boolean running = true;
        double max;
        double sum;
        long count;
        /** Per 5 s of the run: the largest lag of any stream (where in the run recognition fell behind). */
        final List<Double> maxPer5s = new ArrayList<>();
        private final long t0 = System.nanoTime();

        LagSampler(Detector detector, int streams) {
            this.detector = detector;
            this.streams = streams;
            this.thread = new Thread(this::run, "bench-lag");
            thread.setDaemon(true);
        }

        void start() {
            if (detector != null) {
                thread.start();
            }
        }

        private void run() {
            while (running) {
                for (int i = 0; i < streams; i++) {
                    double l = detector.asrLagSeconds("s" + i);
                    max = Math.max(max, l);
                    int slot = (int) ((System.nanoTime() - t0) / 5_000_000_000L);
                    while (maxPer5s.size() <= slot) {
                        maxPer5s.add(0.0);
                    }
                    maxPer5s.set(slot, Math.max(maxPer5s.get(slot), l));
                    sum += l;
                    count++;
                }
                LockSupport.parkNanos(250_000_000L);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            if (detector != null) {
                thread.join();
            }
        }

        double mean() {
            return count == 0 ? 0 : sum / count;
        }
    }

    /** When the OS started this process, on the {@link System#nanoTime()} scale (10 ms resolution). */
    private static long processStartNanos() {
        long nowNanos = System.nanoTime();
        long nowMs = System.currentTimeMillis();
        long startMs = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
                .orElse(ManagementFactory.getRuntimeMXBean().getStartTime());
        return nowNanos - (nowMs - startMs) * 1_000_000L;
    }

    private static long[] gc() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    /**
     * N feeder threads, one per stream like N connected microphones. Paced, chunk k of a stream is handed over at
     * the moment its last sample would have been captured; stream starts are spread evenly over one window hop
     * (0.5 s), as independent speakers are, so the windows of all streams do not close at the same instant.
     */
    static final class Feed {
        private final AudioReceiver receiver;
        private final RecordingSink sink;
        private final float[][] audio;
        private final boolean paced;
        private final int chunk;
        private final long[] maxLag;
        private final long[] endLag;
        private final long[] allocated;
        long start;

        Feed(AudioReceiver receiver, RecordingSink sink, float[][] audio, boolean paced, int chunkMs) {
            this.receiver = receiver;
            this.sink = sink;
            this.audio = audio;
            this.paced = paced;
            this.chunk = chunkMs * 16;
            this.maxLag = new long[audio.length];
            this.endLag = new long[audio.length];
            this.allocated = new long[audio.length];
        }

        void run() throws Exception {
            int n = audio.length;
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            long spread = 500_000_000L; // one window hop (0.5 s): stream i starts i/n of it later
            for (int i = 0; i < n; i++) {
                int stream = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        feed(stream, start + (paced ? spread * stream / n : 0));
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "stream-" + i);
                threads.add(t);
                t.start();
            }
            start = System.nanoTime() + 20_000_000L;
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a stream thread failed: " + failure.get(), failure.get());
            }
        }

        private void feed(int stream, long t0) {
            String id = "s" + stream;
            float[] a = audio[stream];
            com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long alloc0 = tmx.getCurrentThreadAllocatedBytes();
            sink.streamStarted(id, t0);
            long chunkNanos = chunk * 1_000_000_000L / 16_000;
            long lag = 0;
            int k = 0;
            for (int off = 0; off < a.length; off += chunk, k++) {
                int len = Math.min(chunk, a.length - off);
                if (paced) {
                    long due = t0 + (k * chunkNanos) + len * 1_000_000_000L / 16_000;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    lag = System.nanoTime() - due;
                    maxLag[stream] = Math.max(maxLag[stream], lag);
                }
                receiver.audio(id, a, off, len);
            }
            receiver.end(id);
            endLag[stream] = lag;
            allocated[stream] = tmx.getCurrentThreadAllocatedBytes() - alloc0;
        }

        long maxLagNanos() {
            return max(maxLag);
        }

        long endLagNanos() {
            return max(endLag);
        }

        long allocatedBytes() {
            long s = 0;
            for (long a : allocated) {
                s += a;
            }
            return s;
        }

        private static long max(long[] a) {
            long m = 0;
            for (long v : a) {
                m = Math.max(m, v);
            }
            return m;
        }
    }
}
