package emostream.data;

import java.io.IOException;

/** A corpus that cannot be loaded at all (missing folder or label file, nothing usable): stops before any work. */
public class DatasetException extends IOException {

    public DatasetException(String message) {
        super(message);
    }
}
