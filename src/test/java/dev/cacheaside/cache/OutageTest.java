package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.primary.MockPrimaryStore;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.Caches;
import dev.cacheaside.support.ReadersUnderLoad;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.TestCacheConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Redis going away under a running cache: killed and restarted, cut off by a partition, flushed of its
 * scripts, restarted in the middle of a load. Reads must never fail, and a healed partition must never
 * serve a value older than the last write.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class OutageTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    @RedisClientName("proxied")
    ReactiveRedisDataSource proxied;

    @AfterEach
    void redisIsBack() {
        RedisServerResource.proxy().heal();
        if (!"PONG".equals(ping())) {
            RedisServerResource.server().restart();
        }
    }

    private static String ping() {
        try {
            return RedisServerResource.server().cli("PING");
        } catch (IllegalStateException e) {
            return "down";
        }
    }

    private CacheAside cache(ReactiveRedisDataSource connections, MockPrimaryStore primary) {
        return Caches.create(connections, TestCacheConfig.fresh(), primary);
    }

    @Test
    void killingAndRestartingRedisUnderLoadFailsNoRead() throws Exception {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(5));
        Caches.Built built = Caches.of(redis, TestCacheConfig.fresh(), primary);
        CacheAside cache = built.cache();
        GuardedRedis guarded = built.redis();
        Set<CircuitBreakerState> breakerStates = Collections.newSetFromMap(new ConcurrentHashMap<>());
        ReadersUnderLoad readers = ReadersUnderLoad.start(cache, List.of("p-001", "p-002", "p-003", "p-004"), 20, 3,
                () -> breakerStates.add(guarded.breakerState()));

        Thread.sleep(1000);
        readers.nextPhase();
        RedisServerResource.server().stop();
        Thread.sleep(2000);
        RedisServerResource.server().restart();
        Await.until("the breaker to close", AWAIT, () -> guarded.breakerState() == CircuitBreakerState.CLOSED);
        readers.nextPhase();
        Thread.sleep(1500);
        readers.stop();

        assertEquals(0, readers.failures(), "no read failed");
        assertTrue(breakerStates.containsAll(EnumSet.of(CircuitBreakerState.CLOSED, CircuitBreakerState.OPEN)),
                "the breaker opened and closed: " + breakerStates);
        assertEquals(CircuitBreakerState.CLOSED, guarded.breakerState());
        assertTrue(readers.count(1, Outcome.BYPASS) > 0, "reads went to the primary while Redis was down");
        List<Outcome> after = readers.phase(2);
        long hits = readers.count(2, Outcome.HIT);
        assertTrue(after.size() > 100 && hits >= 0.9 * after.size(),
                "hit rate recovered: " + hits + " hits of " + after.size() + " reads after the restart");
        System.out.printf("Redis killed for 2 s under 20 readers: %d reads before, %d during (%d bypassed), %d after (%.1f%% hits), 0 failed%n",
                readers.phase(0).size(), readers.phase(1).size(), readers.count(1, Outcome.BYPASS), after.size(),
                100.0 * hits / after.size());
    }

    @Test
    void aWriteDuringAPartitionIsNotServedStaleOnceItHeals() throws InterruptedException {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(5));
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = Caches.create(proxied, config, primary);
        String key = config.keys().record("p-002");
        assertEquals("1495", cache.get("p-002").await().atMost(AWAIT).record().get("price_cents"));

        RedisServerResource.proxy().cut();
        primary.update("p-002", "price_cents", "777").await().atMost(AWAIT);
        assertEquals(Invalidation.PENDING, cache.invalidate("p-002").await().atMost(AWAIT));
        CacheResult during = cache.get("p-002").await().atMost(AWAIT);
        assertEquals(Outcome.BYPASS, during.outcome());
        assertEquals("777", during.record().get("price_cents"));
        assertEquals("1495", RedisServerResource.server().cli("HGET", key, "price_cents"),
                "Redis still holds the old value: the invalidation never reached it");
        assertEquals(1, cache.stats().pendingInvalidations());

        RedisServerResource.proxy().heal();
        Await.until("reads of p-002 to use Redis again", AWAIT, () -> {
            CacheResult next = cache.get("p-002").await().atMost(AWAIT);
            assertEquals("777", next.record().get("price_cents"), "never the value from before the write");
            return next.outcome() == Outcome.MISS || next.outcome() == Outcome.HIT;
        });
        assertEquals(0, cache.stats().pendingInvalidations());
        assertEquals("777", cache.get("p-002").await().atMost(AWAIT).record().get("price_cents"));
        assertEquals("777", RedisServerResource.server().cli("HGET", key, "price_cents"));
    }

    @Test
    void aRedisTooSlowToAnswerIsBypassedAfterTheTimeout() {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(5));
        CacheAside cache = cache(redis, primary);
        assertEquals(Outcome.MISS, cache.get("p-001").await().atMost(AWAIT).outcome());

        RedisServerResource.server().cli("CLIENT", "PAUSE", "1500", "ALL");
        long start = System.nanoTime();
        CacheResult slow = cache.get("p-001").await().atMost(AWAIT);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Outcome.BYPASS, slow.outcome());
        assertEquals("Sourdough Loaf", slow.record().get("name"));
        assertTrue(tookMs >= 450 && tookMs < 1200, "answered after the 500 ms Redis timeout, not the pause: " + tookMs + " ms");
        sleep(1200);
        assertEquals(Outcome.HIT, awaitCached(cache, "p-001").outcome());
    }

    @Test
    void moreKeptInvalidationsThanTheBoundPurgeTheNamespaceOnRecovery() throws InterruptedException {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ZERO);
        TestCacheConfig config = TestCacheConfig.fresh().withMaxPendingInvalidations(2);
        CacheAside cache = Caches.create(proxied, config, primary);
        List<String> ids = List.of("p-001", "p-002", "p-003", "p-004");
        for (String id : ids) {
            assertEquals(Outcome.MISS, cache.get(id).await().atMost(AWAIT).outcome());
        }
        String otherNamespace = config.withNamespace("other").keys().record("p-001");
        RedisServerResource.server().cli("HSET", otherNamespace, "id", "p-001");

        RedisServerResource.proxy().cut();
        for (String id : List.of("p-001", "p-002", "p-003")) {
            primary.update(id, "stock", "0").await().atMost(AWAIT);
            assertEquals(Invalidation.PENDING, cache.invalidate(id).await().atMost(AWAIT));
        }
        assertEquals(Outcome.BYPASS, cache.get("p-004").await().atMost(AWAIT).outcome(),
                "past the bound no id can be trusted, not even one that was never written");
        RedisServerResource.proxy().heal();

        Await.until("the kept invalidations to be replayed", AWAIT, () -> cache.stats().pendingInvalidations() == 0);
        for (String id : ids) {
            assertEquals("0", RedisServerResource.server().cli("EXISTS", config.keys().record(id)),
                    "the purge deleted " + id);
        }
        assertEquals("1", RedisServerResource.server().cli("EXISTS", otherNamespace), "and nothing outside the namespace");
        for (String id : List.of("p-001", "p-002", "p-003")) {
            assertEquals("0", awaitCached(cache, id).record().get("stock"));
        }
        RedisServerResource.server().cli("DEL", otherNamespace);
    }

    @Test
    void redisRestartInTheMiddleOfALoadFailsNoRequest() {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(400));
        CacheAside cache = cache(redis, primary);

        CompletableFuture<CacheResult> loading = cache.get("p-003").subscribeAsCompletionStage();
        sleep(100);
        RedisServerResource.server().restart();
        CacheResult result = loading.join();
        assertEquals("Olive Oil 500ml", result.record().get("name"));

        CacheResult after = awaitCached(cache, "p-003");
        assertEquals("Olive Oil 500ml", after.record().get("name"));
    }

    @Test
    void scriptFlushInTheMiddleOfALoadFailsNoRequest() {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(300));
        CacheAside cache = cache(redis, primary);

        CompletableFuture<CacheResult> loading = cache.get("p-004").subscribeAsCompletionStage();
        sleep(100);
        RedisServerResource.server().cli("SCRIPT", "FLUSH");
        CacheResult result = loading.join();
        assertEquals(Outcome.MISS, result.outcome());
        assertTrue(result.ttlRemaining() != null, "the fill ran from source after NOSCRIPT");
        assertEquals(Outcome.HIT, cache.get("p-004").await().atMost(AWAIT).outcome());
    }

    @Test
    void aLockLeftByAHolderThatDiedWithRedisRestartDoesNotBlockReads() {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(5));
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = Caches.create(redis, config, primary);
        RedisServerResource.server().cli("SET", config.keys().lock("p-001"), "dead-holder", "PX", "300");
        CacheResult result = cache.get("p-001").await().atMost(AWAIT);
        assertTrue(result.found());
        assertEquals(1, primary.reads());
    }

    /** Reads until the breaker lets a read reach Redis again and it finds the record cached. */
    private static CacheResult awaitCached(CacheAside cache, String id) {
        AtomicReference<CacheResult> last = new AtomicReference<>();
        Await.until(id + " to be a hit", AWAIT, () -> {
            last.set(cache.get(id).await().atMost(AWAIT));
            return last.get().outcome() == Outcome.HIT;
        });
        return last.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
