package dev.cacheaside.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one cache, tagged {@code cache=<name>} and named as Micrometer's own cache binders name
 * them where they overlap ({@code cache.gets} with {@code result}, {@code cache.puts}). Every meter is
 * resolved once, here; the hot path only increments.
 * <p>
 * They are the only counters: {@link #stats} reads them. Prometheus counters never go down, so a
 * reset of the stats records a baseline that later snapshots subtract, rather than touching the meters.
 */
@ApplicationScoped
public class CacheMetrics {

    private final MeterRegistry registry;
    private final String cacheName;
    private final Counter nearHits;
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
    private final Counter refreshes;
    private final Timer load;
    private final DistributionSummary pipelines;
    private final AtomicReference<Snapshot> baseline;

    @Inject
    public CacheMetrics(MeterRegistry registry, CacheConfig config) {
        this(registry, config.name());
    }

    public CacheMetrics(MeterRegistry registry, String cacheName) {
        this.registry = registry;
        this.cacheName = cacheName;
        nearHits = gets("near_hit");
        hits = gets("hit");
        misses = gets("miss");
        negativeHits = gets("negative_hit");
        bypassed = gets("bypass");
        coalesced = counter("cache.coalesced", "Reads that joined a lookup already in flight in this process");
        stampedesSuppressed = counter("cache.stampedes.suppressed",
                "Misses that waited for another process's fill instead of reading the primary");
        primaryReads = counter("cache.primary.reads", "Reads of the primary store");
        puts = counter("cache.puts", "Records and not-found sentinels written to Redis");
        invalidations = counter("cache.invalidations", "Records deleted from Redis after a write");
        fieldUpdatesApplied = Counter.builder("cache.field.updates").tag("cache", cacheName).tag("applied", "true")
                .description("Cache-only field updates").register(registry);
        fieldUpdatesNotCached = Counter.builder("cache.field.updates").tag("cache", cacheName).tag("applied", "false")
                .description("Cache-only field updates").register(registry);
        redisErrors = counter("cache.redis.errors", "Redis commands that failed or timed out");
        refreshes = counter("cache.refreshes", "Entries reloaded ahead of their expiry by a reader that hit them");
        load = Timer.builder("cache.load").tag("cache", cacheName)
                .description("Duration of primary reads")
                .publishPercentileHistogram()
                .register(registry);
        pipelines = DistributionSummary.builder("cache.redis.pipelines").tag("cache", cacheName).baseUnit("lookups")
                .description("Pipelines of hit-path lookups sent to Redis, by how many lookups each carried")
                .register(registry);
        baseline = new AtomicReference<>(snapshot());
    }

    private Counter gets(String result) {
        return Counter.builder("cache.gets").tag("cache", cacheName).tag("result", result)
                .description("Reads, by what answered them: the near cache (near_hit), or what a Redis lookup found")
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).tag("cache", cacheName).description(description).register(registry);
    }

    /** Counts what a lookup of Redis found; a miss is counted once, however it is then served. */
    void lookup(Outcome outcome) {
        Counter counter = switch (outcome) {
            case NEAR_HIT -> nearHits;
            case HIT -> hits;
            case NEGATIVE_HIT -> negativeHits;
            case MISS, SUPPRESSED -> misses;
            case BYPASS -> bypassed;
        };
        counter.increment();
    }

    /** Exposes the invalidations waiting for Redis. */
    void pendingGauge(IntSupplier pending) {
        Gauge.builder("cache.invalidations.pending", pending, IntSupplier::getAsInt)
                .tag("cache", cacheName)
                .description("Invalidations waiting for Redis to come back")
                .strongReference(true)
                .register(registry);
    }

    /** Exposes the near cache's size and whether it is in use. */
    void nearGauges(LongSupplier size, BooleanSupplier tracking) {
        Gauge.builder("cache.near.size", size, LongSupplier::getAsLong)
                .tag("cache", cacheName)
                .description("Records held in this process's near cache")
                .strongReference(true)
                .register(registry);
        Gauge.builder("cache.near.tracking", tracking, t -> t.getAsBoolean() ? 1 : 0)
                .tag("cache", cacheName)
                .description("1 while Redis invalidations reach the near cache and it answers reads, else 0")
                .strongReference(true)
                .register(registry);
    }

    /** Exposes whether the breaker keeps requests off Redis. */
    void breakerGauge(BooleanSupplier open) {
        Gauge.builder("cache.breaker.open", open, o -> o.getAsBoolean() ? 1 : 0)
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

    /** Counts one pipeline of {@code lookups} hit-path lookups sent to Redis together. */
    void pipeline(int lookups) {
        pipelines.record(lookups);
    }

    void refresh() {
        refreshes.increment();
    }

    /** The mean duration of this process's primary reads since start, in ms; 0 before the first. */
    double meanLoadMillis() {
        return load.mean(TimeUnit.MILLISECONDS);
    }

    Timer load() {
        return load;
    }

    /** Primary reads since start, never reset: a witness that single-flight held over some span of time. */
    public long primaryReadsTotal() {
        return (long) primaryReads.count();
    }

    private Snapshot snapshot() {
        return new Snapshot((long) nearHits.count(), (long) hits.count(), (long) misses.count(),
                (long) negativeHits.count(), (long) coalesced.count(), (long) stampedesSuppressed.count(),
                (long) primaryReads.count(), (long) bypassed.count(), (long) refreshes.count(), load.count(),
                load.totalTime(TimeUnit.NANOSECONDS));
    }

    /** The counters since start or since the last {@link #reset()}, with the current degraded state. */
    CacheStats stats(int pendingInvalidations, String breaker, String near, long nearSize) {
        Snapshot now = snapshot();
        Snapshot base = baseline.get();
        long nh = now.nearHits - base.nearHits;
        long h = now.hits - base.hits;
        long m = now.misses - base.misses;
        long n = now.negativeHits - base.negativeHits;
        long lookups = nh + h + m + n;
        double hitRate = lookups == 0 ? 0.0 : Math.floor(1000.0 * (nh + h + n) / lookups) / 10.0;
        long loads = now.loads - base.loads;
        long meanLoadMs = loads == 0 ? 0 : Math.round((now.loadNanos - base.loadNanos) / 1e6 / loads);
        return new CacheStats(h, m, n, now.coalesced - base.coalesced, now.suppressed - base.suppressed, hitRate,
                now.primaryReads - base.primaryReads, meanLoadMs, now.bypassed - base.bypassed,
                now.refreshes - base.refreshes, pendingInvalidations, breaker, nh, nearSize, near);
    }

    void reset() {
        baseline.set(snapshot());
    }

    private record Snapshot(long nearHits, long hits, long misses, long negativeHits, long coalesced,
            long suppressed, long primaryReads, long bypassed, long refreshes, long loads, double loadNanos) {
    }
}
