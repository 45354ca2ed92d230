package emostream.cli;

/** A problem the user can fix (bad file, missing model, no microphone): printed as one line, exit code 1. */
public class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
