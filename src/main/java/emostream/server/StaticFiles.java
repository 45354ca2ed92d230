package emostream.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, read from the class path ({@code /web/...} in the jar) once and kept in memory: they
 * are small, and an ETag lets browsers revalidate without downloading again.
 */
final class StaticFiles {

    /** Plain relative names only: no "..", no hidden files, so a request can never leave /web. */
    private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json",
            "webmanifest", "application/manifest+json",
            "txt", "text/plain; charset=utf-8");

    record Resource(byte[] bytes, String contentType, String etag) {
    }

    private final String root;
    private final Map<String, Optional<Resource>> cache = new ConcurrentHashMap<>();

    StaticFiles(String root) {
        this.root = root.endsWith("/") ? root : root + "/";
    }

    /** {@code path} without the leading slash, e.g. {@code app.js}; empty when there is no such file. */
    Optional<Resource> get(String path) {
        // a known extension also keeps directories out (a class-path directory reads as its listing)
        if (!SAFE.matcher(path).matches() || path.contains("..") || !TYPES.containsKey(extension(path))) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(path, this::load);
    }

    private Optional<Resource> load(String path) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(root + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Resource(bytes, TYPES.get(extension(path)), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + path, e);
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
