package dev.cacheaside.cache;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one cache, tagged {@code cache=<name>} and named as Micrometer's own cache binders name
 * them where they overlap ({@code cache.gets} with {@code result}, {@code cache.puts}).
 * <p>
 * They are the only counters: {@link #stats} reads them. Prometheus counters never go down, so a
 * reset of the stats records a baseline that later snapshots subtract, rather than touching the meters.
 */
public class CacheMetrics {

    private final Counter hits;
    private final Counter misses;
    private final Counter negativeHits;
    private final Counter bypassed;
    private final Counter coalesced;
    private final Counter stampedesSuppressed;
    private final Counter primaryReads;
    private final Counter puts;
    private final Counter invalidations;
    private final Counter fieldUpdatesApplied;
    private final Counter fieldUpdatesNotCached;
    private final Counter redisErrors;
    private final Timer load;
    private final AtomicReference<long[]> baseline = new AtomicReference<>(new long[7]);

    public CacheMetrics(MeterRegistry registry, String cacheName) {
        hits = gets(registry, cacheName, "hit");
        misses = gets(registry, cacheName, "miss");
        negativeHits = gets(registry, cacheName, "negative_hit");
        bypassed = gets(registry, cacheName, "bypass");
        coalesced = counter(registry, cacheName, "cache.coalesced", "Reads that joined a lookup already in flight in this process");
        stampedesSuppressed = counter(registry, cacheName, "cache.stampedes.suppressed",
                "Misses that waited for another process's fill instead of reading the primary");
        primaryReads = counter(registry, cacheName, "cache.primary.reads", "Reads of the primary store");
        puts = counter(registry, cacheName, "cache.puts", "Records and not-found sentinels written to Redis");
        invalidations = counter(registry, cacheName, "cache.invalidations", "Records deleted from Redis after a write");
        fieldUpdatesApplied = Counter.builder("cache.field.updates").tag("cache", cacheName).tag("applied", "true")
                .description("Cache-only field updates").register(registry);
        fieldUpdatesNotCached = Counter.builder("cache.field.updates").tag("cache", cacheName).tag("applied", "false")
                .description("Cache-only field updates").register(registry);
        redisErrors = counter(registry, cacheName, "cache.redis.errors", "Redis commands that failed or timed out");
        load = Timer.builder("cache.load").tag("cache", cacheName)
                .description("Duration of primary loads on a miss")
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter gets(MeterRegistry registry, String cacheName, String result) {
        return Counter.builder("cache.gets").tag("cache", cacheName).tag("result", result)
                .description("Reads that looked Redis up, by what they found").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String cacheName, String name, String description) {
        return Counter.builder(name).tag("cache", cacheName).description(description).register(registry);
    }

    /** Counts what a lookup of Redis found; a miss is counted once, however it is then served. */
    void lookup(Outcome outcome) {
        switch (outcome) {
            case HIT -> hits.increment();
            case NEGATIVE_HIT -> negativeHits.increment();
            case MISS, SUPPRESSED -> misses.increment();
            case BYPASS -> bypassed.increment();
        }
    }

    /** Exposes the degraded state: pending invalidations, and whether the breaker keeps requests off Redis. */
    void degradedState(MeterRegistry registry, String cacheName, PendingInvalidations pending,
            Supplier<Boolean> breakerOpen) {
        Gauge.builder("cache.invalidations.pending", pending, PendingInvalidations::size)
                .tag("cache", cacheName)
                .description("Invalidations waiting for Redis to come back")
                .register(registry);
        Gauge.builder("cache.breaker.open", breakerOpen, open -> open.get() ? 1 : 0)
                .tag("cache", cacheName)
                .description("1 while the circuit breaker keeps requests off Redis, else 0")
                .strongReference(true)
                .register(registry);
    }

    void coalesced() {
        coalesced.increment();
    }

    void stampedeSuppressed() {
        stampedesSuppressed.increment();
    }

    void primaryRead() {
        primaryReads.increment();
    }

    void put() {
        puts.increment();
    }

    void invalidation() {
        invalidations.increment();
    }

    void fieldUpdate(boolean applied) {
        (applied ? fieldUpdatesApplied : fieldUpdatesNotCached).increment();
    }

    void redisError() {
        redisErrors.increment();
    }

    Timer load() {
        return load;
    }

    private long[] counts() {
        return new long[] {
                (long) hits.count(), (long) misses.count(), (long) negativeHits.count(),
                (long) coalesced.count(), (long) stampedesSuppressed.count(), (long) primaryReads.count(),
                (long) bypassed.count() };
    }

    /** The counters since start or since the last {@link #reset()}, with the current degraded state. */
    public CacheStats stats(long primaryReadLatencyMs, int pendingInvalidations, String breaker) {
        long[] now = counts();
        long[] base = baseline.get();
        long h = now[0] - base[0];
        long m = now[1] - base[1];
        long n = now[2] - base[2];
        long lookups = h + m + n;
        double hitRate = lookups == 0 ? 0.0 : Math.floor(1000.0 * (h + n) / lookups) / 10.0;
        return new CacheStats(h, m, n, now[3] - base[3], now[4] - base[4], hitRate, now[5] - base[5],
                primaryReadLatencyMs, now[6] - base[6], pendingInvalidations, breaker);
    }

    public void reset() {
        baseline.set(counts());
    }
}
