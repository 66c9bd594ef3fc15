package dev.cacheaside.replication;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.support.Admin;
import dev.cacheaside.support.AppKeys;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.RedisReplicasResource;
import dev.cacheaside.support.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The README's primary-and-replicas configuration ({@code client-type=replication}, {@code replicas=never}): every
 * command, scripts and transactions included, goes to the master; the replica only receives their effects.
 */
@QuarkusTest
@TestProfile(ReplicationProfile.class)
class ReplicationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    CacheAside cache;

    @Test
    void everyFeatureWorksAndNothingRunsOnTheReplica() {
        RedisServer master = RedisReplicasResource.master();
        RedisServer replica = RedisReplicasResource.replica();
        String key = AppKeys.record("p-003");

        Admin.given().delete("/api/admin/cache/products/p-003").then().statusCode(200);
        given().get("/api/products/p-003").then().statusCode(200).header("X-Cache", "MISS");
        given().get("/api/products/p-003").then().statusCode(200).header("X-Cache", "HIT")
                .body("record.name", equalTo("Olive Oil 500ml"));
        Await.until("the entry to reach the replica", WAIT, () -> "1".equals(replica.cli("EXISTS", key)));

        Admin.given().contentType(ContentType.JSON).body("{\"id\": \"p-001\", \"concurrency\": 50}").post("/api/admin/stampede")
                .then().statusCode(200).body("primary_reads", equalTo(1)).body("bypassed", equalTo(0));

        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"3\"}")
                .patch("/api/admin/cache/products/p-003")
                .then().statusCode(200).body("updated", is(true));
        given().get("/api/products/p-003").then().header("X-Cache", "HIT").body("record.stock", equalTo("3"));

        String price = Integer.toString(ThreadLocalRandom.current().nextInt(100, 999));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"price_cents\", \"value\": \"" + price + "\"}")
                .patch("/api/products/p-003")
                .then().statusCode(200).body("invalidated", is(true));
        Await.until("the invalidation to reach the replica", WAIT, () -> "0".equals(replica.cli("EXISTS", key)));
        given().get("/api/products/p-003").then().header("X-Cache", "MISS").body("record.price_cents", equalTo(price));

        assertTrue(master.commandCalls("evalsha") > 0);
        assertTrue(master.commandCalls("exec") > 0, "the cache-only update ran its transaction on the master");
        // the replica's stats count what replication applied, scripts' and transactions' effects wrapped in
        // MULTI/EXEC; a script itself, or the WATCH of an optimistic update, would only appear there if sent to it
        assertEquals(0, replica.commandCalls("evalsha") + replica.commandCalls("eval") + replica.commandCalls("watch"),
                "no script or optimistic transaction ran on the replica: " + replica.cli("INFO", "commandstats"));
    }
}
