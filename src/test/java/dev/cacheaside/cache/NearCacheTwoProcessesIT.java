package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.PostgresResource;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.ServiceProcess;
import dev.cacheaside.support.Settled;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Two service processes with the near cache on, on one Redis and one PostgreSQL database: a write through A must
 * reach B's near cache. For 1000 writes each way (a product update on the primary, and a cache-only update that only
 * Redis's invalidation message can carry), B is read back to back from the moment A answers the write until B
 * answers the new value. The printed figures bound the propagation delay from both sides: below by the send time of
 * B's last stale read, above by the moment B's first fresh read entered B's resource (its answer's arrival less the
 * {@code total_latency_ms} it reports, so B's reload from the primary is not counted as propagation). The README
 * quotes them.
 */
@QuarkusIntegrationTest
@TestProfile(NearCacheTwoProcessesIT.NearCacheOn.class)
@WithTestResource(RedisServerResource.class)
@WithTestResource(PostgresResource.class)
class NearCacheTwoProcessesIT {

    private static final int WRITES = 1000;
    private static final Pattern FIELD = Pattern.compile("\"(stock|outcome)\":\"([^\"]*)\"");
    private static final Pattern TOTAL_LATENCY = Pattern.compile("\"total_latency_ms\":([0-9.Ee+-]+)");

    public static class NearCacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cache.near.enabled", "true");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString((Admin.USER + ":" + Admin.password(Admin.USER)).getBytes(StandardCharsets.UTF_8));
    private ServiceProcess other;

    @BeforeEach
    void startASecondProcess() throws Exception {
        other = ServiceProcess.start(RedisServerResource.server(), PostgresResource.serviceConfig(),
                List.of("-Dcache.near.enabled=true"));
        Settled.listening(null);
        Settled.listening(other.port());
    }

    @AfterEach
    void stopTheSecondProcess() throws Exception {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void aProductUpdateOnOneProcessReachesTheOthersNearCache() throws Exception {
        measure("product update on A (PostgreSQL, then DEL in Redis)", "/api/products/p-001", "p-001");
    }

    @Test
    void aCacheOnlyUpdateOnOneProcessReachesTheOthersNearCacheThroughRedisAlone() throws Exception {
        measure("cache-only update on A (HSET in Redis)", "/api/admin/cache/products/p-002", "p-002");
    }

    private void measure(String what, String writePath, String id) throws Exception {
        int a = RestAssured.port;
        int b = other.port();
        double[] freshMs = new double[WRITES];
        double[] staleMs = new double[WRITES];
        double[] delayBoundMs = new double[WRITES];
        int staleReads = 0;
        for (int i = 0; i < WRITES; i++) {
            String value = Integer.toString(1_000_000 + i);
            Await.until("B answers " + id + " from its near cache", Duration.ofSeconds(10),
                    () -> "near_hit".equals(field(read(b, id), "outcome")));
            send(HttpRequest.newBuilder(uri(a, writePath)).header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"field\": \"stock\", \"value\": \"" + value + "\"}")));
            long written = System.nanoTime();
            while (true) {
                long sent = System.nanoTime();
                String answer = read(b, id);
                if (value.equals(field(answer, "stock"))) {
                    freshMs[i] = (System.nanoTime() - written) / 1e6;
                    // B looked at its near cache when the read entered its resource, which is no later than the
                    // answer's arrival less the time B reports spending on it (its reload, for a miss)
                    delayBoundMs[i] = Math.max(staleMs[i], freshMs[i] - totalLatencyMs(answer));
                    break;
                }
                staleReads++;
                staleMs[i] = (sent - written) / 1e6;
                assertTrue(sent - written < Duration.ofSeconds(1).toNanos(),
                        "B still answers the old value a second after the write: an invalidation was lost");
            }
            assertEquals(value, field(read(a, id), "stock"), "A reads its own write");
        }
        Arrays.sort(freshMs);
        Arrays.sort(staleMs);
        Arrays.sort(delayBoundMs);
        System.out.printf("Near cache, %s, %d writes: propagation delay at most p50 %.2f / p99 %.2f / max %.2f ms"
                + " (B's first fresh read entering B's resource, after A answered); B's last stale read was sent"
                + " p50 %.2f / p99 %.2f / max %.2f ms after A answered (0 when B's first read was fresh; %d stale reads"
                + " in all); B's first fresh answer came p50 %.2f / p99 %.2f / max %.2f ms after A answered%n", what,
                WRITES, percentile(delayBoundMs, 50), percentile(delayBoundMs, 99), delayBoundMs[WRITES - 1],
                percentile(staleMs, 50), percentile(staleMs, 99), staleMs[WRITES - 1], staleReads,
                percentile(freshMs, 50), percentile(freshMs, 99), freshMs[WRITES - 1]);
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[sorted.length * p / 100];
    }

    private static double totalLatencyMs(String json) {
        Matcher matcher = TOTAL_LATENCY.matcher(json);
        assertTrue(matcher.find(), json);
        return Double.parseDouble(matcher.group(1));
    }

    private String read(int port, String id) {
        return send(HttpRequest.newBuilder(uri(port, "/api/products/" + id)).GET());
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String field(String json, String name) {
        Matcher matcher = FIELD.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        return null;
    }
}
