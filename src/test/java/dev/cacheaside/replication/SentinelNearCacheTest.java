package dev.cacheaside.replication;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.AppKeys;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.RedisReplicasResource;
import dev.cacheaside.support.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The near cache behind a Sentinel: when the master dies, the tracking connection goes with it, the near cache
 * stops answering, and once the Sentinel has promoted the replica, tracking resumes on the new master, so a change
 * made there reaches the near cache.
 */
@QuarkusTest
@TestProfile(SentinelNearCacheTest.WithNearCache.class)
class SentinelNearCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class WithNearCache extends SentinelProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cache.near.enabled", "true");
        }
    }

    @Test
    void afterAFailoverTheNearCacheTracksTheNewMaster() {
        RedisServer master = RedisReplicasResource.master();
        RedisServer replica = RedisReplicasResource.replica();
        Await.until("the near cache tracking", WAIT, () -> "tracking".equals(near()));
        Await.until("a near hit", WAIT, () -> "near_hit".equals(outcome("p-001")));

        master.stop();
        Await.until("the near cache out of use", WAIT, () -> !"tracking".equals(near()));
        Await.until("the Sentinel to promote the replica", WAIT,
                () -> RedisReplicasResource.currentMasterPort() == replica.port());
        Await.until("the near cache tracking the new master", WAIT, () -> "tracking".equals(near()));

        Await.until("a near hit again", WAIT, () -> "near_hit".equals(outcome("p-001")));
        replica.cli("HSET", AppKeys.record("p-001"), "name", "Changed on the new master");
        Await.until("the change on the new master reaches the near cache", Duration.ofSeconds(5),
                () -> "Changed on the new master".equals(
                        given().get("/api/products/p-001").jsonPath().getString("record.name")));
        assertEquals("near_hit", outcome("p-001"));
    }

    private static String near() {
        return given().get("/api/stats").jsonPath().getString("near");
    }

    private static String outcome(String id) {
        return given().get("/api/products/" + id).then().statusCode(200).extract().path("outcome");
    }
}
