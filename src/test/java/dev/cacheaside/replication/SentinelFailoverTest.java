package dev.cacheaside.replication;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.Outcome;
import dev.cacheaside.support.Admin;
import dev.cacheaside.support.AppKeys;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.ReadersUnderLoad;
import dev.cacheaside.support.RedisReplicasResource;
import dev.cacheaside.support.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A real Sentinel failover under load: the master is killed, the Sentinel promotes the replica (which holds a
 * copy of every entry), and the application, a sentinel client, follows it. No read fails, and a write made
 * while there was no master is not served stale from the replica's copy once it is promoted.
 */
@QuarkusTest
@TestProfile(SentinelProfile.class)
class SentinelFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final List<String> IDS = List.of("p-001", "p-002", "p-003", "p-004");

    @Inject
    CacheAside cache;

    @Test
    void aFailoverFailsNoReadAndLosesNoInvalidation() throws Exception {
        RedisServer master = RedisReplicasResource.master();
        RedisServer replica = RedisReplicasResource.replica();
        for (String id : IDS) {
            Admin.given().delete("/api/admin/cache/products/" + id).then().statusCode(200);
            given().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        }
        String oldPrice = given().get("/api/products/p-002").then().header("X-Cache", "HIT")
                .extract().path("record.price_cents");
        String key = AppKeys.record("p-002");
        Await.until("the replica to hold the entry", WAIT, () -> "1".equals(replica.cli("EXISTS", key)));
        assertEquals(oldPrice, replica.cli("HGET", key, "price_cents"),
                "the replica holds a copy that would turn stale");

        ReadersUnderLoad readers = ReadersUnderLoad.start(cache, IDS, 10, 3, () -> {
        });
        Thread.sleep(500);
        readers.nextPhase();
        master.stop();
        long killed = System.nanoTime();
        String newPrice = Integer.toString(ThreadLocalRandom.current().nextInt(2000, 9000));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"price_cents\", \"value\": \"" + newPrice + "\"}")
                .patch("/api/products/p-002")
                .then().statusCode(200).body("invalidated", is(false)).body("invalidation_pending", is(true));

        Await.until("the Sentinel to promote the replica", WAIT,
                () -> RedisReplicasResource.currentMasterPort() == replica.port());
        long promoted = System.nanoTime();
        Await.until("the kept invalidation to be replayed on the new master", WAIT,
                () -> cache.stats().pendingInvalidations() == 0);
        readers.nextPhase();
        Thread.sleep(1500);
        readers.stop();

        assertEquals(0, readers.failures(), "no read failed");
        assertTrue(readers.count(1, Outcome.BYPASS) > 0, "reads went to the primary while there was no master");
        List<Outcome> after = readers.phase(2);
        long hits = readers.count(2, Outcome.HIT);
        assertTrue(after.size() > 100 && hits >= 0.9 * after.size(),
                "hits came back from the new master: " + hits + " of " + after.size());
        assertTrue(replica.cli("INFO", "replication").contains("role:master"));
        given().get("/api/products/p-002").then().statusCode(200)
                .body("record.price_cents", equalTo(newPrice));
        assertTrue(replica.commandCalls("eval") >= 1, "the scripts were loaded again on the new master (NOSCRIPT)");
        System.out.printf("Sentinel failover: promoted %d ms after the kill; %d reads during it (%d bypassed), "
                + "%d after (%.1f%% hits), 0 failed%n",
                TimeUnit.NANOSECONDS.toMillis(promoted - killed), readers.phase(1).size(),
                readers.count(1, Outcome.BYPASS), after.size(), 100.0 * hits / after.size());
    }
}
