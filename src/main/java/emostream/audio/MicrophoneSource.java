package emostream.audio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Java Sound capture device (TargetDataLine) as one stream. Asks for 16 kHz mono 16-bit first and otherwise
 * takes a format the device offers (44.1/48 kHz, stereo), converting with {@link PcmConverter}.
 */
public final class MicrophoneSource implements AudioSource {

    private static final Logger log = LoggerFactory.getLogger(MicrophoneSource.class);

    /** Tried in order; 16 kHz mono needs no conversion. */
    private static final float[] RATES = {16_000f, 48_000f, 44_100f, 32_000f, 22_050f, 8_000f};

    /** Where to point users when there is no microphone (and the dashboard, with its browser microphone, runs). */
    public static final String ALTERNATIVES = alternatives(true);

    /** The alternatives to a missing microphone; the browser microphone only where the dashboard runs. */
    public static String alternatives(boolean dashboard) {
        String files = "--file FILE (WAV, FLAC, MP3, Ogg Vorbis/Opus, AIFF, AU)";
        String stdin = "--stdin (an audio file, or raw 16-bit PCM with --rate/--channels)";
        return dashboard ? "use " + files + ", " + stdin + ", or the dashboard's browser microphone"
                : "use " + files + " or " + stdin + " (the dashboard's browser microphone needs the server: drop --no-server)";
    }

    private final String streamId;
    private final Mixer.Info device;
    private final TargetDataLine line;
    private final AudioFormat format;
    private volatile boolean closed;
    private volatile boolean pumping;

    /** No capture device, or the one asked for is missing or busy. The message names the alternatives. */
    public static final class UnavailableException extends IOException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    /** A capture device: its Java Sound mixer name and description. */
    public record Device(String name, String description) {
        @Override
        public String toString() {
            return description == null || description.isBlank() ? name : name + " (" + description + ")";
        }
    }

    private MicrophoneSource(String streamId, Mixer.Info device, TargetDataLine line, AudioFormat format) {
        this.streamId = streamId;
        this.device = device;
        this.line = line;
        this.format = format;
    }

    /** Every device that can capture audio. Empty without a sound card (or with a headless Java runtime). */
    public static List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (Mixer.Info info : mixers()) {
            out.add(new Device(info.getName(), info.getDescription()));
        }
        return out;
    }

    private static List<Mixer.Info> mixers() {
        List<Mixer.Info> out = new ArrayList<>();
        try {
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                Mixer m = AudioSystem.getMixer(info);
                if (m.isLineSupported(new DataLine.Info(TargetDataLine.class, null))
                        || m.getTargetLineInfo().length > 0 && hasCapture(m)) {
                    out.add(info);
                }
            }
        } catch (RuntimeException | Error e) { // a broken sound setup must not take the program down
            log.debug("listing audio devices failed: {}", e.toString());
        }
        return out;
    }

    private static boolean hasCapture(Mixer m) {
        for (javax.sound.sampled.Line.Info li : m.getTargetLineInfo()) {
            if (TargetDataLine.class.isAssignableFrom(li.getLineClass())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens a capture device.
     *
     * @param deviceName a device name or a case-insensitive part of one; {@code null} = the system default
     * @throws UnavailableException when there is no capture device, the named one does not exist, or it is busy
     */
    public static MicrophoneSource open(String deviceName, String streamId) throws UnavailableException {
        return open(deviceName, streamId, true);
    }

    /** @param dashboard whether the dashboard runs, so its browser microphone is an alternative worth naming */
    public static MicrophoneSource open(String deviceName, String streamId, boolean dashboard) throws UnavailableException {
        String alternatives = alternatives(dashboard);
        List<Mixer.Info> all = mixers();
        if (all.isEmpty()) {
            throw new UnavailableException("no microphone found (this machine has no sound capture device); " + alternatives);
        }
        Mixer.Info chosen = null;
        if (deviceName != null) {
            String want = deviceName.toLowerCase(Locale.ROOT);
            for (Mixer.Info info : all) {
                if (info.getName().equalsIgnoreCase(deviceName)) {
                    chosen = info;
                    break;
                }
                if (chosen == null && info.getName().toLowerCase(Locale.ROOT).contains(want)) {
                    chosen = info;
                }
            }
            if (chosen == null) {
                throw new UnavailableException("no microphone named '" + deviceName + "'; --list-devices shows: "
                        + String.join(", ", all.stream().map(Mixer.Info::getName).toList()));
            }
        }
        List<Mixer.Info> candidates = chosen != null ? List.of(chosen) : all;
        String lastError = "no supported format";
        for (Mixer.Info info : candidates) {
            for (float rate : RATES) {
                for (int ch : new int[] {1, 2}) {
                    AudioFormat f = new AudioFormat(rate, 16, ch, true, false);
                    DataLine.Info want = new DataLine.Info(TargetDataLine.class, f);
                    try {
                        Mixer m = AudioSystem.getMixer(info);
                        if (!m.isLineSupported(want)) {
                            continue;
                        }
                        TargetDataLine line = (TargetDataLine) m.getLine(want);
                        line.open(f, (int) (rate / 10) * 2 * ch); // ~100 ms device buffer
                        return new MicrophoneSource(streamId, info, line, f);
                    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                        lastError = e.getMessage();
                    }
                }
            }
        }
        throw new UnavailableException("cannot open the microphone " + (chosen != null ? "'" + chosen.getName() + "'" : "")
                + " (" + lastError + "); " + alternatives);
    }

    @Override
    public String describe() {
        return "microphone " + device.getName() + " (" + (int) format.getSampleRate() + " Hz, "
                + format.getChannels() + " ch)";
    }

    @Override
    public void pump(AudioReceiver receiver) {
        PcmConverter converter = new PcmConverter((int) format.getSampleRate(), format.getChannels());
        byte[] buf = new byte[(int) (format.getSampleRate() / 10) * format.getFrameSize()]; // 100 ms
        pumping = true;
        line.start();
        try {
            while (!closed) {
                int r = line.read(buf, 0, buf.length);
                if (r <= 0) {
                    if (!line.isOpen()) {
                        break;
                    }
                    continue;
                }
                float[] pcm = converter.convert(buf, 0, r);
                if (pcm.length > 0) {
                    receiver.audio(streamId, pcm, 0, pcm.length);
                }
            }
            float[] tail = converter.flush();
            if (tail.length > 0) {
                receiver.audio(streamId, tail, 0, tail.length);
            }
        } finally {
            line.stop();
            line.close();
            receiver.end(streamId);
        }
    }

    /** Stops capturing; {@link #pump} flushes the last window and returns. */
    @Override
    public void close() {
        closed = true;
        line.stop(); // unblocks a pending read
        if (!pumping) {
            line.close(); // opened but never started (the run failed before its sources ran)
        }
    }
}
