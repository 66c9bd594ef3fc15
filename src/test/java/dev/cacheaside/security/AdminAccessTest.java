package dev.cacheaside.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Products;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Who may do what, over HTTP only, so that {@link AdminAccessIT} checks the packaged application, which is protected
 * by default: every state-changing route needs role cache-admin, and a refused request changes nothing.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class AdminAccessTest {

    /** Every state-changing route, with a body that would change something if it were let through. */
    private static final String ROUTES = """
            PATCH  | /api/products/p-002                | {"field": "name", "value": "Hacked"}
            PATCH  | /api/admin/cache/products/p-002    | {"field": "name", "value": "Poisoned"}
            DELETE | /api/admin/cache/products/p-002    |
            POST   | /api/admin/stampede                | {"id": "p-002", "concurrency": 5}
            POST   | /api/admin/stats/reset             | {}
            GET    | /api/admin/access                  |
            """;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = ROUTES)
    void anAnonymousCallerGetsA401WithTheBasicChallengeAndChangesNothing(String method, String path, String body) {
        Map<String, String> before = Products.cached("p-002");
        send(given(), method, path, body).then().statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Basic realm=\"cache-aside\", charset=\"UTF-8\"")
                .body("error", is("authentication required"))
                .body("detail", containsString("cache-admin"));
        Products.assertUnchanged("p-002", before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = ROUTES)
    void aWrongPasswordGetsA401AndChangesNothing(String method, String path, String body) {
        Map<String, String> before = Products.cached("p-002");
        send(given().auth().preemptive().basic(Admin.USER, "not-the-password"), method, path, body).then()
                .statusCode(401).contentType(ContentType.JSON)
                .body("error", is("authentication failed"))
                .body("detail", is("wrong user name or password"));
        Products.assertUnchanged("p-002", before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = ROUTES)
    void aUserWithoutTheRoleGetsA403AndChangesNothing(String method, String path, String body) {
        Map<String, String> before = Products.cached("p-002");
        send(Admin.viewer(), method, path, body).then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", is("forbidden"))
                .body("detail", is("this route needs role cache-admin"));
        Products.assertUnchanged("p-002", before);
    }

    @Test
    void aScriptThatSaysSoGetsNoChallengeSoTheBrowserShowsNoDialogOverThePage() {
        given().header("X-Requested-With", "fetch").delete("/api/admin/cache/products/p-002").then()
                .statusCode(401).header("WWW-Authenticate", nullValue()).body("error", is("authentication required"));
    }

    @Test
    void theAdminSignsIn() {
        Admin.given().get("/api/admin/access").then().statusCode(200)
                .body("user", is("admin")).body("role", is("cache-admin")).body("open", is(false));
        Admin.given().delete("/api/admin/cache/products/p-002").then().statusCode(200);
    }

    /** Reads, the page, health and metrics need nobody, and bad credentials on them are not even looked at. */
    @ParameterizedTest
    @ValueSource(strings = { "/", "/api/products", "/api/products/p-001", "/api/stats", "/q/health/ready", "/q/metrics",
            "/demo.js" })
    void readsStayPublic(String path) {
        given().get(path).then().statusCode(200);
        given().auth().preemptive().basic(Admin.USER, "wrong").get(path).then().statusCode(200);
    }

    private static Response send(RequestSpecification request, String method, String path,
            String body) {
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.request(method, path);
    }
}
