package emostream.server;

import emostream.config.ConfigException;
import emostream.metrics.Metrics;
import emostream.publish.EventBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** https and wss with a PEM certificate and key (made here by openssl), as a phone's browser needs for the mic. */
@Timeout(60)
class TlsTest {

    @Test
    void servesHttpsAndWss(@TempDir Path dir) throws Exception {
        emostream.RealParts.require(Speech.onPath("openssl"), "openssl is not installed (apt-get install openssl)");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);

        ServerSettings s = TestServers.settings(Map.of("server.tls.cert", cert.toString(), "server.tls.key", key.toString()));
        try (WebServer server = WebServer.start(s, new EventBus(), new RecordingReceiver(), Set::of, new Metrics())) {
            assertTrue(server.url().startsWith("https://"), server.url());
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(cert)).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(server.url() + "health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            WsClient ws = new WsClient();
            ws.socket = https.newWebSocketBuilder().buildAsync(URI.create(server.wsUrl("/ws/audio?stream=tls")), ws).join();
            ws.socket.sendText("{\"type\":\"end\"}", true).join();
            assertEquals(1000, ws.awaitClose(10).code());
        }
    }

    @Test
    void halfATlsSetupIsAConfigError(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestServers.settings(Map.of("server.tls.cert", cert.toString())));
        assertTrue(e.getMessage().contains("both"), e.getMessage());
        Path key = Files.writeString(dir.resolve("key.pem"), "y");
        ServerSettings junk = TestServers.settings(Map.of("server.tls.cert", cert.toString(), "server.tls.key", key.toString()));
        ConfigException bad = assertThrows(ConfigException.class,
                () -> WebServer.start(junk, new EventBus(), new RecordingReceiver(), Set::of, new Metrics()));
        assertTrue(bad.getMessage().contains("server.tls.cert") && bad.getMessage().contains("valid certificates"), bad.getMessage());
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            ks.setCertificateEntry("emostream", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
