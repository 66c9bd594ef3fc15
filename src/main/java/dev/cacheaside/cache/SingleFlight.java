package dev.cacheaside.cache;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The miss path across processes. The reader whose lookup took the Redis lock loads the record (renewing
 * the lock while the load runs) and fills it as a lease: {@code fill.lua} writes only while the lock still
 * holds the reader's token, so an invalidation during the load, which deletes the lock, makes the fill a
 * no-op. Readers that found the lock taken poll for the fill, and take the lock over if its holder gave up
 * or died.
 * <p>
 * Execution model: reactive and timer-driven; nothing blocks.
 */
final class SingleFlight {

    private final GuardedRedis redis;
    private final CacheLoader loader;
    private final CacheConfig config;
    private final CacheMetrics metrics;
    private final CacheKeys keys;
    private final InvalidationReplay replay;
    private final String lockTtl;
    private final String tokenPrefix = UUID.randomUUID() + ":";
    private final AtomicLong tokens = new AtomicLong();

    SingleFlight(GuardedRedis redis, CacheLoader loader, CacheConfig config, CacheMetrics metrics, CacheKeys keys,
            InvalidationReplay replay) {
        this.redis = redis;
        this.loader = loader;
        this.config = config;
        this.metrics = metrics;
        this.keys = keys;
        this.replay = replay;
        this.lockTtl = Long.toString(config.lockTtl().toMillis());
    }

    /**
     * After a lookup found nothing: {@code read.lua} checks again and takes the lock in one atomic step. Its
     * holder loads; a record that appeared meanwhile is another process's fill; otherwise this reader waits.
     */
    Uni<CacheResult> afterMiss(String id, Duration redisLatency) {
        long deadline = System.nanoTime() + config.loadTimeout().plus(config.lockTtl()).toNanos();
        return poll(id, newToken(), redisLatency, deadline, Duration.ZERO);
    }

    /**
     * Reloads a record that is still cached, if no one is loading it: takes the lock with {@code SET NX PX}
     * (the record exists, so {@code read.lua} would not), then loads and fills like a miss, under the same
     * lease. Readers keep getting the cached record meanwhile.
     *
     * @return whether this call reloaded the record
     */
    Uni<Boolean> refresh(String id) {
        String token = newToken();
        return redis.setIfAbsent(keys.lock(id), token, config.lockTtl())
                .chain(took -> took
                        ? load(id, token, Duration.ZERO).replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    /**
     * One run of {@code read.lua}, after {@code delay}, then again with backoff while another process holds the
     * lock. Each poll also takes the lock if the holder released it without a fill (its load failed) or died and
     * let it expire: one waiter becomes the new loader, instead of every waiter reading the primary.
     */
    private Uni<CacheResult> poll(String id, String token, Duration redisLatency, long deadline, Duration delay) {
        if (System.nanoTime() - deadline > 0) {
            Log.warnf("Gave up waiting for the fill of %s; reading the primary without caching", id);
            return readPrimary(id).map(found -> new CacheResult(id, found, Outcome.MISS, false, redisLatency, null));
        }
        Duration nextDelay = delay.isZero() ? config.waitPoll() : min(delay.multipliedBy(2), config.waitPoll().multipliedBy(8));
        Uni<Void> after = delay.isZero() ? Uni.createFrom().voidItem() : Uni.createFrom().voidItem().onItem().delayIt().by(delay);
        return after
                .chain(() -> redis.script(LuaScript.READ, keys.of(id), token, lockTtl))
                .chain(reply -> {
                    if (ReadReply.isHit(reply)) {
                        metrics.stampedeSuppressed();
                        return Uni.createFrom().item(ReadReply.toResult(id, reply, redisLatency, true));
                    }
                    if (ReadReply.tookLock(reply)) {
                        return load(id, token, redisLatency);
                    }
                    return poll(id, token, redisLatency, deadline, nextDelay);
                })
                .onFailure(CacheUnavailableException.class).recoverWithUni(failure -> bypass(id, redisLatency));
    }

    /** A lock token unique to this process and this attempt, without a secure random per call. */
    private String newToken() {
        return tokenPrefix + tokens.incrementAndGet();
    }

    /** Answers from the primary without the cache: Redis is unavailable, or may hold a value older than a write. */
    Uni<CacheResult> bypass(String id, Duration redisLatency) {
        return readPrimary(id).map(found -> new CacheResult(id, found, Outcome.BYPASS, false, redisLatency, null));
    }

    /** Loads the primary while holding the lock (kept alive until the load ends), then fills. */
    private Uni<CacheResult> load(String id, String token, Duration redisLatency) {
        Cancellable renewal = keepLockAlive(id, token);
        return readPrimary(id)
                .onTermination().invoke(renewal::cancel)
                .onFailure().call(failure -> redis.script(LuaScript.RELEASE, keys.of(id), token).onFailure().recoverWithNull())
                .chain(found -> fill(id, token, found)
                        .map(ttl -> new CacheResult(id, found, Outcome.MISS, false, redisLatency, ttl)));
    }

    private Uni<Map<String, String>> readPrimary(String id) {
        metrics.primaryRead();
        Timer.Sample sample = Timer.start();
        return loader.load(id)
                .ifNoItem().after(config.loadTimeout()).failWith(() -> new PrimaryTimeoutException(id, config.loadTimeout()))
                .onTermination().invoke(() -> sample.stop(metrics.load()))
                .map(found -> found.orElse(null));
    }

    /** Renews the lock every third of its TTL; a tick that comes while a renewal is still out is skipped. */
    private Cancellable keepLockAlive(String id, String token) {
        Duration every = config.lockTtl().dividedBy(3);
        return Multi.createFrom().ticks().startingAfter(every).every(every)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> redis.script(LuaScript.RENEW, keys.of(id), token, lockTtl)
                        .onFailure().recoverWithNull())
                .subscribe().with(
                        renewed -> {
                            if (renewed != null && renewed.toInteger() == 0) {
                                Log.debugf("Lost the lock on %s during the load; its fill will be refused", id);
                            }
                        },
                        failure -> Log.debugf("Stopped renewing the lock on %s: %s", id, failure.getMessage()));
    }

    /**
     * @return the TTL given to the entry, or {@code null} when nothing was written: the lease was lost, or
     *         Redis did not answer (then the outcome is unknown, and the id is invalidated once Redis is back)
     */
    private Uni<Duration> fill(String id, String token, Map<String, String> record) {
        Duration ttl = jittered(record == null ? config.negativeTtl() : config.ttl());
        Map<String, String> fields = record == null ? Map.of(ReadReply.ABSENT_FIELD, "1") : record;
        String[] args = new String[2 + 2 * fields.size()];
        args[0] = token;
        args[1] = Long.toString(ttl.toMillis());
        int i = 2;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            args[i++] = field.getKey();
            args[i++] = field.getValue();
        }
        return redis.script(LuaScript.FILL, keys.of(id), args)
                .map(written -> {
                    if (written.toInteger() == 1) {
                        metrics.put();
                        return ttl;
                    }
                    Log.debugf("The lease on %s was revoked during the load; not caching what it read", id);
                    return (Duration) null;
                })
                .onFailure(CacheUnavailableException.class).recoverWithItem(failure -> {
                    replay.keep(id);
                    return null;
                });
    }

    private Duration jittered(Duration ttl) {
        double spread = config.jitter();
        if (spread <= 0) {
            return ttl;
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-spread, spread);
        return Duration.ofMillis(Math.max(1, Math.round(ttl.toMillis() * factor)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
