package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.primary.MockPrimaryStore;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.Caches;
import dev.cacheaside.support.HotKeyReads;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.TestCacheConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.RedisOptions;

/**
 * Every test of {@link CacheAsideTest} again, with the near cache on in every instance (single-flight, leases, the
 * stale set refused, stampedes over three instances), and the near cache's own rules: what a near hit costs Redis,
 * and that no change to a record key leaves a stale copy in any instance.
 */
@QuarkusTest
@Typed(NearCacheAsideTest.class)
class NearCacheAsideTest extends CacheAsideTest {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Inject
    Vertx vertx;

    private final List<Caches.WithNearCache> built = new ArrayList<>();

    @Override
    CacheAside cache(ReactiveRedisDataSource connections, TestCacheConfig config, MockPrimaryStore primary) {
        return nearCache(connections, config, primary).cache();
    }

    private Caches.WithNearCache nearCache(ReactiveRedisDataSource connections, TestCacheConfig config,
            MockPrimaryStore primary) {
        Caches.WithNearCache cache = Caches.withNearCache(connections, config.withNearCache(), primary, vertx);
        built.add(cache);
        return cache;
    }

    @AfterEach
    void stopTracking() {
        built.forEach(cache -> cache.tracker().stop());
        built.clear();
    }

    /** Replaces the Redis-only version: the second hit onwards is answered in the process, with no command. */
    @Override
    @Test
    void aHitIsOneHgetallAndOnePttlWithNoScriptAndNoLock() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ZERO));
        assertEquals(Outcome.MISS, cache.get("p-004").await().atMost(AWAIT).outcome());
        server().cli("CONFIG", "RESETSTAT");

        assertEquals(Outcome.HIT, cache.get("p-004").await().atMost(AWAIT).outcome(), "a fill is not kept: its own"
                + " invalidation may be on its way");
        for (int i = 0; i < 1000; i++) {
            assertEquals(Outcome.NEAR_HIT, cache.get("p-004").await().atMost(AWAIT).outcome());
        }

        assertEquals(1, server().commandCalls("hgetall"));
        assertEquals(1, server().commandCalls("pttl"));
        assertEquals(Map.of("hgetall", 1L, "pttl", 1L), dataCommands(),
                () -> "1000 near hits, no command: " + server().cli("INFO", "commandstats"));
        assertEquals(1000, cache.stats().nearHits());
    }

    @Test
    void everyChangeToARecordKeyEvictsTheNearCopy() {
        TestCacheConfig config = TestCacheConfig.fresh();
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ZERO));
        assertRedisCliChangesReachTheNearCache(cache, config.keys().record("p-001"), "Changed by redis-cli");

        warm(cache, "p-001");
        server().cli("FLUSHDB");
        Await.until("FLUSHDB reaches the near cache", AWAIT,
                () -> cache.get("p-001").await().atMost(AWAIT).outcome() != Outcome.NEAR_HIT);
    }

    @Test
    void aRecordEvictedByRedisUnderMaxmemoryLeavesTheNearCache() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ZERO);
        CacheAside cache = cache(redis, config, primary);
        String key = config.keys().record("p-003");
        warm(cache, "p-003");
        long used = Long.parseLong(info("memory", "used_memory"));
        long evictedBefore = Long.parseLong(info("stats", "evicted_keys"));
        server().cli("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
        server().cli("CONFIG", "SET", "maxmemory", Long.toString(used + 2_000_000));
        try {
            // 200 kB a call, until Redis has evicted the record to make room (random eviction: no read of ours can save it)
            for (int batch = 0; batch < 500 && "1".equals(server().cli("EXISTS", key)); batch++) {
                server().cli("EVAL", "for i = 1, 200 do redis.call('SET', KEYS[1] .. ARGV[1] .. ':' .. i,"
                        + " string.rep('x', 1000)) end", "1", "evict-test:", Integer.toString(batch));
            }
            assertEquals("0", server().cli("EXISTS", key), "Redis evicted the record");
            assertTrue(Long.parseLong(info("stats", "evicted_keys")) > evictedBefore);

            Await.until("the eviction reaches the near cache", AWAIT,
                    () -> cache.get("p-003").await().atMost(AWAIT).outcome() != Outcome.NEAR_HIT);
            assertEquals(2, primary.reads(), "read again from the primary: the near copy was not kept");
        } finally {
            server().cli("CONFIG", "SET", "maxmemory", "0");
            server().cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
            server().cli("EVAL", "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end", "0",
                    "evict-test:*");
        }
    }

    private String info(String section, String field) {
        for (String line : server().cli("INFO", section).split("\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + field + " in INFO " + section);
    }

    @Test
    void overResp2TheInvalidationsArriveAsChannelMessagesAndEvictTheNearCopy() {
        io.vertx.mutiny.core.Vertx mutinyVertx = io.vertx.mutiny.core.Vertx.newInstance(vertx);
        Redis client = Redis.createClient(mutinyVertx, new RedisOptions().setConnectionString(server().uri())
                .setPassword(server().password()).setPreferredProtocolVersion(ProtocolVersion.RESP2));
        try {
            ReactiveRedisDataSource resp2 = new ReactiveRedisDataSourceImpl(mutinyVertx, client, RedisAPI.api(client));
            TestCacheConfig config = TestCacheConfig.fresh().withNearCache();
            Caches.WithNearCache near = Caches.withNearCache(redis, resp2, config, new MockPrimaryStore(Duration.ZERO),
                    vertx);
            built.add(near);
            assertTrue(Arrays.stream(server().cli("CLIENT", "LIST").split("\n"))
                    .anyMatch(line -> line.contains(" sub=1 ") && line.contains(" resp=2")),
                    () -> "the subscribed tracking connection speaks RESP2: " + server().cli("CLIENT", "LIST"));
            assertRedisCliChangesReachTheNearCache(near.cache(), config.keys().record("p-001"), "Changed over RESP2");
        } finally {
            // the tracker first: its connection is the client's, which closing would take from under it
            built.forEach(near -> near.tracker().stop());
            client.close();
        }
    }

    /**
     * Stopping the tracker while its connection is being closed under it (a shutdown during a Redis restart) must not
     * deadlock: the client runs the end handler holding the connection's lock, and stop() closes that connection.
     */
    @Test
    void stoppingWhileTheTrackingConnectionClosesDoesNotDeadlock() throws Exception {
        io.vertx.mutiny.core.Vertx mutinyVertx = io.vertx.mutiny.core.Vertx.newInstance(vertx);
        for (int round = 0; round < 20; round++) {
            Redis client = Redis.createClient(mutinyVertx, new RedisOptions().setConnectionString(server().uri())
                    .setPassword(server().password()));
            ReactiveRedisDataSource own = new ReactiveRedisDataSourceImpl(mutinyVertx, client, RedisAPI.api(client));
            Caches.WithNearCache near = Caches.withNearCache(redis, own, TestCacheConfig.fresh().withNearCache(),
                    new MockPrimaryStore(Duration.ZERO), vertx);
            client.close();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(near.tracker()::stop);
            stopped.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEntryLeavesTheNearCacheWhenItsRedisTtlRunsOut() throws InterruptedException {
        TestCacheConfig config = TestCacheConfig.fresh().withTtl(Duration.ofMillis(600)).withRefreshBeta(0);
        CacheAside cache = cache(redis, config, new MockPrimaryStore(Duration.ZERO));

        CacheResult near = warm(cache, "p-002");
        assertTrue(near.ttlRemaining().toMillis() <= 660, "the Redis TTL, not the near cache's maximum age: "
                + near.ttlRemaining());
        Thread.sleep(near.ttlRemaining().toMillis() + 50);

        assertEquals(Outcome.MISS, cache.get("p-002").await().atMost(AWAIT).outcome());
    }

    @Test
    void aWriteThroughOneInstanceEvictsTheNearCopyOfEveryOther() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ZERO);
        CacheAside one = cache(redis, config, primary);
        CacheAside two = cache(second, config, primary);
        warm(one, "p-003");
        warm(two, "p-003");

        primary.update("p-003", "stock", "0").await().atMost(AWAIT);
        one.invalidate("p-003").await().atMost(AWAIT);

        assertEquals("0", one.get("p-003").await().atMost(AWAIT).record().get("stock"),
                "the writing instance drops its copy before the write returns");
        assertFresh(two, "p-003", null);
        assertEquals("0", two.get("p-003").await().atMost(AWAIT).record().get("stock"));
    }

    @Test
    void aCacheOnlyFieldUpdateIsSeenByEveryInstance() {
        TestCacheConfig config = TestCacheConfig.fresh();
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ZERO);
        CacheAside one = cache(redis, config, primary);
        CacheAside two = cache(second, config, primary);
        warm(one, "p-004");
        warm(two, "p-004");

        assertTrue(one.updateField("p-004", "price_cents", "1").await().atMost(AWAIT));

        assertEquals("1", one.get("p-004").await().atMost(AWAIT).record().get("price_cents"));
        Await.until("the update reaches the other instance", AWAIT,
                () -> "1".equals(two.get("p-004").await().atMost(AWAIT).record().get("price_cents")));
    }

    @Test
    void whenTheTrackingConnectionIsKilledTheNearCacheStopsAnsweringUntilTrackingIsBack() {
        TestCacheConfig config = TestCacheConfig.fresh();
        Caches.WithNearCache built = nearCache(redis, config, new MockPrimaryStore(Duration.ZERO));
        CacheAside cache = built.cache();
        warm(cache, "p-001");

        server().cli("CLIENT", "KILL", "TYPE", "pubsub");
        server().cli("HSET", config.keys().record("p-001"), "name", "Changed while tracking was down");

        CacheResult after = cache.get("p-001").await().atMost(AWAIT);
        assertEquals("Changed while tracking was down", after.record().get("name"), "no stale read: " + after);
        Await.until("tracking is back", AWAIT, built.near()::tracking);
        assertEquals(Outcome.NEAR_HIT, warm(cache, "p-001").outcome());
        assertEquals("Changed while tracking was down", warm(cache, "p-001").record().get("name"));
    }

    /**
     * A partition that closes nothing: the relay holds every answer back, so only the unanswered PING can tell. The
     * near cache is emptied and out of use within a ping interval and a Redis timeout, and comes back after.
     */
    @Test
    void aTrackingConnectionThatStopsAnsweringIsNoticedByItsPing() {
        TestCacheConfig config = TestCacheConfig.fresh().withNearCache();
        Caches.WithNearCache relayed = Caches.withNearCache(third, third, config, new MockPrimaryStore(Duration.ZERO),
                vertx);
        built.add(relayed);
        warm(relayed.cache(), "p-003");
        try {
            RedisServerResource.proxy().delayReplies(Duration.ofSeconds(5));
            long silent = System.nanoTime();
            Await.until("the unanswered PING noticed", Duration.ofSeconds(4), () -> !relayed.near().tracking());
            long noticedMs = (System.nanoTime() - silent) / 1_000_000;
            assertEquals(0, relayed.near().size(), "emptied");
            System.out.printf("tracking connection silent: noticed after %d ms (ping interval 200 ms, timeout 500 ms)%n",
                    noticedMs);
        } finally {
            RedisServerResource.proxy().delayReplies(Duration.ZERO);
        }
        Await.until("tracking back", AWAIT, relayed.near()::tracking);
        assertEquals(Outcome.NEAR_HIT, warm(relayed.cache(), "p-003").outcome());
    }

    @Test
    void whenRedisStopsTheNearCacheIsEmptiedAndReadsBypassUntilTrackingIsBack() {
        TestCacheConfig config = TestCacheConfig.fresh();
        Caches.WithNearCache built = nearCache(redis, config, new MockPrimaryStore(Duration.ZERO));
        CacheAside cache = built.cache();
        warm(cache, "p-002");

        server().stop();
        try {
            Await.until("tracking is seen to be lost", AWAIT, () -> !built.near().tracking());
            assertEquals(0, built.near().size());
            CacheResult during = cache.get("p-002").await().atMost(AWAIT);
            assertEquals(Outcome.BYPASS, during.outcome());
        } finally {
            server().restart();
        }
        Await.until("tracking is back", AWAIT, built.near()::tracking);
        Await.until("the near cache answers again", AWAIT,
                () -> cache.get("p-002").await().atMost(AWAIT).outcome() == Outcome.NEAR_HIT);
    }

    /**
     * Refresh-ahead still works when the near cache answers: near hits draw too, the reload's fill evicts the near
     * copies in both instances, and the hot key never expires under its readers.
     */
    @Test
    void aHotKeyAnsweredByTheNearCacheIsStillReloadedAheadOfItsExpiry() throws Exception {
        TestCacheConfig config = TestCacheConfig.fresh().withTtl(Duration.ofSeconds(1));
        MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(100));
        CacheAside one = cache(redis, config, primary);
        CacheAside two = cache(second, config, primary);
        assertEquals(Outcome.MISS, one.get("p-002").await().atMost(AWAIT).outcome());

        HotKeyReads seen = HotKeyReads.run(one, two, primary, "p-002", Duration.ofMillis(3_500));

        long refreshes = seen.refreshes();
        long reads = seen.reads();
        long nearHits = seen.count(Outcome.NEAR_HIT);
        long hits = nearHits + seen.count(Outcome.HIT);
        assertEquals(0, seen.failures());
        assertEquals(reads, hits, "every read was a hit, near or in Redis: none found the key expired");
        assertTrue(nearHits > reads / 2, "most were near hits: " + nearHits + " of " + reads);
        assertTrue(refreshes >= 2, "3.5 s of a 1 s TTL needs at least 2 reloads: " + refreshes);
        assertEquals(1 + refreshes, primary.reads(), "one primary read per refresh");
        System.out.printf("hot key, near cache on, 1 s TTL, 3.5 s, two instances: %d reads (%d near hits), %d refreshes,"
                + " %d primary reads%n", reads, nearHits, refreshes, primary.reads());
    }

    /** An ACL that does not allow the subscription: the refusal is logged, reads go to Redis, nothing is kept. */
    @Test
    void aRedisThatRefusesTheSubscriptionIsReportedAndTheNearCacheStaysOutOfUse() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName().endsWith("InvalidationTracker")) {
                    warnings.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        server().cli("ACL", "SETUSER", "default", "-subscribe");
        try {
            TestCacheConfig config = TestCacheConfig.fresh().withNearCache();
            Caches.WithNearCache refused = Caches.startNearCache(redis, redis, config,
                    new MockPrimaryStore(Duration.ZERO), vertx);
            built.add(refused);
            Await.until("the refusal logged", AWAIT,
                    () -> warnings.stream().anyMatch(line -> line.contains("Redis refused the subscription")));
            for (int i = 0; i < 3; i++) {
                assertTrue(refused.cache().get("p-001").await().atMost(AWAIT).outcome() != Outcome.NEAR_HIT);
            }
            assertEquals(0, refused.near().size());
            assertEquals("down", refused.cache().stats().near());
        } finally {
            server().cli("ACL", "SETUSER", "default", "+subscribe");
            Logger.getLogger("").removeHandler(capture);
        }
    }

    /**
     * The read/invalidate race, made certain: reads go through a relay that holds Redis's answers back 50 ms, while
     * invalidations come straight. Each round, a read is sent, the record is rewritten while the read's answer (the
     * old value) is held, the invalidation arrives, then the answer: it must not enter the near cache, where it
     * would be served for the 60 s maximum age.
     */
    @Test
    void aReadInFlightWhenItsKeyChangesNeverLeavesItsOldValueBehind() throws InterruptedException {
        TestCacheConfig config = TestCacheConfig.fresh().withNearCache();
        Caches.WithNearCache relayed = Caches.withNearCache(third, redis, config, new MockPrimaryStore(Duration.ZERO),
                vertx);
        built.add(relayed);
        CacheAside cache = relayed.cache();
        String key = config.keys().record("p-001");
        warm(cache, "p-001");
        var hashes = redis.hash(String.class, String.class, String.class);
        try {
            RedisServerResource.proxy().delayReplies(Duration.ofMillis(50));
            for (int round = 1; round <= 20; round++) {
                String before = cache.get("p-001").await().atMost(AWAIT).record().get("stock");
                relayed.near().invalidate("p-001");
                CompletableFuture<CacheResult> inFlight = cache.get("p-001").subscribeAsCompletionStage();
                Thread.sleep(10);
                hashes.hset(key, "stock", "round " + round).await().atMost(AWAIT);

                assertEquals(before, inFlight.join().record().get("stock"), "the read in flight saw the old value");
                CacheResult next = cache.get("p-001").await().atMost(AWAIT);
                assertEquals("round " + round, next.record().get("stock"), "round " + round + ": " + next);
            }
        } finally {
            RedisServerResource.proxy().delayReplies(Duration.ZERO);
        }
    }

    /**
     * The calls per command since the last {@code CONFIG RESETSTAT}, leaving out this test's own (redis-cli's
     * {@code AUTH}, {@code INFO}, {@code CONFIG}) and the tracking connection's liveness {@code PING}.
     */
    private Map<String, Long> dataCommands() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : server().cli("INFO", "commandstats").split("\n")) {
            if (line.startsWith("cmdstat_")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                long count = Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
                if (!List.of("auth", "info", "config|resetstat", "ping").contains(command)) {
                    calls.put(command, count);
                }
            }
        }
        return calls;
    }

    /** Reads until the near cache answers, which needs one Redis hit after a miss. */
    private static CacheResult warm(CacheAside cache, String id) {
        for (int i = 0; i < 5; i++) {
            CacheResult read = cache.get(id).await().atMost(AWAIT);
            if (read.outcome() == Outcome.NEAR_HIT) {
                return read;
            }
        }
        throw new AssertionError("the near cache never answered for " + id);
    }

    /** Waits for the first read that is not a near hit, then checks its name (when given). */
    /** An {@code HSET}, then a {@code DEL}, of p-001's key from redis-cli: each evicts the near copy of p-001. */
    private void assertRedisCliChangesReachTheNearCache(CacheAside cache, String key, String name) {
        warm(cache, "p-001");
        server().cli("HSET", key, "name", name);
        assertFresh(cache, "p-001", name);

        warm(cache, "p-001");
        server().cli("DEL", key);
        assertFresh(cache, "p-001", "Sourdough Loaf");
    }

    private static void assertFresh(CacheAside cache, String id, String name) {
        Await.until("the change reaches the near cache", AWAIT,
                () -> cache.get(id).await().atMost(AWAIT).outcome() != Outcome.NEAR_HIT);
        if (name != null) {
            assertEquals(name, cache.get(id).await().atMost(AWAIT).record().get("name"));
        }
    }
}
