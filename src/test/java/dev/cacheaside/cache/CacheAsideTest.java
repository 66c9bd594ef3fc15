package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.primary.MockPrimaryStore;
import dev.cacheaside.support.Caches;
import dev.cacheaside.support.Concurrently;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.TestCacheConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The cache-aside core against a real Redis. Each test builds its own cache instances in a namespace
 * of its own, with a primary store of its own whose read counter is the witness of every claim.
 * A "second instance" uses the {@code second} Redis client: its own connections, as another replica has.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class CacheAsideTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    @RedisClientName("second")
    ReactiveRedisDataSource second;

    @Inject
    @RedisClientName("proxied")
    ReactiveRedisDataSource third;

    RedisServer server() {
        return RedisServerResource.server();
    }

    CacheAside cache(ReactiveRedisDataSource connections, TestCacheConfig config, MockPrimaryStore primary) {
        return Caches.create(connections, config, primary);
    }

    @Test
    void aReaderWhoGoesAwayDoesNotCancelTheLookupOthersWait() throws Exception {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(300));
        CacheAside cache = cache(redis, config, primary);

        Cancellable first = cache.get("p-001").subscribe().with(result -> {
        });
        CompletableFuture<CacheResult> waiting = cache.get("p-001").subscribeAsCompletionStage().toCompletableFuture();
        Cancellable joined = cache.get("p-001").subscribe().with(result -> {
        });
        first.cancel();
        joined.cancel();

        CacheResult result = waiting.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(result.found());
        assertTrue(result.coalesced(), "it joined the first reader's lookup");
        assertEquals(1, primary.reads(), "the lookup went on without the reader who started it");
        assertEquals(Outcome.HIT, cache.get("p-001").await().atMost(AWAIT).outcome(), "and its fill landed");
    }

    @Test
    void missThenHitReturnsSameRecordAndStoresHashWithTtl() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ofMillis(50)));

        CacheResult miss = cache.get("p-001").await().atMost(AWAIT);
        CacheResult hit = cache.get("p-001").await().atMost(AWAIT);

        assertEquals(Outcome.MISS, miss.outcome());
        assertEquals(Outcome.HIT, hit.outcome());
        assertEquals(miss.record(), hit.record());
        assertEquals("Sourdough Loaf", hit.record().get("name"));
        String key = config.keys().record("p-001");
        assertEquals("p-001\nSourdough Loaf\n650\n42", server().cli("HMGET", key, "id", "name", "price_cents", "stock"));
        long pttl = Long.parseLong(server().cli("PTTL", key));
        assertTrue(pttl > 26_000 && pttl <= 33_000, "PTTL within the TTL and its 10% jitter: " + pttl);
        assertTrue(hit.ttlRemaining().toMillis() <= miss.ttlRemaining().toMillis());
        long ttl = cache.ttl("p-001").await().atMost(AWAIT).toMillis();
        assertTrue(ttl > 0 && ttl <= pttl, "ttl(id) reads the entry's PTTL: " + ttl);
        assertNull(cache.ttl("p-002").await().atMost(AWAIT), "nothing cached, no TTL");
        assertEquals(CacheStatsOf.of(1, 1, 0, 0, 0, 1), CacheStatsOf.of(cache.stats()));
    }

    @Test
    void thousandConcurrentReadsOfAColdKeyCostOnePrimaryReadAndTwoScriptCalls() {
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(150));
        CacheAside cache = cache(redis, TestCacheConfig.fresh(), primary);
        server().cli("CONFIG", "RESETSTAT");

        List<CacheResult> results = Concurrently.all(1000, 50, i -> cache.get("p-002"));

        long evalsha = server().commandCalls("evalsha");
        // a near cache's tracking connection, when there is one, sends a PING now and then: not the readers' doing
        long total = server().totalCalls() - server().commandCalls("ping");
        assertEquals(1, primary.reads());
        assertEquals(1000, results.stream().filter(CacheResult::found).count());
        assertEquals(999, results.stream().filter(CacheResult::coalesced).count());
        assertEquals(2, evalsha, () -> "one lookup that takes the lock, one fill: " + server().cli("INFO", "commandstats"));
        assertTrue(total <= 15, "Redis commands for 1000 readers, inner script commands included: " + total);
        System.out.printf("1000 cold readers: %d primary read, %d EVALSHA, %d Redis commands in all%n",
                primary.reads(), evalsha, total);
    }

    @Test
    void aHitIsOneHgetallAndOnePttlWithNoScriptAndNoLock() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ZERO));
        cache.get("p-004").await().atMost(AWAIT);
        server().cli("CONFIG", "RESETSTAT");

        for (int i = 0; i < 100; i++) {
            assertEquals(Outcome.HIT, cache.get("p-004").await().atMost(AWAIT).outcome());
        }

        assertEquals(100, server().commandCalls("hgetall"));
        assertEquals(100, server().commandCalls("pttl"));
        for (String other : List.of("evalsha", "eval", "set", "hset", "del", "pexpire", "exists")) {
            assertEquals(0, server().commandCalls(other),
                    () -> "a hit runs no script, takes no lock, writes nothing: " + server().cli("INFO", "commandstats"));
        }
    }

    @Test
    void twoInstancesRacingOnAColdKeyReadThePrimaryOnce() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(150));
        CacheAside one = cache(redis, config, primary);
        CacheAside two = cache(second, config, primary);

        List<CacheResult> results = Concurrently.all(200, 20, i -> (i % 2 == 0 ? one : two).get("p-003"));

        assertEquals(1, primary.reads());
        assertEquals(200, results.stream().filter(CacheResult::found).count());
        assertEquals(2, results.stream().filter(r -> !r.coalesced()).count(), "one lookup per instance");
        assertEquals(1, results.stream().filter(r -> !r.coalesced() && r.outcome() == Outcome.SUPPRESSED).count(),
                "the instance that lost the lock waited for the other's fill");
        assertEquals(1, one.stats().stampedesSuppressed() + two.stats().stampedesSuppressed());
    }

    @Test
    void aStampedeSpreadOverThreeInstancesReadsThePrimaryOnce() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(150));
        List<CacheAside> instances = List.of(cache(redis, config, primary), cache(second, config, primary),
                cache(third, config, primary));

        List<CacheResult> results = Concurrently.all(300, 30, i -> instances.get(i % 3).get("p-001"));

        assertEquals(1, primary.reads());
        assertEquals(300, results.stream().filter(CacheResult::found).count());
        assertEquals(3, results.stream().filter(r -> !r.coalesced()).count(), "one lookup per instance");
        assertEquals(2, instances.stream().mapToLong(c -> c.stats().stampedesSuppressed()).sum(),
                "the two instances without the lock waited for the fill");
    }

    @Test
    void missingIdUnderFiftyReadersIsOnePrimaryReadThenNegativeHitsUntilTheShortTtl() throws InterruptedException {
        TestCacheConfig config = TestCacheConfig.fresh().withNegativeTtl(Duration.ofMillis(500));
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(50));
        CacheAside cache = cache(redis, config, primary);

        List<CacheResult> results = Concurrently.all(50, 50, i -> cache.get("p-404"));
        assertEquals(1, primary.reads());
        assertEquals(0, results.stream().filter(CacheResult::found).count());

        CacheResult negative = cache.get("p-404").await().atMost(AWAIT);
        assertEquals(Outcome.NEGATIVE_HIT, negative.outcome());
        assertFalse(negative.found());
        assertEquals(1, primary.reads());
        assertTrue(negative.ttlRemaining().toMillis() <= 500);
        assertEquals(1, cache.stats().negativeHits());

        Thread.sleep(negative.ttlRemaining().toMillis() + 100);
        assertEquals(Outcome.MISS, cache.get("p-404").await().atMost(AWAIT).outcome());
        assertEquals(2, primary.reads());
    }

    @Test
    void slowLoadThatReadTheOldValueCannotPutItBackAfterAnUpdate() throws InterruptedException {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(400));
        CacheAside cache = cache(redis, config, primary);

        CompletableFuture<CacheResult> slow = cache.get("p-001").subscribeAsCompletionStage();
        Thread.sleep(100);
        assertEquals(1, primary.reads(), "the slow load has read the old value");
        primary.update("p-001", "price_cents", "999").await().atMost(AWAIT);
        cache.invalidate("p-001").await().atMost(AWAIT);

        CacheResult old = slow.join();
        assertEquals("650", old.record().get("price_cents"), "the load answers what it read, to its own callers");
        assertNull(old.ttlRemaining(), "but its fill was refused");
        assertEquals("0", server().cli("EXISTS", config.keys().record("p-001")));

        CacheResult next = cache.get("p-001").await().atMost(AWAIT);
        assertEquals(Outcome.MISS, next.outcome());
        assertEquals("999", next.record().get("price_cents"));
        assertEquals("999", cache.get("p-001").await().atMost(AWAIT).record().get("price_cents"));
    }

    @Test
    void loaderSlowerThanTheLockTtlKeepsItsLockSoTheOtherInstanceWaits() throws InterruptedException {
        TestCacheConfig config = TestCacheConfig.fresh().withLockTtl(Duration.ofMillis(300));
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(1000));
        CacheAside one = cache(redis, config, primary);
        CacheAside two = cache(second, config, primary);

        CompletableFuture<CacheResult> first = one.get("p-004").subscribeAsCompletionStage();
        Thread.sleep(100);
        CompletableFuture<CacheResult> waiting = two.get("p-004").subscribeAsCompletionStage();

        assertEquals(Outcome.MISS, first.join().outcome());
        assertEquals(Outcome.SUPPRESSED, waiting.join().outcome(), "waited past the lock TTL for the renewed lock");
        assertTrue(primary.reads() <= 2, "the issue's bound");
        assertEquals(1, primary.reads(), "renewal does better than the bound");
    }

    @Test
    void readersTakeOverTheLockOfAHolderThatDied() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(50));
        CacheAside one = cache(redis, config, primary);
        CacheAside two = cache(second, config, primary);
        server().cli("SET", config.keys().lock("p-002"), "a-dead-process", "PX", "400");

        long start = System.nanoTime();
        List<CacheResult> results = Concurrently.all(40, 20, i -> (i % 2 == 0 ? one : two).get("p-002"));

        assertEquals(1, primary.reads(), "one waiter took the expired lock, the other instance waited for its fill");
        assertEquals(40, results.stream().filter(CacheResult::found).count());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(350).toNanos(), "nobody read before the lock expired");
    }

    @Test
    void readsSurviveAScriptFlush() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(20));
        CacheAside cache = cache(redis, config, primary);

        assertEquals(Outcome.MISS, cache.get("p-001").await().atMost(AWAIT).outcome());
        server().cli("SCRIPT", "FLUSH");
        assertEquals(Outcome.HIT, cache.get("p-001").await().atMost(AWAIT).outcome());
        server().cli("SCRIPT", "FLUSH");
        assertEquals(Invalidation.DELETED, cache.invalidate("p-001").await().atMost(AWAIT));
        assertEquals(Outcome.MISS, cache.get("p-001").await().atMost(AWAIT).outcome());
        assertEquals("1", server().cli("SCRIPT", "EXISTS", LuaScript.READ.sha()), "the script is back in Redis");
    }

    @Test
    void fieldUpdateAppliesOnlyToACachedRecordAndKeepsItsExpiry() {
        TestCacheConfig config = TestCacheConfig.fresh().withNegativeTtl(Duration.ofSeconds(5));
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ofMillis(10)));
        String key = config.keys().record("p-003");

        assertFalse(cache.updateField("p-003", "stock", "1").await().atMost(AWAIT));
        assertEquals("0", server().cli("EXISTS", key), "no partial record");

        cache.get("p-003").await().atMost(AWAIT);
        long before = Long.parseLong(server().cli("PTTL", key));
        assertTrue(cache.updateField("p-003", "stock", "1").await().atMost(AWAIT));
        long after = Long.parseLong(server().cli("PTTL", key));
        assertEquals("1", server().cli("HGET", key, "stock"));
        assertTrue(after > 0 && after <= before, "expiry kept, not re-armed: " + before + " then " + after);

        cache.get("p-404").await().atMost(AWAIT);
        assertFalse(cache.updateField("p-404", "stock", "1").await().atMost(AWAIT), "a not-found sentinel is no record");
        assertEquals("__absent", server().cli("HKEYS", config.keys().record("p-404")));
    }

    @Test
    void contendedFieldUpdatesRetryABoundedNumberOfTimes() {
        int writers = 20;
        int retries = 2;
        TestCacheConfig config = TestCacheConfig.fresh().withUpdateRetries(retries);
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ofMillis(10)));
        String key = config.keys().record("p-001");
        cache.get("p-001").await().atMost(AWAIT);
        server().cli("CONFIG", "RESETSTAT");

        List<CompletableFuture<Boolean>> outcomes = Concurrently.run(writers, writers,
                i -> cache.updateField("p-001", "stock", Integer.toString(i)));

        Set<String> applied = new HashSet<>();
        int conflicts = 0;
        for (int i = 0; i < writers; i++) {
            try {
                assertTrue(outcomes.get(i).join());
                applied.add(Integer.toString(i));
            } catch (CompletionException e) {
                assertInstanceOf(UpdateConflictException.class, e.getCause());
                conflicts++;
            }
        }
        long watches = server().commandCalls("watch");
        assertFalse(applied.isEmpty());
        assertEquals(writers, applied.size() + conflicts);
        assertTrue(watches <= (long) writers * (retries + 1), "attempts are bounded: " + watches + " WATCH");
        assertTrue(applied.contains(server().cli("HGET", key, "stock")), "the value left is one that was applied");
        System.out.printf("%d contended updates: %d applied, %d gave up, %d WATCH in all%n",
                writers, applied.size(), conflicts, watches);
    }

    @Test
    void ttlsAreSpreadByJitter() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ZERO));
        Set<Long> ttls = new HashSet<>();
        for (String id : List.of("p-001", "p-002", "p-003", "p-004")) {
            long ttl = cache.get(id).await().atMost(AWAIT).ttlRemaining().toMillis();
            assertTrue(ttl >= 27_000 && ttl <= 33_000, "30s ±10%: " + ttl);
            ttls.add(ttl);
        }
        assertTrue(ttls.size() > 1, "four fills, four different TTLs: " + ttls);
    }

    @Test
    void idsThatWouldBreakTheKeyLayoutAreRejected() {
        CacheAside cache = cache(redis, TestCacheConfig.fresh(), new MockPrimaryStore(Duration.ZERO));
        for (String id : new String[] { "", "a}b", "{x", "a\nb", "x".repeat(129) }) {
            try {
                cache.get(id);
                throw new AssertionError("accepted " + id);
            } catch (InvalidIdException expected) {
                // rejected before any Redis command
            }
        }
        assertEquals("x".repeat(128), cache.get("x".repeat(128)).await().atMost(AWAIT).id());
    }

    /** The counters that matter to these tests, comparable in one assertion. */
    record CacheStatsOf(long hits, long misses, long negativeHits, long coalesced, long suppressed, long primaryReads) {
        static CacheStatsOf of(long hits, long misses, long negativeHits, long coalesced, long suppressed,
                long primaryReads) {
            return new CacheStatsOf(hits, misses, negativeHits, coalesced, suppressed, primaryReads);
        }

        static CacheStatsOf of(CacheStats stats) {
            return new CacheStatsOf(stats.hits(), stats.misses(), stats.negativeHits(), stats.coalesced(),
                    stats.stampedesSuppressed(), stats.primaryReadsTotal());
        }
    }
}
