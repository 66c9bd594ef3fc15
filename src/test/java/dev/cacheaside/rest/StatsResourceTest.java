package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /api/stats} and its reset at {@code /api/admin/stats/reset}. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class StatsResourceTest {

    @Test
    void statsCountReadsAndReset() {
        given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        given().post("/api/admin/stats/reset").then().statusCode(200)
                .body("hits", equalTo(0)).body("misses", equalTo(0)).body("primary_reads_total", equalTo(0))
                .body("primary_read_latency_ms", equalTo(0));
        given().get("/api/products/p-001");
        given().get("/api/products/p-001");
        given().get("/api/products/p-001");
        given().get("/api/stats").then().statusCode(200)
                .body("hits", equalTo(2))
                .body("misses", equalTo(1))
                .body("negative_hits", equalTo(0))
                .body("primary_reads_total", equalTo(1))
                .body("hit_rate_pct", equalTo(66.6f))
                .body("primary_read_latency_ms", allOf(greaterThanOrEqualTo(150), lessThan(1000)));
        given().post("/api/admin/stats/reset").then().statusCode(200)
                .body("hits", equalTo(0)).body("hit_rate_pct", equalTo(0f)).body("primary_read_latency_ms", equalTo(0));
    }
}
