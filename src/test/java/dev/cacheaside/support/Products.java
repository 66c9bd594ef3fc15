package dev.cacheaside.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/** Reads of the application under test over HTTP, for proving that a rejected request changed nothing. */
public final class Products {

    private Products() {
    }

    /** Makes sure {@code id} is cached and returns its record as the cache holds it. */
    public static Map<String, String> cached(String id) {
        given().get("/api/products/" + id).then().statusCode(200);
        return given().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT")
                .extract().jsonPath().getMap("record");
    }

    /**
     * The cache still holds {@code before} for {@code id} (it was neither invalidated nor updated), and so does
     * the primary (read again after an invalidation).
     */
    public static void assertUnchanged(String id, Map<String, String> before) {
        Map<String, String> hit = given().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "HIT")
                .extract().jsonPath().getMap("record");
        assertEquals(before, hit, "the cache entry of " + id);
        Admin.given().delete("/api/admin/cache/products/" + id).then().statusCode(200);
        Map<String, String> loaded = given().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS")
                .extract().jsonPath().getMap("record");
        assertEquals(before, loaded, "the primary's record of " + id);
    }
}
