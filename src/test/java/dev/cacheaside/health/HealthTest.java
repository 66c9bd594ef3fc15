package dev.cacheaside.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Liveness and readiness while Redis is up, over HTTP only, so {@link HealthIT} runs it on the packaged app. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class HealthTest {

    @Test
    void liveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", contains("Cache-aside"))
                .body("checks[0].data.redis", equalTo("up"))
                .body("checks[0].data.scripts", equalTo("loaded"))
                .body("checks[0].data.primary", equalTo("reachable"))
                .body("checks[0].data.primary_kind", equalTo("mock"))
                .body("checks[0].data.primary_changes", equalTo("none"))
                .body("checks[0].data.mode", equalTo("cache"))
                .body("checks[0].data.breaker", equalTo("closed"))
                .body("checks[0].data.pending_invalidations", equalTo(0))
                .body("checks[0].data.redis_address",
                        equalTo("redis://127.0.0.1:" + RedisServerResource.server().port()));
    }

    @Test
    void theRedisPasswordIsNeverShown() {
        String password = RedisServerResource.server().password();
        given().get("/q/health").then().statusCode(200).body(not(containsString(password)));
        given().accept("text/plain").get("/q/metrics").then().statusCode(200).body(not(containsString(password)));
        given().get("/q/health/ready").then().body("checks[0].data.redis_address", startsWith("redis://127.0.0.1:"));
    }
}
