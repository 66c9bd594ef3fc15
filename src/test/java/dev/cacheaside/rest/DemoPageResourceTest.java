package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RedisServerResource.class)
class DemoPageResourceTest {

    @Test
    void pageRendersTheIdsAndTheConfiguredTtl() {
        given().accept("text/html").get("/")
                .then().statusCode(200)
                .contentType("text/html")
                .body(containsString("<option value=\"p-001\">p-001</option>"))
                .body(containsString("<option value=\"p-004\">p-004</option>"))
                .body(containsString("data-ttl-ms=\"30000\""))
                .body(containsString("Primary: the in-memory mock"))
                .body(containsString("It is one per process"))
                .body(containsString("max=\"1000\" value=\"20\""))
                .body(containsString("<label for=\"concurrency\">"))
                .body(containsString("href=\"/q/metrics\""))
                .body(not(containsString("http://")))
                .body(not(containsString("https://")));
    }

    /** Outside dev mode an unknown path, page or API, is the API's JSON 404 (dev mode: see .ci/dev-mode-check). */
    @Test
    void anUnknownPathIsAJson404() {
        for (String path : new String[] { "/nope", "/api/nope" }) {
            given().accept("text/html").get(path).then().statusCode(404).contentType("application/json")
                    .body("error", is("not found"));
        }
    }

    @Test
    void thePageCannotBeFramedAndLoadsOnlyItsOwnFiles() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void scriptAndStylesAreServedLocally() {
        given().get("/demo.js").then().statusCode(200).body(containsString("textContent"))
                .body(not(containsString("innerHTML")));
        given().get("/demo.css").then().statusCode(200).body(containsString("@media (max-width: 700px)"));
    }
}
