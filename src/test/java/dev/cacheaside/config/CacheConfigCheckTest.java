package dev.cacheaside.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cacheaside.cache.CacheConfig;
import dev.cacheaside.primary.PrimaryConfig;
import dev.cacheaside.security.AdminConfig;
import dev.cacheaside.stampede.StampedeConfig;
import dev.cacheaside.support.Admin;
import dev.cacheaside.support.TestCacheConfig;

class CacheConfigCheckTest {

    private final TestCacheConfig defaults = TestCacheConfig.fresh();
    private final PrimaryConfig primary = new TestPrimaryConfig(Duration.ofMillis(150), 0);
    private final StampedeConfig stampede = () -> 1000;

    record TestPrimaryConfig(Duration latency, int extraProducts) implements PrimaryConfig {
        @Override
        public Kind kind() {
            return Kind.MOCK;
        }
    }

    @Test
    void theDefaultsPass() {
        assertEquals(List.of(), CacheConfigCheck.problems(defaults, primary, stampede));
    }

    @Test
    void everySettingOutOfRangeIsNamed() {
        TestCacheConfig bad = new TestCacheConfig(" ", "shop:*", Duration.ZERO, Duration.ofMillis(-5), 0.9,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, -1, 0, new TestCacheConfig.TestRefreshAhead(true, -1),
                TestCacheConfig.TestNear.OFF, 0);
        assertEquals(List.of(
                "cache.name must not be blank",
                "cache.namespace must be non-empty, without spaces, braces or glob characters (* ? [ ] \\), got 'shop:*'",
                "cache.ttl must be at least 1ms, got 0ms",
                "cache.negative-ttl must be at least 1ms, got -5ms",
                "cache.jitter must be between 0 and 0.5, got 0.9",
                "cache.lock-ttl must be at least 1ms, got 0ms",
                "cache.wait-poll must be at least 1ms, got 0ms",
                "cache.load-timeout must be at least 1ms, got 0ms",
                "cache.update-retries must be at least 0, got -1",
                "cache.max-pending-invalidations must be at least 1, got 0",
                "cache.max-pipelined-lookups must be at least 1, got 0",
                "cache.refresh-ahead.beta must be above 0 and at most 100, got -1",
                "cache.primary.latency must not be negative, got -1ms",
                "cache.stampede.max-concurrency must be between 2 and 100000, got 1"),
                CacheConfigCheck.problems(bad, new TestPrimaryConfig(Duration.ofMillis(-1), 0), () -> 1));
    }

    @Test
    void namespacesThatWouldBreakKeysOrScanPatternsAreRefused() {
        for (String namespace : List.of("", "a b", "a{b", "a}b", "a?", "a[b]", "a\\b")) {
            TestCacheConfig config = new TestCacheConfig("c", namespace, defaults.ttl(), defaults.negativeTtl(), 0.1,
                    defaults.lockTtl(), defaults.waitPoll(), defaults.loadTimeout(), 5, 10, defaults.refreshAhead(),
                    TestCacheConfig.TestNear.OFF, 64);
            assertEquals(1, CacheConfigCheck.problems(config, primary, stampede).size(), "namespace '" + namespace + "'");
        }
        TestCacheConfig colons = new TestCacheConfig("c", "app:v2-cache_1", defaults.ttl(), defaults.negativeTtl(), 0.1,
                defaults.lockTtl(), defaults.waitPoll(), defaults.loadTimeout(), 5, 10, defaults.refreshAhead(),
                    TestCacheConfig.TestNear.OFF, 64);
        assertEquals(List.of(), CacheConfigCheck.problems(colons, primary, stampede));
    }

    @Test
    void theNearCacheRunsOnlyWhereOneConnectionSeesEveryWrite() {
        CacheConfig.Near on = defaults.withNearCache().near();
        assertEquals(List.of(), CacheConfigCheck.redisProblems(on, "standalone", "disabled"));
        assertEquals(List.of(), CacheConfigCheck.redisProblems(on, "SENTINEL", "disabled"));
        for (String type : List.of("cluster", "replication")) {
            List<String> problems = CacheConfigCheck.redisProblems(on, type, "single-node");
            assertEquals(1, problems.size(), type);
            assertTrue(problems.get(0).startsWith("cache.near.enabled=true needs a standalone or Sentinel Redis"),
                    problems.get(0));
        }
        assertEquals(List.of(), CacheConfigCheck.redisProblems(TestCacheConfig.TestNear.OFF, "cluster", "single-node"),
                "off is fine anywhere");
        assertEquals(List.of("cache.near.max-size must be at least 1, got 0",
                "cache.near.max-age must be at least 1ms, got 0ms",
                "cache.near.ping-interval must be at least 1ms, got -1ms"),
                CacheConfigCheck.redisProblems(new TestCacheConfig.TestNear(true, 0, Duration.ZERO, Duration.ofMillis(-1)),
                        "standalone", "disabled"));
    }

    @Test
    void aClusterWithoutSingleNodeTransactionsIsReportedAsAMisconfiguration() {
        CacheConfig.Near off = TestCacheConfig.TestNear.OFF;
        assertEquals(List.of("quarkus.redis.cluster-transactions must be single-node with quarkus.redis.client-type=cluster"
                + " (the cache-only field update runs WATCH/MULTI/EXEC on the node of its key), got disabled"),
                CacheConfigCheck.redisProblems(off, "cluster", "disabled"));
        assertEquals(List.of(), CacheConfigCheck.redisProblems(off, "cluster", "single-node"));
        assertEquals(List.of(), CacheConfigCheck.redisProblems(off, "cluster", "SINGLE_NODE"));
        assertEquals(List.of(), CacheConfigCheck.redisProblems(off, "standalone", "disabled"), "no cluster, no matter");
    }

    record TestAdminConfig(boolean open, Optional<String> passwordDigest, WriteLimit writeLimit) implements AdminConfig {
    }

    record TestWriteLimit(int burst, double perSecond) implements AdminConfig.WriteLimit {
    }

    @Test
    void anAdminDigestThatCouldNeverMatchAndAnEmptyWriteBudgetAreNamed() {
        String digest = Admin.digest("admin", "pw");
        assertEquals(List.of(), CacheConfigCheck.problems(
                new TestAdminConfig(false, Optional.of(digest), new TestWriteLimit(20, 5))));
        assertEquals(List.of(), CacheConfigCheck.problems(
                new TestAdminConfig(false, Optional.empty(), new TestWriteLimit(1, 0.01))));
        assertEquals(List.of(
                "cache.admin.password-digest must be 128 hex digits (SHA-512 of 'admin:cache-aside:<password>'), got 2 characters",
                "cache.admin.write-limit.burst must be at least 1, got 0",
                "cache.admin.write-limit.per-second must be above 0 and at most 1000000, got 0"),
                CacheConfigCheck.problems(new TestAdminConfig(false, Optional.of("pw"), new TestWriteLimit(0, 0))));
        // a password given where its digest belongs
        assertEquals(1, CacheConfigCheck.problems(
                new TestAdminConfig(false, Optional.of("x".repeat(128)), new TestWriteLimit(20, 5))).size());
    }
}
