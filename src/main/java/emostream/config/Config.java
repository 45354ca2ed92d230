package emostream.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Layered settings: the documented defaults ({@code config/emostream.properties}, also on the class path)
 * &lt; a user file ({@code --config}) &lt; environment ({@code EMOSTREAM_WINDOW_SECONDS} for {@code window.seconds})
 * &lt; command-line overrides. Only keys present in the defaults exist: an unknown key is an error, so a typo
 * never silently does nothing. Typed getters reject bad values with the key and the reason.
 */
public final class Config {

    /** Class-path copy of {@code config/emostream.properties} (the build copies it). */
    public static final String DEFAULTS_RESOURCE = "/emostream.properties";
    public static final String ENV_PREFIX = "EMOSTREAM_";

    private final Map<String, String> values;
    private final Path home;

    private Config(Map<String, String> values, Path home) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.home = home;
    }

    /** The defaults alone. */
    public static Config defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * @param userFile  optional properties file overriding defaults
     * @param env       environment ({@code System.getenv()}); {@code EMOSTREAM_*} entries naming a key override it
     * @param overrides highest priority, e.g. from flags
     */
    public static Config load(Path userFile, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(readDefaults());
        if (userFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(userFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("--config", "cannot read " + userFile + ": " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) {
                put(merged, k, p.getProperty(k), "in " + userFile);
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = envToKey(e.getKey(), merged);
            if (key != null) {
                merged.put(key, e.getValue().trim());
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            put(merged, e.getKey(), e.getValue(), "on the command line");
        }
        return new Config(merged, home());
    }

    /** A copy with more overrides (tests, subcommands). */
    public Config with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            put(merged, e.getKey(), e.getValue(), "in an override");
        }
        return new Config(merged, home);
    }

    public Config with(String key, String value) {
        return with(Map.of(key, value));
    }

    /** Application home: {@code -Demostream.home}, else {@code EMOSTREAM_HOME}, else the working directory. */
    public static Path home() {
        String h = System.getProperty("emostream.home");
        if (h == null || h.isBlank()) {
            h = System.getenv("EMOSTREAM_HOME");
        }
        return (h == null || h.isBlank() ? Path.of("") : Path.of(h)).toAbsolutePath().normalize();
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new ConfigException(key, "unknown key");
        }
        return v;
    }

    /** The value, or {@code null} when it is blank (optional settings). */
    public String optional(String key) {
        String v = string(key);
        return v.isBlank() ? null : v;
    }

    public int intValue(String key, int min, int max) {
        long v = longValue(key, min, max);
        return (int) v;
    }

    public long longValue(String key, long min, long max) {
        String s = string(key);
        long v;
        try {
            v = Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + s + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new ConfigException(key, v + " is outside " + min + ".." + max);
        }
        return v;
    }

    public double doubleValue(String key, double min, double max) {
        String s = string(key);
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + s + "' is not a number");
        }
        if (!(v >= min && v <= max)) {
            throw new ConfigException(key, s + " is outside " + min + ".." + max);
        }
        return v;
    }

    public boolean bool(String key) {
        String s = string(key).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key, "'" + s + "' is not true or false");
        };
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String choice(String key, String... allowed) {
        String s = string(key).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s)) {
                return a;
            }
        }
        throw new ConfigException(key, "'" + s + "' is not one of " + String.join(", ", allowed));
    }

    /** Comma-separated list; empty for a blank value. */
    public List<String> list(String key) {
        String s = string(key);
        if (s.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    /** A path; relative ones resolve against {@link #home()}. {@code null} when blank. */
    public Path path(String key) {
        String s = optional(key);
        if (s == null) {
            return null;
        }
        Path p;
        try {
            p = Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(key, "'" + s.replaceAll("\\p{Cntrl}", "?") + "' is not a valid path (" + e.getReason() + ")");
        }
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }

    private static void put(Map<String, String> merged, String key, String value, String where) {
        String k = key.trim();
        if (!merged.containsKey(k)) {
            throw new ConfigException(k, "unknown key " + where + " (known keys are listed in config/emostream.properties)");
        }
        merged.put(k, value == null ? "" : value.trim());
    }

    /** {@code EMOSTREAM_WINDOW_SECONDS} names {@code window.seconds}; dots, dashes and underscores all map to '_'. */
    static String envToKey(String envName, Map<String, String> known) {
        if (!envName.startsWith(ENV_PREFIX)) {
            return null;
        }
        String wanted = envName.substring(ENV_PREFIX.length());
        for (String k : known.keySet()) {
            if (k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_').equals(wanted)) {
                return k;
            }
        }
        return null;
    }

    private static Map<String, String> readDefaults() {
        Properties p = new Properties();
        try (InputStream in = Config.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is not on the class path: build with mvn package");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k).trim());
        }
        return m;
    }

    @Override
    public String toString() {
        return Arrays.toString(values.entrySet().toArray());
    }
}
