package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

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
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /api/admin/cache/products/{id}}: cache-only operations, leaving the primary alone. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class CacheAdminResourceTest {

    RedisServer redis() {
        return RedisServerResource.server();
    }

    @BeforeEach
    void startCold() {
        for (String id : new String[] { "p-001", "p-004" }) {
            Admin.given().delete("/api/admin/cache/products/" + id).then().statusCode(200);
        }
    }

    @Test
    void cacheOnlyUpdateAppliesOnlyWhenCachedAndKeepsExpiry() {
        String key = AppKeys.record("p-004");
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"7\"}")
                .patch("/api/admin/cache/products/p-004")
                .then().statusCode(200).body("updated", is(false));
        assertEquals("0", redis().cli("EXISTS", key), "no partial record appears");

        given().get("/api/products/p-004").then().statusCode(200);
        long before = Long.parseLong(redis().cli("PTTL", key));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"7\"}")
                .patch("/api/admin/cache/products/p-004")
                .then().statusCode(200).body("updated", is(true));
        long after = Long.parseLong(redis().cli("PTTL", key));
        assertTrue(after > 0 && after <= before, "expiry kept: " + before + " then " + after);
        given().get("/api/products/p-004")
                .then().header("X-Cache", "HIT").body("record.stock", equalTo("7"));
        Admin.given().delete("/api/admin/cache/products/p-004").then().statusCode(200);
        given().get("/api/products/p-004")
                .then().header("X-Cache", "MISS").body("record.stock", equalTo("60"));
    }

    @Test
    void deleteReportsWhetherAnEntryWasCached() {
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200)
                .body("id", equalTo("p-001")).body("deleted", is(false)).body("pending", nullValue());
        given().get("/api/products/p-001").then().statusCode(200);
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200).body("deleted", is(true));
    }

    /** Each row: a cache-only update that must be refused with a JSON error, leaving p-001 as it was. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not an integer      | p-001 | {"field": "price_cents", "value": "abc"}  | invalid value
            unknown field       | p-001 | {"field": "colour", "value": "red"}       | unknown field
            the id field        | p-001 | {"field": "id", "value": "p-002"}         | field cannot be updated
            empty body          | p-001 | ``                                        | missing body
            misspelt property   | p-001 | {"feild": "stock", "value": "5"}          | unknown property
            brace in id         | a%7Db | {"field": "stock", "value": "1"}          | invalid id
            """)
    void aRejectedCacheUpdateChangesNothing(String name, String id, String body, String error) {
        Map<String, String> before = Products.cached("p-001");
        Admin.given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(body == null ? "" : body)
                .patch("/api/admin/cache/products/" + id)
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo(error))
                .body("detail", notNullValue());
        Products.assertUnchanged("p-001", before);
    }
}
