package dev.cacheaside.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code quarkus.http.idle-timeout} (60 s in production, 1 s here): a connection that goes silent is closed by the
 * server, whether it never sent anything or stopped in the middle of a request line.
 */
@QuarkusTest
@TestProfile(IdleConnectionTest.OneSecond.class)
@WithTestResource(RedisServerResource.class)
class IdleConnectionTest {

    public static class OneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "1s");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        assertClosedWithin3Seconds(new byte[0]);
    }

    @Test
    void aConnectionThatStopsInTheMiddleOfARequestIsClosed() throws IOException {
        assertClosedWithin3Seconds("GET /api/prod".getBytes(StandardCharsets.US_ASCII));
    }

    private void assertClosedWithin3Seconds(byte[] sent) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(sent);
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            // a read times out (SocketTimeoutException) if the server keeps the connection
            assertEquals(-1, socket.getInputStream().read(), "the server closed the connection");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 500, "not before the idle timeout: " + ms + " ms");
        }
    }
}
