package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.Metrics;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The service with {@code cache.near.enabled=true}: how near hits look over HTTP, in the stats and the meters. */
@QuarkusTest
@TestProfile(NearCacheResourceTest.NearCacheOn.class)
@WithTestResource(RedisServerResource.class)
class NearCacheResourceTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final String GETS = "cache_gets_total{cache=\"products\",result=\"%s\"}";

    public static class NearCacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cache.near.enabled", "true");
        }
    }

    @Test
    void theThirdReadIsANearHitWithNoRedisRoundTrip() {
        Await.until("the near cache in use", AWAIT,
                () -> "tracking".equals(given().get("/api/stats").jsonPath().getString("near")));
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        Map<String, Double> before = Metrics.samples(Metrics.scrape());

        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "MISS").body("outcome", is("miss"));
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT").body("outcome", is("hit"));
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT")
                .body("outcome", is("near_hit")).body("hit", is(true)).body("redis_latency_ms", is(0.0f))
                .body("ttl_remaining_ms", greaterThanOrEqualTo(1000));

        Map<String, Double> after = Metrics.samples(Metrics.scrape());
        assertEquals(1.0, delta(before, after, GETS.formatted("near_hit")));
        assertEquals(1.0, delta(before, after, GETS.formatted("hit")));
        assertEquals(1.0, delta(before, after, GETS.formatted("miss")));
        assertEquals(1.0, Metrics.value(after, "cache_near_tracking{cache=\"products\"}"));
        assertTrue(Metrics.value(after, "cache_near_size{cache=\"products\"}") >= 1.0);
        given().get("/api/stats").then().statusCode(200).body("near", is("tracking"))
                .body("near_size", greaterThanOrEqualTo(1)).body("near_hits", greaterThanOrEqualTo(1));
    }

    @Test
    void aPatchIsSeenByTheNextReadOfTheSameInstance() {
        warm("p-002");
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"17\"}")
                .patch("/api/products/p-002").then().statusCode(200);
        given().get("/api/products/p-002").then().statusCode(200).body("record.stock", is("17"))
                .body("outcome", is("miss"));
    }

    @Test
    void aCacheOnlyUpdateIsSeenByTheNextReadOfTheSameInstance() {
        warm("p-003");
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"name\", \"value\": \"Cache only\"}")
                .patch("/api/admin/cache/products/p-003").then().statusCode(200).body("updated", is(true));
        given().get("/api/products/p-003").then().statusCode(200).body("record.name", is("Cache only"))
                .body("outcome", is("hit"));
    }

    @Test
    void aChangeMadeWithRedisCliReachesTheNearCache() {
        warm("p-004");
        RedisServerResource.server().cli("HSET", "cache:product:{p-004}", "name", "From redis-cli");
        Await.until("the invalidation reaches the near cache", AWAIT,
                () -> "From redis-cli".equals(given().get("/api/products/p-004").jsonPath().getString("record.name")));
    }

    private static void warm(String id) {
        Await.until("a near hit for " + id, AWAIT,
                () -> "near_hit".equals(given().get("/api/products/" + id).jsonPath().getString("outcome")));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return Metrics.value(after, name) - before.getOrDefault(name, 0.0);
    }
}
