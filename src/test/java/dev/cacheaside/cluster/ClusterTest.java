package dev.cacheaside.cluster;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Invalidation;
import dev.cacheaside.cache.Outcome;
import dev.cacheaside.primary.MockPrimaryStore;
import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.Caches;
import dev.cacheaside.support.Concurrently;
import dev.cacheaside.support.RedisClusterResource;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.TestCacheConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Every feature on a real three-master Redis Cluster: the hash-tagged keys keep a record and its lock
 * in one slot, so the scripts and the WATCH/MULTI/EXEC update are legal there.
 */
@QuarkusTest
@TestProfile(ClusterProfile.class)
class ClusterTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    @RedisClientName("second")
    ReactiveRedisDataSource second;

    private RedisServer nodeOwning(String key) {
        for (RedisServer node : RedisClusterResource.nodes()) {
            if ("1".equals(node.cli("EXISTS", key))) {
                return node;
            }
        }
        return null;
    }

    @Test
    void readMissThenHitAndStampedeThroughTheRestApi() {
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "MISS");
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT")
                .body("record.name", equalTo("Sourdough Loaf"));

        Admin.given().contentType(ContentType.JSON).body("{\"id\": \"p-002\", \"concurrency\": 50}").post("/api/admin/stampede")
                .then().statusCode(200)
                .body("primary_reads", equalTo(1))
                .body("bypassed", equalTo(0))
                .body("found", is(true));
    }

    @Test
    void updateInvalidatesAndCacheOnlyUpdateUsesATransaction() {
        given().get("/api/products/p-003").then().statusCode(200);
        String stock = Integer.toString(ThreadLocalRandom.current().nextInt(1, 999));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"" + stock + "\"}")
                .patch("/api/products/p-003")
                .then().statusCode(200).body("invalidated", is(true));
        given().get("/api/products/p-003").then().header("X-Cache", "MISS").body("record.stock", equalTo(stock));

        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"5\"}")
                .patch("/api/admin/cache/products/p-003")
                .then().statusCode(200).body("updated", is(true));
        given().get("/api/products/p-003").then().header("X-Cache", "HIT").body("record.stock", equalTo("5"));
        Admin.given().delete("/api/admin/cache/products/p-003").then().statusCode(200).body("deleted", is(true));
        Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"6\"}")
                .patch("/api/admin/cache/products/p-003")
                .then().statusCode(200).body("updated", is(false));
    }

    @Test
    void recordsAreSpreadOverTheNodesAndEachLockSharesItsRecordsSlot() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = Caches.create(redis, config, new MockPrimaryStore(Duration.ZERO));
        Set<Integer> owners = new HashSet<>();
        for (String id : List.of("p-001", "p-002", "p-003", "p-004")) {
            assertTrue(cache.get(id).await().atMost(AWAIT).found());
            RedisServer owner = nodeOwning(config.keys().record(id));
            owners.add(owner.port());
            assertEquals(owner.cli("CLUSTER", "KEYSLOT", config.keys().record(id)),
                    owner.cli("CLUSTER", "KEYSLOT", config.keys().lock(id)));
        }
        assertTrue(owners.size() >= 2, "four records on " + owners.size() + " node(s): a real cluster spreads them");
    }

    @Test
    void twoInstancesRacingOnAColdKeyReadThePrimaryOnce() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(150));
        CacheAside one = Caches.create(redis, config, primary);
        CacheAside two = Caches.create(second, config, primary);

        List<CacheResult> results = Concurrently.all(200, 20, i -> (i % 2 == 0 ? one : two).get("p-004"));

        assertEquals(1, primary.reads());
        assertEquals(200, results.stream().filter(CacheResult::found).count());
    }

    @Test
    void slowLoadCannotPutBackAnOldValueAfterAnUpdate() throws InterruptedException {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(400));
        CacheAside cache = Caches.create(redis, config, primary);

        CompletableFuture<CacheResult> slow = cache.get("p-001").subscribeAsCompletionStage();
        Thread.sleep(100);
        primary.update("p-001", "price_cents", "999").await().atMost(AWAIT);
        assertEquals(Invalidation.NOT_CACHED, cache.invalidate("p-001").await().atMost(AWAIT));
        assertNull(slow.join().ttlRemaining(), "the fill was refused");
        assertNull(nodeOwning(config.keys().record("p-001")));
        CacheResult next = cache.get("p-001").await().atMost(AWAIT);
        assertEquals(Outcome.MISS, next.outcome());
        assertEquals("999", next.record().get("price_cents"));
    }

    /**
     * A cluster cannot be purged (one SCAN sees one node), so past the bound of kept invalidations the
     * reads bypass Redis until every entry from before the overflow has expired, then use it again.
     */
    @Test
    void anOverflowOfKeptInvalidationsBypassesTheClusterUntilTheOldEntriesExpired() throws InterruptedException {
        TestCacheConfig config = TestCacheConfig.fresh().withTtl(Duration.ofSeconds(2)).withMaxPendingInvalidations(2);
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ZERO);
        CacheAside cache = Caches.create(redis, config, primary);
        for (String id : List.of("p-001", "p-002", "p-003", "p-004")) {
            assertTrue(cache.get(id).await().atMost(AWAIT).found());
        }
        RedisClusterResource.nodes().forEach(node -> node.cli("CLIENT", "PAUSE", "3000", "ALL"));
        for (String id : List.of("p-001", "p-002", "p-003")) {
            primary.update(id, "stock", "0").await().atMost(AWAIT);
            assertEquals(Invalidation.PENDING, cache.invalidate(id).await().atMost(AWAIT));
        }
        assertEquals(Outcome.BYPASS, cache.get("p-004").await().atMost(AWAIT).outcome());

        Await.until("reads of p-001 to use the cluster again", AWAIT, () -> {
            CacheResult read = cache.get("p-001").await().atMost(AWAIT);
            assertEquals("0", read.record().get("stock"), "never the value from before the write");
            return read.outcome() == Outcome.MISS || read.outcome() == Outcome.HIT;
        });
        assertEquals(0, cache.stats().pendingInvalidations());
        assertEquals(Outcome.HIT, cache.get("p-001").await().atMost(AWAIT).outcome());
    }

    @Test
    void scriptsFlushedOnEveryNodeAreRunFromSource() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = Caches.create(redis, config, new MockPrimaryStore(Duration.ZERO));
        RedisClusterResource.nodes().forEach(node -> node.cli("SCRIPT", "FLUSH"));
        for (String id : List.of("p-001", "p-002", "p-003", "p-004")) {
            assertEquals(Outcome.MISS, cache.get(id).await().atMost(AWAIT).outcome());
            assertEquals(Outcome.HIT, cache.get(id).await().atMost(AWAIT).outcome());
        }
    }
}
