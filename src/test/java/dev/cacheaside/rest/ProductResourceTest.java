package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The REST API against a real Redis, over HTTP only, so that {@link ProductResourceIT} runs the same
 * checks against the packaged application.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class ProductResourceTest {

    private static final String RECORD_KEY = "cache:product:{%s}";

    RedisServer redis() {
        return RedisServerResource.server();
    }

    @BeforeEach
    void startCold() {
        for (String id : new String[] { "p-001", "p-002", "p-003", "p-004", "nope" }) {
            given().delete("/api/cache/products/" + id).then().statusCode(200);
        }
    }

    @Test
    void listsTheSeedProducts() {
        given().get("/api/products")
                .then().statusCode(200)
                .body("products", contains("p-001", "p-002", "p-003", "p-004"));
    }

    @Test
    void missThenHitReturnsSameRecord() {
        given().get("/api/products/p-002")
                .then().statusCode(200)
                .header("X-Cache", "MISS")
                .body("id", equalTo("p-002"))
                .body("hit", is(false))
                .body("record.name", equalTo("Espresso Beans 250g"))
                .body("record.price_cents", notNullValue())
                .body("total_latency_ms", greaterThan(100f))
                .body("ttl_remaining_ms", allOf(greaterThan(25_000), lessThanOrEqualTo(33_000)));

        given().get("/api/products/p-002")
                .then().statusCode(200)
                .header("X-Cache", "HIT")
                .body("hit", is(true))
                .body("record.name", equalTo("Espresso Beans 250g"))
                .body("redis_latency_ms", notNullValue())
                .body("total_latency_ms", lessThanOrEqualTo(100f))
                .body("ttl_remaining_ms", allOf(greaterThan(20_000), lessThanOrEqualTo(33_000)));

        String key = RECORD_KEY.formatted("p-002");
        assertEquals("p-002\nEspresso Beans 250g", redis().cli("HMGET", key, "id", "name"));
        assertEquals("4", redis().cli("HLEN", key));
        long pttl = Long.parseLong(redis().cli("PTTL", key));
        assertTrue(pttl > 20_000 && pttl <= 33_000, "PTTL " + pttl);
    }

    @Test
    void unknownProductIsNotFoundAndCachedAsNegative() {
        given().get("/api/products/nope")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .header("X-Cache", "MISS")
                .body("error", equalTo("product not found"));
        given().get("/api/products/nope")
                .then().statusCode(404)
                .header("X-Cache", "HIT");
        long pttl = Long.parseLong(redis().cli("PTTL", RECORD_KEY.formatted("nope")));
        assertTrue(pttl > 0 && pttl <= 5_500, "a not-found sentinel lives at most the negative TTL, PTTL " + pttl);
    }

    @Test
    void updateWritesPrimaryAndInvalidates() {
        given().get("/api/products/p-003").then().statusCode(200).header("X-Cache", "MISS");
        String price = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 9999));

        given().contentType(ContentType.JSON).body("{\"field\": \"price_cents\", \"value\": \"" + price + "\"}")
                .patch("/api/products/p-003")
                .then().statusCode(200)
                .body("id", equalTo("p-003"))
                .body("field", equalTo("price_cents"))
                .body("value", equalTo(price))
                .body("invalidated", is(true));
        assertEquals("0", redis().cli("EXISTS", RECORD_KEY.formatted("p-003")));

        given().get("/api/products/p-003")
                .then().statusCode(200)
                .header("X-Cache", "MISS")
                .body("record.price_cents", equalTo(price));
    }

    @Test
    void cacheOnlyUpdateAppliesOnlyWhenCachedAndKeepsExpiry() {
        given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"7\"}")
                .patch("/api/cache/products/p-004")
                .then().statusCode(200).body("updated", is(false));
        assertEquals("0", redis().cli("EXISTS", RECORD_KEY.formatted("p-004")), "no partial record appears");

        given().get("/api/products/p-004").then().statusCode(200);
        long before = Long.parseLong(redis().cli("PTTL", RECORD_KEY.formatted("p-004")));
        given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"7\"}")
                .patch("/api/cache/products/p-004")
                .then().statusCode(200).body("updated", is(true));
        long after = Long.parseLong(redis().cli("PTTL", RECORD_KEY.formatted("p-004")));
        assertTrue(after > 0 && after <= before, "expiry kept: " + before + " then " + after);
        given().get("/api/products/p-004")
                .then().header("X-Cache", "HIT").body("record.stock", equalTo("7"));
    }

    @Test
    void deleteReportsWhetherAnEntryWasCached() {
        given().delete("/api/cache/products/p-001").then().statusCode(200)
                .body("id", equalTo("p-001")).body("deleted", is(false));
        given().get("/api/products/p-001").then().statusCode(200);
        given().delete("/api/cache/products/p-001").then().statusCode(200).body("deleted", is(true));
    }

    @Test
    void stampedeOfFiftyReadersCostsOnePrimaryRead() {
        given().contentType(ContentType.JSON).body("{\"id\": \"p-001\", \"concurrency\": 50}")
                .post("/api/stampede")
                .then().statusCode(200)
                .body("id", equalTo("p-001"))
                .body("concurrency", equalTo(50))
                .body("primary_reads", equalTo(1))
                .body("misses", equalTo(1))
                .body("coalesced", equalTo(49))
                .body("found", is(true))
                .body("readers.size()", equalTo(50));
    }

    @Test
    void statsCountReadsAndReset() {
        given().post("/api/stats/reset").then().statusCode(200)
                .body("hits", equalTo(0)).body("misses", equalTo(0)).body("primary_reads_total", equalTo(0));
        given().get("/api/products/p-001");
        given().get("/api/products/p-001");
        given().get("/api/products/p-001");
        given().get("/api/stats").then().statusCode(200)
                .body("hits", equalTo(2))
                .body("misses", equalTo(1))
                .body("negative_hits", equalTo(0))
                .body("primary_reads_total", equalTo(1))
                .body("hit_rate_pct", equalTo(66.6f))
                .body("primary_read_latency_ms", equalTo(150));
        given().post("/api/stats/reset").then().statusCode(200)
                .body("hits", equalTo(0)).body("hit_rate_pct", equalTo(0f));
    }

    @Test
    void badInputIsRejectedWithJsonAndChangesNothing() {
        given().get("/api/products/p-001").then().statusCode(200);
        String before = given().get("/api/products/p-001").then().extract().path("record.price_cents");

        patch("/api/products/p-001", "{\"field\": \"colour\", \"value\": \"red\"}", 400, "unknown field");
        patch("/api/products/p-001", "{\"field\": \"price_cents\", \"value\": \"-5\"}", 400, "invalid value");
        patch("/api/products/p-001", "{\"field\": \"stock\", \"value\": \"1.5\"}", 400, "invalid value");
        patch("/api/products/p-001", "{\"field\": \"id\", \"value\": \"p-999\"}", 400, "field cannot be updated");
        patch("/api/products/p-001", "{\"field\": \"name\", \"value\": \"\"}", 400, "invalid value");
        patch("/api/products/p-001", "{\"field\": \"name\", \"value\": \"" + "x".repeat(201) + "\"}", 400,
                "invalid value");
        patch("/api/products/p-001", "{\"field\": \"name\"}", 400, "missing value");
        patch("/api/products/p-001", "{\"field\": ", 400, "malformed JSON body");
        patch("/api/products/p-001", "", 400, "missing body");
        patch("/api/products/p-001", "{\"field\": \"stock\", \"value\": \"5\", \"id\": \"p-002\"}", 400,
                "unknown property");
        patch("/api/products/p-001", "{\"feild\": \"stock\", \"value\": \"5\"}", 400, "unknown property");
        patch("/api/products/" + "x".repeat(129), "{\"field\": \"stock\", \"value\": \"1\"}", 400, "invalid id");
        patch("/api/products/a%01b", "{\"field\": \"stock\", \"value\": \"1\"}", 400, "invalid id");
        patch("/api/products/p-999", "{\"field\": \"stock\", \"value\": \"1\"}", 404, "product not found");
        patch("/api/cache/products/p-001", "{\"field\": \"price_cents\", \"value\": \"abc\"}", 400, "invalid value");
        given().get("/api/products/" + "x".repeat(129)).then().statusCode(400).body("error", equalTo("invalid id"));
        given().urlEncodingEnabled(false).get("/api/products/a%7Bb").then().statusCode(400).body("error", equalTo("invalid id"));

        post("/api/stampede", "{\"id\": \"p-001\", \"concurrency\": 1}", "concurrency out of range");
        post("/api/stampede", "{\"id\": \"p-001\", \"concurrency\": 1001}", "concurrency out of range");
        post("/api/stampede", "{\"id\": \"p-001\"}", "concurrency out of range");
        post("/api/stampede", "{\"concurrency\": 5}", "missing id");
        post("/api/stampede", "[1, 2]", "malformed JSON body");
        post("/api/stampede", "{\"id\": \"p-001\", \"concurrency\": 2.5}", "malformed JSON body");
        post("/api/stampede", "{\"id\": \"p-001\", \"concurency\": 50}", "unknown property");

        given().get("/api/products/p-001")
                .then().statusCode(200)
                .header("X-Cache", "HIT")
                .body("record.price_cents", equalTo(before));
    }

    private static void patch(String path, String body, int status, String error) {
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(body).patch(path)
                .then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", equalTo(error))
                .body("detail", notNullValue());
    }

    private static void post(String path, String body, String error) {
        given().contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo(error));
    }

    @Test
    void theApiAnswersJsonWhateverTheClientAccepts() {
        given().accept("text/html,application/xhtml+xml,*/*;q=0.8").get("/api/products/p-003")
                .then().statusCode(200).contentType(ContentType.JSON).body("id", equalTo("p-003"));
        given().accept("text/html").get("/api/products/p-003")
                .then().statusCode(406).contentType(ContentType.JSON).body("error", equalTo("not acceptable"));
        given().accept("text/html").get("/api/products/" + "x".repeat(129))
                .then().statusCode(406).contentType(ContentType.JSON);
        given().accept("text/plain").get("/api/stats")
                .then().statusCode(406).contentType(ContentType.JSON);
    }

    @Test
    void unknownPathsAnswerJson() {
        given().get("/api/nothing-here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", notNullValue());
        given().contentType(ContentType.TEXT).body("x").patch("/api/products/p-001")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", notNullValue());
    }
}
