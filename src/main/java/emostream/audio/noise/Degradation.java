package emostream.audio.noise;

import java.util.Locale;

/**
 * A way a recording reaches the detector in the real world: a noisy room, a telephone line, a reverberant room.
 * Applied to a whole clip or stream at 16 kHz; reproducible from a seed (the noise drawn, not the setting).
 * {@code evaluate --degrade} scores models through them; training augmentation can draw from the same classes.
 */
public interface Degradation {

    /** Short name for reports and cache keys, e.g. {@code pink:10}. */
    String name();

    /** The degraded copy of {@code pcm} (never modified). */
    float[] apply(float[] pcm, long seed);

    /**
     * Parses {@code pink:SNR}, {@code white:SNR}, {@code brown:SNR}, {@code hum:SNR} (SNR in dB against the active
     * speech level), {@code phone} (300-3400 Hz, 8 kHz, μ-law), {@code reverb:RT60} (seconds) or {@code gain:DB};
     * several joined by {@code +} apply left to right, e.g. {@code reverb:0.5+pink:10+phone}: a talker in a
     * reverberant, noisy room on a telephone.
     *
     * @throws IllegalArgumentException naming the spec and what is accepted
     */
    static Degradation parse(String spec) {
        if (spec.contains("+")) {
            java.util.List<Degradation> steps = new java.util.ArrayList<>();
            for (String part : spec.split("\\+")) {
                steps.add(parse(part));
            }
            return new Chain(steps);
        }
        String s = spec.strip().toLowerCase(Locale.ROOT);
        String kind = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
        String arg = s.contains(":") ? s.substring(s.indexOf(':') + 1) : "";
        try {
            return switch (kind) {
                case "pink" -> new AddedNoise(s, PinkNoise::new, Double.parseDouble(arg));
                case "white" -> new AddedNoise(s, WhiteNoise::new, Double.parseDouble(arg));
                case "brown" -> new AddedNoise(s, BrownNoise::new, Double.parseDouble(arg));
                case "gain" -> new Gain(s, Double.parseDouble(arg));
                case "hum" -> new AddedNoise(s, seed -> new HumNoise(seed, 50), Double.parseDouble(arg));
                case "phone" -> new TelephoneChannel();
                case "reverb" -> new RoomReverb(Double.parseDouble(arg));
                default -> throw new IllegalArgumentException("unknown kind");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("degradation '" + spec + "' is not one of pink:SNR, white:SNR, brown:SNR, hum:SNR,"
                    + " phone, reverb:RT60, gain:DB or several joined by + (" + e.getMessage() + ")", e);
        }
    }

    /** Noise over the whole clip at an SNR against its active speech level. */
    record AddedNoise(String name, java.util.function.LongFunction<NoiseSource> noise, double snrDb) implements Degradation {
        @Override
        public float[] apply(float[] pcm, long seed) {
            return NoiseMixer.mix(pcm, noise.apply(seed), snrDb);
        }
    }

    /** A level change (a far or near microphone, another sound card's gain), clipped at full scale as a real input. */
    record Gain(String name, double db) implements Degradation {
        @Override
        public float[] apply(float[] pcm, long seed) {
            float g = (float) Math.pow(10, db / 20);
            float[] out = new float[pcm.length];
            for (int i = 0; i < pcm.length; i++) {
                out[i] = Math.max(-1f, Math.min(1f, pcm[i] * g));
            }
            return out;
        }
    }

    /** Degradations applied in order; each step draws from its own seed. */
    record Chain(java.util.List<Degradation> steps) implements Degradation {
        public Chain {
            steps = java.util.List.copyOf(steps);
        }

        @Override
        public String name() {
            return String.join("+", steps.stream().map(Degradation::name).toList());
        }

        @Override
        public float[] apply(float[] pcm, long seed) {
            float[] x = pcm;
            for (int i = 0; i < steps.size(); i++) {
                x = steps.get(i).apply(x, seed * 31 + i);
            }
            return x;
        }
    }
}
