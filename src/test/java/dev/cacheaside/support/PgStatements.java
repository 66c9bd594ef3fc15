package dev.cacheaside.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the SQL statements clients run on PostgreSQL that contain a given text, by reading the frontend
 * protocol on a {@link TcpProxy}: each simple query ({@code Q}), and each execution ({@code E}) of an extended one,
 * traced back through its portal ({@code B}) to the statement it was parsed from ({@code P}), so that a client
 * that prepares a statement once and runs it many times is counted right. The connections must not use TLS
 * ({@code sslmode=disable}).
 */
public final class PgStatements {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final String text;
    private final AtomicLong count = new AtomicLong();

    public PgStatements(String text) {
        this.text = text;
    }

    /** How many statements containing the text were sent so far, over every connection. */
    public long count() {
        return count.get();
    }

    /** A parser for one connection. */
    public TcpProxy.Tap newConnection() {
        return new Connection();
    }

    private final class Connection implements TcpProxy.Tap {

        private boolean startup = true;
        private final byte[] header = new byte[5];
        private int headerFilled;
        private int remaining = -1;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        /** Statement name to SQL, and portal name to statement name; "" is the unnamed one. */
        private final Map<String, String> statements = new HashMap<>();
        private final Map<String, String> portals = new HashMap<>();

        @Override
        public void sent(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                take(bytes[i]);
            }
        }

        /** Startup messages have no type byte: a 4-byte length, then the rest. Every later one: type, length, rest. */
        private void take(byte b) {
            int headerSize = startup ? 4 : 5;
            if (headerFilled < headerSize) {
                header[headerFilled++] = b;
                if (headerFilled == headerSize) {
                    int at = headerSize - 4;
                    int messageLength = (header[at] & 0xFF) << 24 | (header[at + 1] & 0xFF) << 16
                            | (header[at + 2] & 0xFF) << 8 | header[at + 3] & 0xFF;
                    remaining = messageLength - 4;
                    body.reset();
                    if (remaining == 0) {
                        finish();
                    }
                }
                return;
            }
            body.write(b);
            if (--remaining == 0) {
                finish();
            }
        }

        private void finish() {
            byte[] message = body.toByteArray();
            if (startup) {
                int code = message.length >= 4
                        ? (message[0] & 0xFF) << 24 | (message[1] & 0xFF) << 16 | (message[2] & 0xFF) << 8 | message[3] & 0xFF
                        : 0;
                // an SSL or GSS request is followed by the real startup message
                startup = code == SSL_REQUEST || code == GSS_REQUEST;
            } else {
                List<String> strings = strings(message);
                switch (header[0]) {
                    case 'Q' -> countIf(strings.get(0));
                    case 'P' -> statements.put(strings.get(0), strings.get(1));
                    case 'B' -> portals.put(strings.get(0), strings.get(1));
                    case 'E' -> countIf(statements.getOrDefault(portals.getOrDefault(strings.get(0), ""), ""));
                    default -> {
                        // Sync, Describe, Close, Terminate...: nothing runs
                    }
                }
            }
            headerFilled = 0;
            remaining = -1;
        }

        private void countIf(String sql) {
            if (sql.contains(text)) {
                count.incrementAndGet();
            }
        }

        /** The leading zero-terminated strings of a message (its names and SQL; what follows them is not needed). */
        private static List<String> strings(byte[] message) {
            List<String> strings = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < message.length && strings.size() < 2; i++) {
                if (message[i] == 0) {
                    strings.add(new String(message, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            while (strings.size() < 2) {
                strings.add("");
            }
            return strings;
        }
    }
}
