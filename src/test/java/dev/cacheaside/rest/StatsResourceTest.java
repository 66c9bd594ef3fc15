package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /api/stats} and its reset at {@code /api/admin/stats/reset}. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class StatsResourceTest {

    /** A cross-site form can post, but not as JSON: a reset from one is refused and resets nothing. */
    @ParameterizedTest
    @ValueSource(strings = { "application/x-www-form-urlencoded", "text/plain", "application/xml" })
    void aResetThatIsNotJsonIsRefused(String contentType) {
        given().get("/api/products/p-002");
        given().get("/api/products/p-002");
        long hits = given().get("/api/stats").then().extract().jsonPath().getLong("hits");
        Admin.given().contentType(contentType).body("a=b").post("/api/admin/stats/reset")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", equalTo("unsupported media type"));
        given().get("/api/stats").then().body("hits", equalTo((int) hits));
    }

    @Test
    void statsCountReadsAndReset() {
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        Admin.given().contentType("application/json").post("/api/admin/stats/reset").then().statusCode(200)
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
        Admin.given().contentType("application/json").post("/api/admin/stats/reset").then().statusCode(200)
                .body("hits", equalTo(0)).body("hit_rate_pct", equalTo(0f)).body("primary_read_latency_ms", equalTo(0));
    }
}
