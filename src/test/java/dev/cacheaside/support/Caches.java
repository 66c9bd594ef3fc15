package dev.cacheaside.support;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheConfig;
import dev.cacheaside.cache.CacheMetrics;
import dev.cacheaside.cache.GuardedRedis;
import dev.cacheaside.primary.MockPrimaryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;

/**
 * Cache instances built by a test, each with its own meters, breaker and kept invalidations, as another
 * replica of the service has; the connections they are given decide whether they share them with the app.
 */
public final class Caches {

    private Caches() {
    }

    /** A cache over {@code connections} that loads from {@code primary}. */
    public static CacheAside create(ReactiveRedisDataSource connections, CacheConfig config, MockPrimaryStore primary) {
        return of(connections, config, primary).cache();
    }

    /** The same, with its guarded Redis access, for tests that watch the circuit breaker. */
    public static Built of(ReactiveRedisDataSource connections, CacheConfig config, MockPrimaryStore primary) {
        CacheMetrics metrics = new CacheMetrics(new SimpleMeterRegistry(), config.name());
        GuardedRedis redis = new GuardedRedis(connections, config, metrics);
        return new Built(new CacheAside(redis, primary::read, config, metrics), redis);
    }

    public record Built(CacheAside cache, GuardedRedis redis) {
    }
}
