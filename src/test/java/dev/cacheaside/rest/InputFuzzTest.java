package dev.cacheaside.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Products;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;


/**
 * Generated ids and bodies, thousands of them, against the running application: never a 5xx, a JSON
 * {@code {error, detail}} body on every 4xx that names no Java type or library setting, and nothing changed in
 * Redis or in the primary. Writes go to the
 * unknown product {@code p-999}, so that even a body that happens to be valid cannot change anything; ids are
 * written with a valid body. The seed is printed, and {@code -Dfuzz.seed=N} replays a run.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@TestProfile(InputFuzzTest.InstantPrimary.class)
class InputFuzzTest {

    /** The mock primary without its 150 ms: a generated id that is valid but unknown costs a primary read. */
    public static class InstantPrimary implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cache.primary.latency", "0ms");
        }
    }

    private static final int CASES = 1500;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Java types, packages or library settings in an error body: what a client must never be shown. */
    private static final Pattern INTERNALS = Pattern.compile("java\\.|dev\\.cacheaside|com\\.fasterxml|Exception|`"
            + "|DeserializationFeature|CoercionConfig");

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            (Admin.USER + ":" + Admin.password(Admin.USER)).getBytes(StandardCharsets.UTF_8));

    @TestHTTPResource("/")
    URL url;

    // HTTP/1.1: for an http:// address the JDK client would otherwise ask every request to upgrade to h2c
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] FIELDS = { "field", "value", "id", "concurrency", "Field", "", "value ", "\u00e9" };
    private static final String SPECIALS = "{}%;.?#&=+ /\\\"'<>";
    private static final String[] FIELD_VALUES = { "name", "price_cents", "stock", "id", "colour", "", "NAME",
            "__absent" };

    @Test
    void generatedIdsAndBodiesNeverFailTheServerAndChangeNothing() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("InputFuzzTest seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<String, String> products = new TreeMap<>();
        for (String id : List.of("p-001", "p-002", "p-003", "p-004")) {
            products.put(id, Products.cached(id).toString());
        }
        RedisServer redis = RedisServerResource.server();
        Map<String, String> redisBefore = snapshot(redis);
        Map<String, Long> expiresBefore = new TreeMap<>();
        long started = System.currentTimeMillis();
        for (String key : redisBefore.keySet()) {
            long pttl = Long.parseLong(redis.cli("PTTL", key));
            expiresBefore.put(key, pttl < 0 ? Long.MAX_VALUE : started + pttl);
        }

        List<String> failures = new ArrayList<>();
        int[] byClass = new int[6];
        for (int i = 0; i < CASES; i++) {
            String body = body(random);
            check("PATCH", "api/products/p-999", body, byClass, failures);
            check("PATCH", "api/admin/cache/products/p-999", body(random), byClass, failures);
            String id = id(random);
            if (!id.matches("p-00[1-4]")) {
                check("PATCH", "api/products/" + id, "{\"field\": \"stock\", \"value\": \"3\"}", byClass, failures);
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " failures");
        // as it was, but for entries whose TTL ran out meanwhile
        Map<String, String> redisAfter = snapshot(redis);
        long now = System.currentTimeMillis();
        redisBefore.keySet().removeIf(key -> !redisAfter.containsKey(key) && expiresBefore.get(key) <= now);
        assertEquals(redisBefore, redisAfter, "Redis is as it was");
        for (Map.Entry<String, String> product : products.entrySet()) {
            assertEquals(product.getValue(), Products.cached(product.getKey()).toString(), product.getKey());
        }

        // reads may cache a "not found" for an id the primary lacks: checked for answers only
        for (int i = 0; i < CASES; i++) {
            check("GET", "api/products/" + id(random), null, byClass, failures);
        }
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " failures");
        assertEquals(0, byClass[5], "no 5xx");
        assertTrue(byClass[4] > CASES, "most generated input is refused: " + byClass[4] + " 4xx");
        System.out.printf("InputFuzzTest: %d requests, %d 2xx, %d 4xx, 0 5xx%n", byClass[2] + byClass[4],
                byClass[2], byClass[4]);
    }

    private void check(String method, String path, String body, int[] byClass, List<String> failures) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10));
        if (body == null) {
            request.GET();
        } else {
            // signed in, so that the bodies reach the code that reads them
            request.header("Content-Type", "application/json").header("Authorization", ADMIN)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            failures.add(method + " " + path + " " + body + " -> no answer: " + e);
            return;
        }
        int status = answer.statusCode();
        byClass[status / 100]++;
        if (status >= 500) {
            failures.add(method + " " + path + " " + body + " -> " + status + " " + answer.body());
        } else if (status >= 400) {
            String type = answer.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            try {
                json = JSON.readTree(answer.body());
            } catch (IOException notJson) {
                // reported below
            }
            if (!type.startsWith("application/json") || json == null || !json.path("error").isTextual()
                    || !json.path("detail").isTextual()) {
                failures.add(method + " " + path + " " + body + " -> " + status + " without a JSON error: " + type
                        + " " + answer.body());
            } else if (INTERNALS.matcher(answer.body()).find()) {
                failures.add(method + " " + path + " " + body + " -> " + status + " shows internals: " + answer.body());
            }
        }
    }

    /** Every key of the test Redis with its type and content; TTLs are left out, they move by themselves. */
    private static Map<String, String> snapshot(RedisServer redis) {
        Map<String, String> keys = new TreeMap<>();
        for (String key : redis.cli("KEYS", "*").split("\n")) {
            if (!key.isBlank()) {
                String type = redis.cli("TYPE", key);
                keys.put(key, type + ":" + (type.equals("hash") ? redis.cli("HGETALL", key) : redis.cli("DUMP", key)));
            }
        }
        return keys;
    }

    /** An id as it would appear in a path: percent-encoded, sometimes with raw bytes that are not UTF-8. */
    private static String id(Random random) {
        StringBuilder path = new StringBuilder();
        int length = random.nextInt(6) == 0 ? 120 + random.nextInt(20) : 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            String piece = switch (kind) {
                case 0 -> String.valueOf((char) random.nextInt(0x20));
                case 1 -> new String(Character.toChars(0x80 + random.nextInt(0x10FF80 - 0x80 - 0x800)));
                case 2 -> String.valueOf((char) (0xD800 + random.nextInt(0x800)));
                case 3 -> String.valueOf(SPECIALS.charAt(random.nextInt(SPECIALS.length())));
                default -> String.valueOf("abcxyz0129-_~AZ".charAt(random.nextInt(15)));
            };
            path.append(encode(piece, random));
        }
        if (random.nextInt(10) == 0) {
            path.append(List.of("%FF", "%C3", "%ED%A0%80", ";x", "/.", "%2e%2e", "/..").get(random.nextInt(7)));
        }
        return path.toString();
    }

    private static String encode(String piece, Random random) {
        if (piece.length() == 1 && Character.isSurrogate(piece.charAt(0))) {
            int c = piece.charAt(0);
            // the three bytes a lone surrogate would take in (invalid) UTF-8
            return String.format("%%%02X%%%02X%%%02X", 0xE0 | c >> 12, 0x80 | (c >> 6 & 0x3F), 0x80 | (c & 0x3F));
        }
        StringBuilder out = new StringBuilder();
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xFF;
            boolean unreserved = Character.isLetterOrDigit(u) && u < 0x80 || "-_~".indexOf(u) >= 0;
            out.append(unreserved && random.nextInt(4) > 0 ? String.valueOf((char) u) : String.format("%%%02X", u));
        }
        return out.toString();
    }

    /** A body: a JSON object of generated members, sometimes broken, sometimes with something after it. */
    private static String body(Random random) {
        if (random.nextInt(20) == 0) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            return new String(junk, StandardCharsets.ISO_8859_1);
        }
        StringBuilder json = new StringBuilder(random.nextInt(15) == 0 ? "\uFEFF{" : "{");
        int members = random.nextInt(4);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                json.append(',');
            }
            String name = i < 2 && random.nextInt(3) > 0 ? (i == 0 ? "field" : "value") : pick(FIELDS, random);
            json.append('"').append(name).append("\": ").append(value(random));
        }
        json.append('}');
        switch (random.nextInt(12)) {
            case 0 -> json.setLength(random.nextInt(json.length()));
            case 1 -> json.append(" x");
            case 2 -> json.append("{}");
            default -> {
            }
        }
        return json.toString();
    }

    private static String value(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> Integer.toString(random.nextInt(2000) - 1000);
            case 1 -> "1e" + random.nextInt(400);
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> "[\"stock\"]";
            case 4 -> "{\"field\": \"stock\"}";
            case 5 -> "\"" + "9".repeat(1 + random.nextInt(30)) + "\"";
            case 6 -> "\"a\\ud800b\"";
            case 7 -> "\"" + "x".repeat(random.nextInt(260)) + "\"";
            case 8 -> "\"\\u0000\\n\"";
            default -> "\"" + pick(FIELD_VALUES, random) + "\"";
        };
    }

    private static String pick(String[] options, Random random) {
        return options[random.nextInt(options.length)];
    }
}
