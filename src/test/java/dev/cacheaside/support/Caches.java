package dev.cacheaside.support;

import java.time.Duration;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheConfig;
import dev.cacheaside.cache.CacheMetrics;
import dev.cacheaside.cache.GuardedRedis;
import dev.cacheaside.cache.near.InvalidationTracker;
import dev.cacheaside.cache.near.NearCache;
import dev.cacheaside.primary.MockPrimaryStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.core.Vertx;

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
        return of(connections, config, primary, new SimpleMeterRegistry());
    }

    /** The same, with its meters in {@code registry}. */
    public static Built of(ReactiveRedisDataSource connections, CacheConfig config, MockPrimaryStore primary,
            MeterRegistry registry) {
        CacheMetrics metrics = new CacheMetrics(registry, config.name());
        GuardedRedis redis = new GuardedRedis(connections, config, metrics, "standalone");
        return new Built(new CacheAside(redis, primary::read, config, metrics, new NearCache(config)), redis);
    }

    /**
     * A cache whose near cache is on ({@code config.near().enabled()}), with its own tracking connection taken from
     * {@code connections}, returned once Redis has confirmed tracking. Stop the tracker when done.
     */
    public static WithNearCache withNearCache(ReactiveRedisDataSource connections, CacheConfig config,
            MockPrimaryStore primary, Vertx vertx) {
        return withNearCache(connections, connections, config, primary, vertx);
    }

    /** The same, with the tracking connection taken from {@code tracking} and the reads sent over {@code connections}. */
    public static WithNearCache withNearCache(ReactiveRedisDataSource connections, ReactiveRedisDataSource tracking,
            CacheConfig config, MockPrimaryStore primary, Vertx vertx) {
        WithNearCache cache = startNearCache(connections, tracking, config, primary, vertx);
        Await.until("Redis confirms tracking", Duration.ofSeconds(10), cache.near()::tracking);
        return cache;
    }

    /** The same, returned at once, before Redis has confirmed (or refused) tracking. */
    public static WithNearCache startNearCache(ReactiveRedisDataSource connections, ReactiveRedisDataSource tracking,
            CacheConfig config, MockPrimaryStore primary, Vertx vertx) {
        CacheMetrics metrics = new CacheMetrics(new SimpleMeterRegistry(), config.name());
        GuardedRedis redis = new GuardedRedis(connections, config, metrics, "standalone");
        NearCache near = new NearCache(config);
        InvalidationTracker tracker = new InvalidationTracker(near, config, tracking, redis, vertx);
        tracker.start();
        return new WithNearCache(new CacheAside(redis, primary::read, config, metrics, near), near, tracker);
    }

    public record Built(CacheAside cache, GuardedRedis redis) {
    }

    public record WithNearCache(CacheAside cache, NearCache near, InvalidationTracker tracker) {
    }
}
