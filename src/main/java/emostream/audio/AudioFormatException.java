package emostream.audio;

import java.io.IOException;

/**
 * Audio that cannot be used. The message names the source and the problem, e.g.
 * {@code talk.wav: not an audio file} or {@code a.wav: truncated WAV: header says 32000 data bytes, file has 1200}.
 */
public class AudioFormatException extends IOException {

    public AudioFormatException(String message) {
        super(message);
    }

    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
