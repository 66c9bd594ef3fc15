package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cacheaside.support.Products;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /api/admin/stampede}: many simultaneous reads of a key that was just invalidated. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class StampedeResourceTest {

    @Test
    void stampedeOfFiftyReadersCostsOnePrimaryRead() {
        given().contentType(ContentType.JSON).body("{\"id\": \"p-001\", \"concurrency\": 50}")
                .post("/api/admin/stampede")
                .then().statusCode(200)
                .body("id", equalTo("p-001"))
                .body("concurrency", equalTo(50))
                .body("primary_reads", equalTo(1))
                .body("misses", equalTo(1))
                .body("coalesced", equalTo(49))
                .body("found", is(true))
                .body("readers.size()", equalTo(50));
    }

    /** Each row: a stampede that must be refused before it invalidates anything, so p-001 stays cached. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one reader            | {"id": "p-001", "concurrency": 1}     | concurrency out of range
            over the maximum      | {"id": "p-001", "concurrency": 1001}  | concurrency out of range
            no concurrency        | {"id": "p-001"}                       | concurrency out of range
            no id                 | {"concurrency": 5}                    | missing id
            an array              | [1, 2]                                | malformed JSON body
            fractional readers    | {"id": "p-001", "concurrency": 2.5}   | malformed JSON body
            misspelt property     | {"id": "p-001", "concurency": 50}     | unknown property
            brace in id           | {"id": "p-{1}", "concurrency": 5}     | invalid id
            a string for a number | {"id": "p-001", "concurrency": "5"}   | malformed JSON body
            a number for a string | {"id": 1, "concurrency": 5}           | malformed JSON body
            """)
    void aRejectedStampedeChangesNothing(String name, String body, String error) {
        Map<String, String> before = Products.cached("p-001");
        given().contentType(ContentType.JSON).body(body).post("/api/admin/stampede")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo(error))
                .body("detail", notNullValue());
        Products.assertUnchanged("p-001", before);
    }
}
