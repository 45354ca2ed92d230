package emostream.config;

/** A configuration value is missing, unknown or out of range; the message names the key and the reason. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String reason) {
        super("config " + key + ": " + reason);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
