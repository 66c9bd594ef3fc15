package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.Metrics;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The service with its Redis stopped: reads come from the primary, writes succeed and keep their
 * invalidation, readiness stays UP and says why it is degraded, and everything recovers on its own.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class DegradedModeTest {

    /** Leaves the application as the next test class expects it: Redis up, breaker closed, nothing kept. */
    @AfterEach
    void redisIsBack() {
        try {
            RedisServerResource.server().cli("PING");
        } catch (IllegalStateException down) {
            RedisServerResource.server().restart();
        }
        Await.until("the cache to be back in use", Duration.ofSeconds(15), () -> {
            given().get("/api/products/p-002");
            var stats = given().get("/api/stats").then().extract().jsonPath();
            return "closed".equals(stats.getString("breaker")) && stats.getInt("pending_invalidations") == 0;
        });
    }

    @Test
    void redisDownThenBack() {
        given().get("/api/products/p-001").then().statusCode(200);
        RedisServerResource.server().stop();

        for (int i = 0; i < 12; i++) {
            given().get("/api/products/p-00" + (1 + i % 4))
                    .then().statusCode(200)
                    .header("X-Cache", "BYPASS")
                    .body("outcome", equalTo("bypass"))
                    .body("hit", is(false));
        }
        String stock = Integer.toString(ThreadLocalRandom.current().nextInt(1, 999));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"" + stock + "\"}")
                .patch("/api/products/p-001")
                .then().statusCode(200)
                .body("invalidated", is(false))
                .body("invalidation_pending", is(true));
        given().get("/api/products/p-001").then().statusCode(200).body("record.stock", equalTo(stock));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"1\"}")
                .patch("/api/admin/cache/products/p-001")
                .then().statusCode(503).body("error", equalTo("cache unavailable"))
                // Redis's own words (its address, the refused connection) stay in the log
                .body("detail", allOf(startsWith("Redis cannot be reached; try again shortly (error id "),
                        not(containsString("127.0.0.1")), not(containsString("refused"))));
        // evictions and stampedes write nothing: during the outage they fail instead of filling the kept set
        for (int i = 0; i < 50; i++) {
            Admin.given().delete("/api/admin/cache/products/made-up-" + i)
                    .then().statusCode(503).body("error", equalTo("cache unavailable"));
        }
        Admin.given().contentType(ContentType.JSON).body("{\"id\": \"made-up\", \"concurrency\": 5}")
                .post("/api/admin/stampede")
                .then().statusCode(503).body("error", equalTo("cache unavailable"));

        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].data.redis", startsWith("unreachable"))
                .body("checks[0].data.mode", startsWith("degraded"))
                // open, or half-open when the breaker's delay (2 s) ran out on a slow machine: not closed either way
                .body("checks[0].data.breaker", oneOf("open", "half_open"))
                .body("checks[0].data.pending_invalidations", equalTo(1));
        given().get("/api/stats").then()
                .body("bypassed", greaterThan(12))
                .body("pending_invalidations", equalTo(1))
                .body("breaker", oneOf("open", "half_open"));
        var samples = Metrics.samples(Metrics.scrape());
        assertEquals(1.0, Metrics.value(samples, "cache_breaker_open{cache=\"products\"}"));
        assertEquals(1.0, Metrics.value(samples, "cache_invalidations_pending{cache=\"products\"}"));
        assertTrue(Metrics.value(samples, "cache_gets_total{cache=\"products\",result=\"bypass\"}") >= 13);
        assertTrue(Metrics.value(samples, "cache_redis_errors_total{cache=\"products\"}") >= 1);

        RedisServerResource.server().restart();
        Await.until("reads of p-001 to use the cache again", Duration.ofSeconds(15), () -> {
            Response read = given().get("/api/products/p-001");
            read.then().statusCode(200).body("record.stock", equalTo(stock));
            return !"BYPASS".equals(read.header("X-Cache"));
        });
        given().get("/api/products/p-001").then().header("X-Cache", "HIT").body("record.stock", equalTo(stock));
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks[0].data.redis", equalTo("up"))
                .body("checks[0].data.breaker", equalTo("closed"))
                .body("checks[0].data.pending_invalidations", equalTo(0));
    }
}
