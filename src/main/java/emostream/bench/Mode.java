package emostream.bench;

/** What a benchmark run exercises on the same audio, so the alternatives can be compared side by side. */
enum Mode {
    /** The detector without speech recognition: voice-activity gate, spec3d, audio CNN. */
    AUDIO("audio", "audio only (VAD + spec3d + CNN)"),
    /** The whole detector: audio path, Vosk, MiniLM on every final transcript, fused model. */
    FULL("full", "full (audio + Vosk + MiniLM, fused)"),
    /** Vosk on the same audio and nothing else: the baseline the emotion path is added to. */
    VOSK("vosk", "Vosk alone (no emotion)");

    final String id;
    final String title;

    Mode(String id, String title) {
        this.id = id;
        this.title = title;
    }

    static Mode of(String id) {
        for (Mode m : values()) {
            if (m.id.equalsIgnoreCase(id.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown bench mode '" + id + "' (audio, full, vosk)");
    }
}
