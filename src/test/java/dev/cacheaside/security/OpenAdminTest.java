package dev.cacheaside.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** {@code cache.admin.open=true}, as in dev mode: every caller may use the admin routes, signed in or not. */
@QuarkusTest
@TestProfile(OpenAdminTest.Open.class)
@WithTestResource(RedisServerResource.class)
class OpenAdminTest {

    public static class Open implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cache.admin.open", "true");
        }
    }

    @Test
    void anAnonymousCallerMayWriteAndIsToldTheRoutesAreOpen() {
        given().get("/api/admin/access").then().statusCode(200)
                .body("user", nullValue()).body("role", is("cache-admin")).body("open", is(true));
        given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"41\"}")
                .patch("/api/products/p-003").then().statusCode(200);
        given().get("/api/products/p-003").then().statusCode(200).body("record.stock", is("41"));
    }

    @Test
    void aSignedInCallerIsStillNamed() {
        Admin.given().get("/api/admin/access").then().statusCode(200).body("user", is("admin")).body("open", is(true));
    }

    @Test
    void wrongCredentialsAreStillRefused() {
        given().auth().preemptive().basic(Admin.USER, "wrong").get("/api/admin/access").then().statusCode(401);
    }
}
