package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.primary.MockPrimaryStore;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.Caches;
import dev.cacheaside.support.HotKeyReads;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.TestCacheConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Refresh-ahead (XFetch) against a real Redis: hot keys reload before they expire, once, under the lease. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class RefreshAheadTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    @RedisClientName("second")
    ReactiveRedisDataSource second;

    @Test
    void theDrawFiresOnlyCloseToExpiryRelativeToTheLoadTime() {
        assertFalse(RefreshAhead.due(30_000, 150, 1.0, 0.5), "30 s left, a 150 ms load: not yet");
        assertTrue(RefreshAhead.due(100, 150, 1.0, 0.5), "100 ms left: -ln(0.5) * 150 = 104 ms");
        assertFalse(RefreshAhead.due(110, 150, 1.0, 0.5));
        assertTrue(RefreshAhead.due(110, 150, 2.0, 0.5), "a larger beta reloads earlier");
        assertTrue(RefreshAhead.due(5_000, 150, 1.0, 1e-30), "a rare draw may fire early");
        assertFalse(RefreshAhead.due(1, 150, 1.0, 1.0), "-ln(1) = 0: never at a draw of 1");
    }

    /**
     * Two instances read one key with a 1 s TTL for 3.5 s. The key must never expire under them: after the
     * first load every read is a hit, and the primary is read once per refresh, never twice for one.
     */
    @Test
    void aHotKeyIsReloadedBeforeItExpiresOncePerRefreshAcrossInstances() throws Exception {
        TestCacheConfig config = TestCacheConfig.fresh().withTtl(Duration.ofSeconds(1));
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(100));
        CacheAside one = Caches.create(redis, config, primary);
        CacheAside two = Caches.create(second, config, primary);
        assertEquals(Outcome.MISS, one.get("p-002").await().atMost(AWAIT).outcome());

        HotKeyReads seen = HotKeyReads.run(one, two, primary, "p-002", Duration.ofMillis(3_500));

        long refreshes = seen.refreshes();
        long reads = seen.reads();
        long hits = seen.count(Outcome.HIT);
        assertEquals(0, seen.failures());
        assertEquals(reads, hits, "every read was a hit: none found the key expired");
        assertTrue(refreshes >= 2, "3.5 s of a 1 s TTL needs at least 2 reloads: " + refreshes);
        assertEquals(1 + refreshes, primary.reads(), "one primary read per refresh");
        System.out.printf("hot key, 1 s TTL, 3.5 s, two instances: %d reads, all hits, %d refreshes, %d primary reads%n",
                reads, refreshes, primary.reads());
    }

    /** A refresh that read the old value before a write must not put it back after the write's invalidation. */
    @Test
    void aWriteDuringARefreshIsNotUndoneByIt() {
        TestCacheConfig config = TestCacheConfig.fresh().withRefreshBeta(100);
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(400));
        CacheAside cache = Caches.create(redis, config, primary);
        String key = config.keys().record("p-001");
        assertEquals(Outcome.MISS, cache.get("p-001").await().atMost(AWAIT).outcome());

        // with beta 100 and a 400 ms load, a hit with 30 s left is all but certain to start a reload
        Await.until("a hit to start a refresh", AWAIT, () -> {
            cache.get("p-001").await().atMost(AWAIT);
            return primary.reads() == 2;
        });
        primary.update("p-001", "price_cents", "111").await().atMost(AWAIT);
        assertEquals(Invalidation.DELETED, cache.invalidate("p-001").await().atMost(AWAIT));

        sleep(600);
        assertEquals("0", RedisServerResource.server().cli("EXISTS", key), "the refresh's fill was refused");
        CacheResult next = cache.get("p-001").await().atMost(AWAIT);
        assertEquals(Outcome.MISS, next.outcome());
        assertEquals("111", next.record().get("price_cents"));
    }

    @Test
    void offMeansAHotKeyExpiresUnderItsReaders() {
        TestCacheConfig config = TestCacheConfig.fresh().withTtl(Duration.ofMillis(300)).withRefreshBeta(0);
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(20));
        CacheAside cache = Caches.create(redis, config, primary);
        assertEquals(Outcome.MISS, cache.get("p-003").await().atMost(AWAIT).outcome());
        Await.until("the entry to expire and be loaded again", AWAIT,
                () -> cache.get("p-003").await().atMost(AWAIT).outcome() == Outcome.MISS);
        assertEquals(0, cache.stats().refreshes());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
