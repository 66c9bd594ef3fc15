package dev.cacheaside.cache;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The settings of the cache and of the circuit breaker in front of its Redis, under the {@code cache.} prefix.
 * The mock primary ({@code cache.primary.*}) and the stampede endpoint ({@code cache.stampede.*}) own theirs.
 * <p>
 * Each key can also be given as an environment variable ({@code CACHE_TTL=45s}) or, for the packaged
 * application, through the command-line flags of {@code config.CommandLineFlags}.
 */
@ConfigMapping(prefix = "cache")
public interface CacheConfig {

    /** Name of the cache, used as the {@code cache} tag of every meter. */
    @WithDefault("products")
    String name();

    /** Prefix of every Redis key this service writes; give each application sharing a Redis its own. */
    @WithDefault("cache")
    String namespace();

    /** Time to live of a cached record: the upper bound on how long a stale value can be served. */
    @WithDefault("30s")
    Duration ttl();

    /** Time to live of a "not found" sentinel; keep it shorter than {@link #ttl()} so new records show up quickly. */
    @WithDefault("5s")
    Duration negativeTtl();

    /** Random spread applied to every TTL, as a fraction (0.1 means ±10%), so keys filled together expire apart. */
    @WithDefault("0.1")
    double jitter();

    /** Time to live of the single-flight lock; the holder renews it every third of this while its load runs. */
    @WithDefault("2s")
    Duration lockTtl();

    /** First delay between two polls of a reader waiting for another process's fill; it doubles up to 8 times this. */
    @WithDefault("10ms")
    Duration waitPoll();

    /** Longest a primary read may take before the load is abandoned (and the lock released). */
    @WithDefault("10s")
    Duration loadTimeout();

    /** How many times a cache-only field update is retried when a concurrent writer touches the record. */
    @WithDefault("5")
    int updateRetries();

    /** Longest wait for one Redis call before it counts as failed and the read falls back to the primary. */
    @WithDefault("500ms")
    Duration redisTimeout();

    /** Most invalidations kept while Redis is unreachable; past this, the whole namespace is purged on recovery. */
    @WithDefault("10000")
    int maxPendingInvalidations();

    /** How often invalidations kept during an outage are retried until Redis takes them. */
    @WithDefault("500ms")
    Duration replayInterval();

    /**
     * Most hit-path lookups sent to Redis in one pipeline: the lookups an event loop starts in one turn go together
     * (see {@code LookupPipeline}); 1 sends each on its own. Always 1 on a Redis Cluster.
     */
    @WithDefault("64")
    int maxPipelinedLookups();

    /** The circuit breaker in front of Redis. */
    Breaker breaker();

    /** Reloading entries that are still being read, shortly before they expire. */
    RefreshAhead refreshAhead();

    /** A bounded copy of hot records in this process, kept coherent by Redis's invalidation messages. */
    Near near();

    /** The longest an entry can live: its TTL stretched by the largest jitter. */
    default Duration maxEntryLife() {
        return Duration.ofMillis(Math.round(ttl().toMillis() * (1 + Math.max(0, jitter()))));
    }

    /**
     * Probabilistic early recomputation (XFetch, Vattani et al., VLDB 2015): a hit reloads the entry in the
     * background when {@code ttl remaining <= delta * beta * -ln(random)}, where delta is the mean duration of
     * this process's primary reads. A key read often is reloaded by one reader shortly before it expires,
     * while the others keep getting hits; a key read rarely is left to expire.
     */
    interface RefreshAhead {

        /** Whether hits may reload their entry ahead of expiry. */
        @WithDefault("true")
        boolean enabled();

        /** How early: above 1 reloads earlier (more primary reads), below 1 later (a higher chance of expiry). */
        @WithDefault("1.0")
        double beta();
    }

    /**
     * The near cache ({@code cache.near.*}): records read from Redis are kept in this process and answered from it,
     * with no Redis command, until Redis says the key changed (client-side caching, {@code CLIENT TRACKING} in
     * broadcast mode), the entry's Redis TTL runs out, or the maximum age passes. Off by default, so that the demo
     * shows Redis's latency.
     */
    interface Near {

        /** Whether reads are answered from this process's copy when it has one. */
        @WithDefault("false")
        boolean enabled();

        /** Most records kept; past this, the least used are dropped. */
        @WithDefault("10000")
        long maxSize();

        /** Longest a record is kept, however long its Redis TTL: the bound on staleness if an invalidation is lost. */
        @WithDefault("10s")
        Duration maxAge();

        /** How often the connection that receives invalidations is checked; one that does not answer is replaced. */
        @WithDefault("1s")
        Duration pingInterval();
    }

    /** Settings of the circuit breaker that stops requests from paying the Redis timeout during an outage. */
    interface Breaker {

        /** How many of the latest Redis calls the failure ratio is measured over. */
        @WithDefault("10")
        int requestVolume();

        /** Share of failed calls among the latest ones that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before one trial call may test Redis again. */
        @WithDefault("2s")
        Duration delay();
    }
}
