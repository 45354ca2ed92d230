package emostream.kafka;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Can anything be reached at the bootstrap addresses? A plain TCP connect per {@code host:port}, so a broker that is
 * not there is reported in milliseconds ("connection refused") instead of after the Kafka client's own time-outs,
 * which retry in silence. A successful connect says only that something listens; the clients find out the rest.
 */
final class BrokerProbe {

    private BrokerProbe() {
    }

    /** {@code null} when at least one address accepts a connection, else why none does (one line). */
    static String unreachable(String bootstrap, Duration timeout) {
        StringBuilder why = new StringBuilder();
        for (String server : bootstrap.split(",")) {
            String s = server.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            String host = colon > 0 ? s.substring(0, colon) : s;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(s.substring(colon + 1)) : 9092;
            } catch (NumberFormatException e) {
                return s + ": not HOST:PORT";
            }
            String problem;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
                return null;
            } catch (ConnectException e) {
                problem = "connection refused";
            } catch (SocketTimeoutException e) {
                problem = "no answer within " + timeout.toMillis() + " ms";
            } catch (UnknownHostException e) {
                problem = "unknown host";
            } catch (IOException | IllegalArgumentException e) {
                problem = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            why.append(why.length() == 0 ? "" : "; ").append(s).append(": ").append(problem);
        }
        return why.length() == 0 ? "no address given" : why.toString();
    }
}
