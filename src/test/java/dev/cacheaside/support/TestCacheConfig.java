package dev.cacheaside.support;

import java.time.Duration;
import java.util.UUID;

import dev.cacheaside.cache.CacheConfig;
import dev.cacheaside.cache.CacheKeys;

/** A {@link CacheConfig} built in a test, for a cache instance of its own (own namespace, own timings). */
public record TestCacheConfig(String name, String namespace, Duration ttl, Duration negativeTtl, double jitter,
        Duration lockTtl, Duration waitPoll, Duration loadTimeout, int updateRetries, int maxPendingInvalidations,
        RefreshAhead refreshAhead, Near near, int maxPipelinedLookups) implements CacheConfig {

    /** The production defaults, in a fresh namespace that no other test uses. */
    public static TestCacheConfig fresh() {
        String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);
        return new TestCacheConfig(namespace, namespace, Duration.ofSeconds(30), Duration.ofSeconds(5), 0.1,
                Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofSeconds(10), 5, 10_000,
                new TestRefreshAhead(true, 1.0), TestNear.OFF, 64);
    }

    /** The keys of this cache's namespace. */
    public CacheKeys keys() {
        return new CacheKeys(namespace);
    }

    public TestCacheConfig withNamespace(String namespace) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, refreshAhead, near, maxPipelinedLookups);
    }

    public TestCacheConfig withLockTtl(Duration lockTtl) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, refreshAhead, near, maxPipelinedLookups);
    }

    public TestCacheConfig withTtl(Duration ttl) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, refreshAhead, near, maxPipelinedLookups);
    }

    /** Refresh-ahead with this beta, or off when it is 0. */
    public TestCacheConfig withRefreshBeta(double beta) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, new TestRefreshAhead(beta > 0, beta > 0 ? beta : 1.0), near,
                maxPipelinedLookups);
    }

    public TestCacheConfig withMaxPendingInvalidations(int max) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, max, refreshAhead, near, maxPipelinedLookups);
    }

    public TestCacheConfig withNegativeTtl(Duration negativeTtl) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, 0, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, refreshAhead, near, maxPipelinedLookups);
    }

    /** At most this many hit-path lookups in one Redis pipeline (1: each alone). */
    public TestCacheConfig withMaxPipelinedLookups(int max) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, refreshAhead, near, max);
    }

    public TestCacheConfig withUpdateRetries(int updateRetries) {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, refreshAhead, near, maxPipelinedLookups);
    }

    @Override
    public Duration redisTimeout() {
        return Duration.ofMillis(500);
    }

    @Override
    public Duration replayInterval() {
        return Duration.ofMillis(200);
    }

    @Override
    public Breaker breaker() {
        return new TestBreaker(4, 0.5, Duration.ofMillis(500));
    }

    /**
     * The near cache on, with a maximum age long enough that only an invalidation (or the Redis TTL) can end an
     * entry within a test. The cache needs an {@code InvalidationTracker} to use it.
     */
    public TestCacheConfig withNearCache() {
        return new TestCacheConfig(name, namespace, ttl, negativeTtl, jitter, lockTtl, waitPoll, loadTimeout,
                updateRetries, maxPendingInvalidations, refreshAhead,
                new TestNear(true, 10_000, Duration.ofSeconds(60), Duration.ofMillis(200)), maxPipelinedLookups);
    }

    public record TestRefreshAhead(boolean enabled, double beta) implements RefreshAhead {
    }

    public record TestNear(boolean enabled, long maxSize, Duration maxAge, Duration pingInterval) implements Near {
        public static final TestNear OFF = new TestNear(false, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    record TestBreaker(int requestVolume, double failureRatio, Duration delay) implements Breaker {
    }
}
