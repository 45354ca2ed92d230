package emostream.features;

import java.util.List;
import java.util.Locale;

/**
 * The optional per-window acoustic descriptors the research plan asked to try beside spec3d. Each contributes
 * a fixed list of statistics over the window's frames; names as they appear in {@code features.acoustic}.
 */
public enum AcousticFeature {

    /** YIN fundamental frequency in semitones re 100 Hz over voiced frames, plus the voiced fraction. */
    PITCH(List.of("pitch_mean_st", "pitch_std_st", "pitch_min_st", "pitch_max_st", "voiced_ratio")),
    /** Frame RMS in dBFS. */
    ENERGY(List.of("energy_mean_db", "energy_std_db", "energy_p90_minus_p10_db", "energy_slope_db_per_s")),
    /** Zero crossings per sample. */
    ZCR(List.of("zcr_mean", "zcr_std"));

    private final List<String> statistics;

    AcousticFeature(List<String> statistics) {
        this.statistics = statistics;
    }

    public List<String> statistics() {
        return statistics;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@code features.acoustic} entry; the message lists the valid names. */
    public static AcousticFeature parse(String name) {
        for (AcousticFeature f : values()) {
            if (f.configName().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown acoustic feature '" + name + "' (valid: pitch, energy, zcr)");
    }
}
