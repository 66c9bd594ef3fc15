package dev.cacheaside.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the HTTP layer refuses before JAX-RS: a body over the size limit, a chunked body, and a request without a
 * Host header. Each gets the API's JSON error, and none is logged as an ERROR. Sent over raw sockets, since an
 * HTTP client would not send them.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class HttpEdgeCasesTest {

    private static final int ELEVEN_MB = 11 * 1024 * 1024;

    @TestHTTPResource("/")
    URL url;

    private final List<LogRecord> errors = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= org.jboss.logmanager.Level.ERROR.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureErrors() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aBodyOverTheLimitIsAJson413AndNoError() throws IOException {
        String answer = send(patchOfSize(false));
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("application/json"), answer);
        assertTrue(answer.contains("\"error\":\"body too large\""), answer);
        assertEquals(List.of(), messages(), "ERROR lines");
    }

    /** Without this, 11 MB sent chunked were read in full and parsed (a 400 for bad JSON): no limit at all. */
    @Test
    void aChunkedBodyIsAJson411BeforeAnythingReadsItAndNoError() throws IOException {
        String answer = send(patchOfSize(true));
        assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
        assertTrue(answer.contains("\"error\":\"length required\""), answer);
        assertEquals(List.of(), messages(), "ERROR lines");
    }

    @Test
    void aRequestWithoutAHostHeaderIsAJson400AndNoError() throws IOException {
        String answer = send("GET /api/products HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("\"error\":\"missing Host header\""), answer);
        assertTrue(!answer.contains("Error id") && !answer.contains("stack"), answer);
        assertEquals(List.of(), messages(), "ERROR lines");
    }

    private List<String> messages() {
        return errors.stream().map(record -> record.getLoggerName() + ": " + record.getMessage()).toList();
    }

    /** A signed-in PATCH of 11 MB, so that it gets past the role check to the body. */
    private static byte[] patchOfSize(boolean chunked) {
        String credentials = Base64.getEncoder().encodeToString(
                (Admin.USER + ":" + Admin.password(Admin.USER)).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String head = "PATCH /api/products/p-001 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Basic " + credentials + "\r\nConnection: close\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + ELEVEN_MB + "\r\n\r\n");
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        byte[] block = new byte[1024 * 1024];
        Arrays.fill(block, (byte) 'a');
        for (int i = 0; i < 11; i++) {
            if (chunked) {
                request.writeBytes((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            request.writeBytes(block);
            if (chunked) {
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (chunked) {
            request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return request.toByteArray();
    }

    /** Sends raw bytes and reads the answer until the server closes (it may close before reading all of them). */
    private String send(byte[] request) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedEarly) {
                // the server answered and closed while the body was still being sent: read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, read);
                }
            } catch (IOException reset) {
                // a reset after the answer: what arrived is enough
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
