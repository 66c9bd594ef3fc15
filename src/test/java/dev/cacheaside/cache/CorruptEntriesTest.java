package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.primary.MockPrimaryStore;
import dev.cacheaside.support.Caches;
import dev.cacheaside.support.Concurrently;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.TestCacheConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** Keys of this cache holding what the cache did not write: a fault of that one entry, never an outage. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class CorruptEntriesTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveRedisDataSource redis;

    RedisServer server() {
        return RedisServerResource.server();
    }

    @Test
    void aRecordKeyOfTheWrongTypeHurtsOnlyItsIdAndIsReplacedByTheFill() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(20));
        Caches.Built built = Caches.of(redis, config, primary);
        CacheAside cache = built.cache();
        assertEquals(Outcome.MISS, cache.get("p-002").await().atMost(AWAIT).outcome());
        server().cli("SET", config.keys().record("p-001"), "x");

        List<CacheResult> reads = Concurrently.all(200, 8, i -> cache.get(i % 2 == 0 ? "p-001" : "p-002"));

        assertEquals(200, reads.stream().filter(CacheResult::found).count(), "every read answered");
        assertTrue(reads.stream().filter(r -> r.id().equals("p-002")).allMatch(r -> r.outcome() == Outcome.HIT),
                "the healthy id kept its hits");
        assertEquals(0, reads.stream().filter(r -> r.outcome() == Outcome.BYPASS).count(), "nothing bypassed Redis");
        assertEquals(CircuitBreakerState.CLOSED, built.redis().breakerState(), "a data error is no outage");
        assertEquals("hash", server().cli("TYPE", config.keys().record("p-001")), "the fill replaced the bad key");
        assertTrue(Long.parseLong(server().cli("PTTL", config.keys().record("p-001"))) > 0);
        assertEquals(2, primary.reads(), "one load of each id");
        assertEquals(Outcome.HIT, cache.get("p-001").await().atMost(AWAIT).outcome());
    }

    @Test
    void aLockLeftWithoutTtlHoldsReadersOffForOneLockTtlAtMost() {
        TestCacheConfig config = TestCacheConfig.fresh().withLockTtl(Duration.ofMillis(300));
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(20));
        CacheAside cache = Caches.create(redis, config, primary);
        server().cli("SET", config.keys().lock("p-003"), "stray");

        long start = System.nanoTime();
        CacheResult result = cache.get("p-003").await().atMost(AWAIT);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(result.found());
        assertTrue(tookMs < 1_500, "waited about one lock TTL, not load-timeout + lock TTL: " + tookMs + " ms");
        assertEquals(1, primary.reads());
    }

    @Test
    void aLockKeyOfTheWrongTypeIsTreatedTheSame() {
        TestCacheConfig config = TestCacheConfig.fresh().withLockTtl(Duration.ofMillis(300));
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(20));
        CacheAside cache = Caches.create(redis, config, primary);
        server().cli("HSET", config.keys().lock("p-004"), "not", "a-lock");

        CacheResult result = cache.get("p-004").await().atMost(AWAIT);

        assertTrue(result.found());
        assertTrue(result.ttlRemaining() != null, "and the fill went in once the stray key expired");
        assertEquals(1, primary.reads());
    }

    @Test
    void aFieldUpdateOfAKeyOfTheWrongTypeFindsNoCachedRecord() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = Caches.create(redis, config, new MockPrimaryStore(Duration.ZERO));
        server().cli("SET", config.keys().record("p-001"), "x");
        assertFalse(cache.updateField("p-001", "stock", "1").await().atMost(AWAIT));
        assertEquals("x", server().cli("GET", config.keys().record("p-001")), "and left it alone");
    }
}
