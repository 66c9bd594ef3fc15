package dev.cacheaside.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The per-client limit on state-changing requests: a burst, then a steady rate; reads are never limited. */
@QuarkusTest
@TestProfile(WriteLimitTest.SmallBudget.class)
@WithTestResource(RedisServerResource.class)
class WriteLimitTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cache.admin.write-limit.burst", "4", "cache.admin.write-limit.per-second", "0.2");
        }
    }

    @Test
    void aBurstThenA429WithRetryAfterCountingRefusedSignInsTooWhileReadsGoOn() {
        // this application has seen no write yet: the client starts with a full bucket of 4
        // a password guess spends the budget like a real write: guessing is slowed down as much
        given().auth().preemptive().basic(Admin.USER, "guess").delete("/api/admin/cache/products/p-001").then()
                .statusCode(401);
        for (int i = 0; i < 3; i++) {
            Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        }
        Response refused = Admin.given().delete("/api/admin/cache/products/p-001");
        assertEquals(429, refused.statusCode(), refused.asString());
        refused.then().contentType(ContentType.JSON).body("error", is("too many writes"))
                .body("detail", containsString("cache.admin.write-limit"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
        // PATCH of the primary is limited the same way, and refused before it writes anything
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"1\"}")
                .patch("/api/products/p-001").then().statusCode(429);
        // reads are not
        for (int i = 0; i < 50; i++) {
            given().get("/api/products/p-001").then().statusCode(200);
        }
        sleep(retryAfter * 1000);
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
