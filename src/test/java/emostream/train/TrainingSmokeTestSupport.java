package emostream.train;

import java.nio.file.Path;

/** Test helper shared with the CLI tests. */
public final class TrainingSmokeTestSupport {

    private TrainingSmokeTestSupport() {
    }

    public static void writeWav(Path file, float[] x, int rate) throws Exception {
        TrainingSmokeTest.writeWav(file, x, rate);
    }
}
