package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anything;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.AppKeys;
import dev.cacheaside.support.Products;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * {@code /api/products} against a real Redis, over HTTP only, so that {@link ProductResourceIT} runs the same
 * checks against the packaged application.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class ProductResourceTest {

    @TestHTTPResource("/")
    URL url;

    RedisServer redis() {
        return RedisServerResource.server();
    }

    /**
     * Whether the primary announces its changes, so that the entry may already be gone when the write's own
     * invalidation runs (the mock has no such feed).
     */
    protected boolean changeFeedMayInvalidateFirst() {
        return false;
    }

    /** A miss takes at least the primary's read: the mock's is 150 ms. */
    protected float missFloorMs() {
        return 100f;
    }

    @BeforeEach
    void startCold() {
        for (String id : new String[] { "p-001", "p-002", "p-003", "p-004", "nope" }) {
            Admin.given().delete("/api/admin/cache/products/" + id).then().statusCode(200);
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
                .body("total_latency_ms", greaterThan(missFloorMs()))
                .body("ttl_remaining_ms", allOf(greaterThan(25_000), lessThanOrEqualTo(33_000)));

        given().get("/api/products/p-002")
                .then().statusCode(200)
                .header("X-Cache", "HIT")
                .body("hit", is(true))
                .body("record.name", equalTo("Espresso Beans 250g"))
                .body("redis_latency_ms", notNullValue())
                .body("total_latency_ms", lessThanOrEqualTo(100f))
                .body("ttl_remaining_ms", allOf(greaterThan(20_000), lessThanOrEqualTo(33_000)));

        String key = AppKeys.record("p-002");
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
        long pttl = Long.parseLong(redis().cli("PTTL", AppKeys.record("nope")));
        assertTrue(pttl > 0 && pttl <= 5_500, "a not-found sentinel lives at most the negative TTL, PTTL " + pttl);
    }

    @Test
    void updateWritesPrimaryAndInvalidates() {
        given().get("/api/products/p-003").then().statusCode(200).header("X-Cache", "MISS");
        String price = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 9999));

        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"price_cents\", \"value\": \"" + price + "\"}")
                .patch("/api/products/p-003")
                .then().statusCode(200)
                .body("id", equalTo("p-003"))
                .body("field", equalTo("price_cents"))
                .body("value", equalTo(price))
                .body("invalidated", changeFeedMayInvalidateFirst() ? anything() : is(true))
                .body("invalidation_pending", is(false));
        assertEquals("0", redis().cli("EXISTS", AppKeys.record("p-003")));

        given().get("/api/products/p-003")
                .then().statusCode(200)
                .header("X-Cache", "MISS")
                .body("record.price_cents", equalTo(price));
    }

    /** Each row: a PATCH that must be refused with a JSON error, leaving p-001 as it was, cached and in the primary. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown field          | p-001 | {"field": "colour", "value": "red"}               | 400 | unknown field
            negative price         | p-001 | {"field": "price_cents", "value": "-5"}           | 400 | invalid value
            fractional stock       | p-001 | {"field": "stock", "value": "1.5"}                | 400 | invalid value
            the id field           | p-001 | {"field": "id", "value": "p-999"}                 | 400 | field cannot be updated
            empty name             | p-001 | {"field": "name", "value": ""}                    | 400 | invalid value
            no value               | p-001 | {"field": "name"}                                 | 400 | missing value
            truncated JSON         | p-001 | {"field":                                         | 400 | malformed JSON body
            empty body             | p-001 | ``                                                | 400 | missing body
            extra property         | p-001 | {"field": "stock", "value": "5", "id": "p-002"}   | 400 | unknown property
            misspelt property      | p-001 | {"feild": "stock", "value": "5"}                  | 400 | unknown property
            control char in id     | a%01b | {"field": "stock", "value": "1"}                  | 400 | invalid id
            brace in id            | a%7Bb | {"field": "stock", "value": "1"}                  | 400 | invalid id
            unknown product        | p-999 | {"field": "stock", "value": "1"}                  | 404 | product not found
            a key given twice      | p-001 | {"field": "stock", "value": "7", "value": "8"}    | 400 | malformed JSON body
            twice, not last        | p-001 | {"value": "7", "field": "stock", "value": "8"}    | 400 | malformed JSON body
            junk after the object  | p-001 | {"field": "stock", "value": "7"} x                | 400 | malformed JSON body
            a number for a string  | p-001 | {"field": "stock", "value": 7}                    | 400 | malformed JSON body
            leading zeros          | p-001 | {"field": "stock", "value": "007"}                | 400 | invalid value
            a lone surrogate       | p-001 | {"field": "name", "value": "a\\ud800b"}          | 400 | invalid value
            a byte order mark      | p-001 | \uFEFF{"field": "stock", "value": "7"}           | 400 | malformed JSON body
            """)
    void aRejectedUpdateChangesNothing(String name, String id, String body, int status, String error) {
        Map<String, String> before = Products.cached("p-001");
        Admin.given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(body == null ? "" : body)
                .patch("/api/products/" + id)
                .then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", equalTo(error))
                .body("detail", notNullValue());
        Products.assertUnchanged("p-001", before);
    }

    /** The detail says what is wrong in the client's terms, never in Jackson's (Java types, settings). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"field": "stock", "value": "7", "value": "8"}  | the key 'value' is given more than once
            {"field": "stock", "value": "7"} {}             | the body has more after its JSON object
            {"field": "stock", "value": 7}                  | 'value' must be a JSON string
            {"field": "stock", "value": "7"                 | the body is not well-formed JSON (line 1, column 32)
            \uFEFF{"field": "stock", "value": "7"}          | the body starts with a byte order mark, which JSON sent over a network must not (RFC 8259)
            """)
    void aMalformedBodyIsDescribedInJsonTerms(String body, String detail) {
        Admin.given().contentType(ContentType.JSON).body(body).patch("/api/products/p-001")
                .then().statusCode(400)
                .body("error", equalTo("malformed JSON body"))
                .body("detail", equalTo(detail));
    }

    @Test
    void lengthsOverTheLimitsAreRejected() {
        Map<String, String> before = Products.cached("p-001");
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"name\", \"value\": \"" + "x".repeat(201) + "\"}")
                .patch("/api/products/p-001")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid value"));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"1\"}")
                .patch("/api/products/" + "x".repeat(129))
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid id"));
        given().get("/api/products/" + "x".repeat(129))
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid id"));
        Products.assertUnchanged("p-001", before);
    }

    @Test
    void idLengthsAreCountedInCharactersNotUtf16Units() {
        String emoji = "\uD83C\uDF5E";
        given().get("/api/products/" + emoji.repeat(128))
                .then().statusCode(404).body("error", equalTo("product not found"));
        given().get("/api/products/" + emoji.repeat(129))
                .then().statusCode(400).body("error", equalTo("invalid id"));
    }

    @ParameterizedTest(name = "GET /api/products/{0}")
    @CsvSource({ "a%7Bb", "a%7Db", "a%01b" })
    void aReadOfAnIdThatCannotNameAKeyIsRejected(String id) {
        given().urlEncodingEnabled(false).get("/api/products/" + id)
                .then().statusCode(400).contentType(ContentType.JSON).body("error", equalTo("invalid id"));
    }

    /**
     * Sent with the JDK's client, which sends a path as given: RestAssured's removes dot segments itself. Each
     * path is refused before routing, so no PATCH reaches p-001.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PATCH | /api/products/p-001;x
            PATCH | /api/products/p-001;x=y
            GET   | /api/products/.
            GET   | /api/products/./p-001
            PATCH | /api/products/%2e%2e/products/p-001
            GET   | /api/products/%FF
            PATCH | /api/admin/cache/products/p-001;x
            """)
    void aPathWithMoreThanOneFormIsRefusedBeforeRouting(String method, String path) throws Exception {
        Map<String, String> before = Products.cached("p-001");
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path.substring(1)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"field\": \"stock\", \"value\": \"3\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("invalid path", io.restassured.path.json.JsonPath.from(answer.body()).getString("error"));
        Products.assertUnchanged("p-001", before);
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
    void answersAndErrorsCarryTheSecurityHeaders() {
        for (String path : new String[] { "/api/products/p-001", "/api/products/a%7Bb", "/api/nothing-here" }) {
            given().urlEncodingEnabled(false).get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        }
    }

    @Test
    void unknownPathsAnswerJson() {
        given().get("/api/nothing-here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", notNullValue());
        Admin.given().contentType(ContentType.TEXT).body("x").patch("/api/products/p-001")
                .then().statusCode(415).contentType(ContentType.JSON).body("error", notNullValue());
    }
}
