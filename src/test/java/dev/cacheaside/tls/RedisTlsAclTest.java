package dev.cacheaside.tls;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.AppKeys;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.RedisTlsAclResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The service on a Redis it reaches over TLS only (a certificate made by the test, verified against its CA and
 * the host name), signed in as an ACL user limited to the cache's keys and commands: every feature works, Redis
 * refused nothing, and that user can do nothing else. The near cache is on: its tracking connection runs as that
 * user too.
 */
@QuarkusTest
@WithTestResource(RedisTlsAclResource.class)
class RedisTlsAclTest {

    @Test
    void everyFeatureWorksOverTlsAsTheLimitedUserAndRedisRefusedNothing() {
        RedisTlsAclResource.server().cli("ACL", "LOG", "RESET");
        given().get("/q/health/ready").then().statusCode(200).body("checks[0].data.redis", is("up"));
        Await.until("the near cache tracking", Duration.ofSeconds(10),
                () -> "tracking".equals(given().get("/api/stats").jsonPath().getString("near")));

        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "MISS");
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT");
        given().get("/api/products/p-001").then().statusCode(200).body("outcome", is("near_hit"));
        given().get("/api/products/nope").then().statusCode(404);
        given().get("/api/products/nope").then().statusCode(404).header("X-Cache", "HIT");

        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"11\"}")
                .patch("/api/admin/cache/products/p-001").then().statusCode(200).body("updated", is(true));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"12\"}")
                .patch("/api/products/p-001").then().statusCode(200).body("invalidated", is(true));
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "MISS").body("record.stock", is("12"));
        RedisTlsAclResource.cliAsServiceUser("HSET", AppKeys.record("p-001"), "stock", "13");
        Await.until("the near cache hears of a change made by another client", Duration.ofSeconds(10),
                () -> "13".equals(given().get("/api/products/p-001").jsonPath().getString("record.stock")));

        Admin.given().contentType(ContentType.JSON).body("{\"id\": \"p-002\", \"concurrency\": 50}")
                .post("/api/admin/stampede").then().statusCode(200).body("primary_reads", is(1));

        assertEquals("", RedisTlsAclResource.server().cli("ACL", "LOG"), "Redis refused none of the service's commands");
        assertTrue(RedisTlsAclResource.cliAsServiceUser("HGETALL", AppKeys.record("p-001")).contains("13"));
    }

    @Test
    void theServiceUserCanTouchNothingButTheCachesKeys() {
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("SET", "session:1", "x"));
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("GET", "session:1"));
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("FLUSHALL"));
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("CONFIG", "GET", "requirepass"));
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("KEYS", "*"));
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("SUBSCRIBE", "anything"));
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("CLIENT", "KILL", "TYPE", "normal"));
        // a script runs with the caller's rights: it cannot reach other keys either
        assertNoPermission(RedisTlsAclResource.cliAsServiceUser("EVAL", "return redis.call('SET', KEYS[1], 'x')", "1",
                "session:1"));
        assertEquals("0", RedisTlsAclResource.server().cli("EXISTS", "session:1"));
    }

    @Test
    void theTlsPortRefusesAClientThatDoesNotTrustItsCertificateAuthority() {
        String answer = RedisTlsAclResource.cliAsServiceUserWithoutTheCa("PING");
        assertTrue(!answer.contains("PONG"), answer);
    }

    private static void assertNoPermission(String answer) {
        assertTrue(answer.contains("NOPERM"), answer);
    }
}
