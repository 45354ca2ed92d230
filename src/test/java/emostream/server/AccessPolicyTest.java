package emostream.server;

import emostream.config.ConfigException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPolicyTest {

    private static AccessPolicy.Denial check(AccessPolicy p, String uri, String... headers) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set("Host", "localhost:8080");
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().set(headers[i], headers[i + 1]);
        }
        return p.check(r, new QueryStringDecoder(uri));
    }

    @Test
    void sameOriginAndProgramsPass() {
        AccessPolicy p = new AccessPolicy(null, List.of());
        assertNull(check(p, "/ws/events"));
        assertNull(check(p, "/ws/events", "Origin", "http://localhost:8080"));
        assertNull(check(p, "/ws/events", "Origin", "HTTP://LOCALHOST:8080"));
    }

    @Test
    void otherOriginsAreForbidden() {
        AccessPolicy p = new AccessPolicy(null, List.of());
        assertEquals(403, check(p, "/ws/events", "Origin", "http://localhost:9999").status().code());
        assertEquals(403, check(p, "/ws/events", "Origin", "http://evil.example:8080").status().code());
        assertEquals(403, check(p, "/ws/events", "Origin", "null").status().code());
    }

    @Test
    void defaultPortsMatch() {
        AccessPolicy p = new AccessPolicy(null, List.of());
        assertTrue(p.originAllowed("https://emo.example", "emo.example:443"));
        assertTrue(p.originAllowed("http://emo.example", "emo.example"));
        assertTrue(p.originAllowed("http://[::1]:8080", "[::1]:8080"));
        assertFalse(p.originAllowed("https://emo.example", "emo.example:80"));
    }

    @Test
    void allowListAndWildcard() {
        assertNull(check(new AccessPolicy(null, List.of("https://ops.example")), "/ws/events", "Origin", "https://ops.example"));
        assertNull(check(new AccessPolicy(null, List.of("*")), "/ws/events", "Origin", "https://anything.example"));
    }

    @Test
    void tokenFromQueryBearerOrHeader() {
        AccessPolicy p = new AccessPolicy("s3cret", List.of());
        assertEquals(401, check(p, "/ws/events").status().code());
        assertEquals("wrong token", check(p, "/ws/events?token=guess").reason());
        assertNull(check(p, "/ws/events?token=s3cret"));
        assertNull(check(p, "/ws/events", "Authorization", "Bearer s3cret"));
        assertNull(check(p, "/ws/events", AccessPolicy.TOKEN_HEADER, "s3cret"));
    }

    @Test
    void badAllowListEntriesAreConfigErrors() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestServers.settings(Map.of("server.allowed-origins", "ops.example/path")));
        assertTrue(e.getMessage().contains("server.allowed-origins"), e.getMessage());
    }
}
