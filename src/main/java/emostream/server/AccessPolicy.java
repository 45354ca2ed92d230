package emostream.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Who may open a WebSocket: the shared token when one is configured, and for browsers (requests with an
 * {@code Origin} header) the page's origin must be this server itself or on the allow-list. The Origin check
 * stops another web site from using a visitor's browser to read events or feed audio.
 */
final class AccessPolicy {

    static final String TOKEN_PARAM = "token";
    static final String TOKEN_HEADER = "X-Emostream-Token";

    /** Why a request was refused: sent as the HTTP status and a one-line body. */
    record Denial(HttpResponseStatus status, String reason) {
    }

    private final byte[] token;
    private final List<String> allowedOrigins;

    AccessPolicy(String token, List<String> allowedOrigins) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    boolean tokenRequired() {
        return token != null;
    }

    /** {@code null} when the request may proceed. */
    Denial check(HttpRequest request, QueryStringDecoder query) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !originAllowed(origin, request.headers().get(HttpHeaderNames.HOST))) {
            return new Denial(HttpResponseStatus.FORBIDDEN,
                    "origin " + origin + " is not allowed (add it to server.allowed-origins)");
        }
        if (token != null) {
            String given = presentedToken(request, query);
            if (given == null) {
                return new Denial(HttpResponseStatus.UNAUTHORIZED,
                        "this server needs a token: add ?token=... or the header Authorization: Bearer ...");
            }
            // constant time, so the comparison does not leak how much of a guess was right
            if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                return new Denial(HttpResponseStatus.UNAUTHORIZED, "wrong token");
            }
        }
        return null;
    }

    private static String presentedToken(HttpRequest request, QueryStringDecoder query) {
        List<String> q = query.parameters().get(TOKEN_PARAM);
        if (q != null && !q.isEmpty()) {
            return q.get(0);
        }
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return request.headers().get(TOKEN_HEADER);
    }

    boolean originAllowed(String origin, String hostHeader) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains("*") || allowedOrigins.contains(o)) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        try {
            URI u = new URI(o);
            if (u.getHost() == null || u.getScheme() == null) {
                return false;
            }
            int port = u.getPort() != -1 ? u.getPort() : defaultPort(u.getScheme());
            HostPort h = HostPort.parse(hostHeader.toLowerCase(Locale.ROOT), defaultPort(u.getScheme()));
            return h != null && h.host.equals(stripBrackets(u.getHost())) && h.port == port;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private record HostPort(String host, int port) {
        static HostPort parse(String value, int defaultPort) {
            String v = value.trim();
            int colon = v.lastIndexOf(':');
            int bracket = v.lastIndexOf(']');
            if (colon < 0 || colon < bracket) {
                return new HostPort(stripBrackets(v), defaultPort);
            }
            try {
                return new HostPort(stripBrackets(v.substring(0, colon)), Integer.parseInt(v.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
