package emostream.pipeline;

/**
 * How {@code smoothed_label} is made ({@code smoothing.*} in config/emostream.properties).
 *
 * @param method  {@code exponential} (moving average of probabilities), {@code majority} (vote of the last N labels)
 *                or {@code none}
 * @param alpha   weight of the newest window for {@code exponential}
 * @param windows N for {@code majority}; for both, this many silent windows in a row reset the history
 */
public record SmoothingSettings(String method, double alpha, int windows) {

    public static final SmoothingSettings DEFAULT = new SmoothingSettings("exponential", 0.5, 4);
}
