package dev.cacheaside.cache;

import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Invalidations that could not reach Redis: kept in {@link PendingInvalidations}, retried on a ticker until
 * Redis takes them, and, until then, a reason for reads of those ids to bypass Redis, so a healed partition
 * never serves a value older than the last write made through this instance.
 * <p>
 * Execution model: reactive and timer-driven, like the rest of the cache; nothing blocks.
 */
final class InvalidationReplay {

    private final GuardedRedis redis;
    private final CacheKeys keys;
    private final CacheConfig config;
    private final PendingInvalidations pending;
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final AtomicReference<Cancellable> ticker = new AtomicReference<>();
    private volatile String purgeCause;

    InvalidationReplay(GuardedRedis redis, CacheKeys keys, CacheConfig config, CacheMetrics metrics) {
        this.redis = redis;
        this.keys = keys;
        this.config = config;
        this.pending = new PendingInvalidations(config.maxPendingInvalidations(), config.maxEntryLife());
        metrics.pendingGauge(pending::size);
    }

    /** Keeps an invalidation that did not reach Redis, or whose outcome is unknown, and starts retrying it. */
    void keep(String id) {
        pending.add(id);
        startTicker();
    }

    /** Keeps an invalidation of every record: the namespace is purged by the next replay. */
    void keepAll(String cause) {
        purgeCause = cause;
        pending.addAll();
        startTicker();
    }

    /** How many invalidations are waiting for Redis (an overflow counts as one more). */
    int size() {
        return pending.size();
    }

    /** Whether Redis may hold a value for this id older than the last write made through this instance. */
    boolean blocks(String id) {
        return pending.blocks(id);
    }

    /**
     * Before a read of an id that Redis may hold stale, replays what is kept; fails with a
     * {@link CacheUnavailableException} if the id is still blocked afterwards, so the read bypasses Redis.
     */
    Uni<Void> replayIfBlocking(String id) {
        if (!pending.blocks(id)) {
            return Uni.createFrom().voidItem();
        }
        return replay().chain(() -> pending.blocks(id)
                ? Uni.createFrom().failure(new CacheUnavailableException(
                        new IllegalStateException("an invalidation of " + id + " is still waiting for Redis")))
                : Uni.createFrom().voidItem());
    }

    /**
     * Retries kept invalidations every {@code replay-interval} until none is left, then stops. Each tick
     * starts a replay of its own (one runs at a time), so a slow replay never backs the ticker up.
     */
    private void startTicker() {
        if (ticker.get() != null) {
            return;
        }
        Cancellable started = Multi.createFrom().ticks().every(config.replayInterval())
                .onOverflow().drop()
                .subscribe().with(tick -> {
                    if (pending.isEmpty()) {
                        stopTicker();
                    } else {
                        replay().subscribe().with(ignored -> {
                        });
                    }
                }, failure -> {
                    Log.warnf("The replay ticker stopped: %s", failure.getMessage());
                    stopTicker();
                });
        if (!ticker.compareAndSet(null, started)) {
            started.cancel();
        }
    }

    private void stopTicker() {
        Cancellable self = ticker.getAndSet(null);
        if (self != null) {
            self.cancel();
        }
        if (!pending.isEmpty()) {
            // an invalidation was kept while this ticker was stopping
            startTicker();
        }
    }

    /** Replays kept invalidations, one replay at a time; never fails. */
    private Uni<Void> replay() {
        if (pending.isEmpty() || !replaying.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = pending.snapshot();
        long overflows = pending.overflowCount();
        Uni<Void> work;
        if (pending.overflowed()) {
            String cause = purgeCause != null ? purgeCause
                    : "more than " + config.maxPendingInvalidations() + " invalidations were kept while it was unreachable";
            work = purgeNamespace().invoke(purged -> {
                pending.purged(ids, overflows);
                purgeCause = null;
                Log.warnf("Purged %d record(s) matching %s from Redis: %s, so no entry written before could be trusted",
                        purged, keys.recordPattern(), cause);
            }).replaceWithVoid();
        } else {
            work = Multi.createFrom().iterable(ids)
                    .onItem().transformToUniAndConcatenate(id -> redis.script(LuaScript.INVALIDATE, keys.of(id))
                            .invoke(() -> pending.replayed(id)))
                    .collect().last().replaceWithVoid();
        }
        return work
                .ifNoItem().after(config.redisTimeout().multipliedBy(20)).fail()
                .invoke(() -> Log.infof("Replayed %d kept invalidation(s) into Redis", ids.size()))
                .onFailure().invoke(failure -> Log.debugf("Replay of kept invalidations failed: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid()
                .onTermination().invoke(() -> replaying.set(false));
    }

    /**
     * Deletes every record of this namespace: the replay of an overflowed set of invalidations. A cluster
     * is not purged: one {@code SCAN} through the cluster client sees one node only, and a purge that
     * missed nodes would clear the overflow falsely; there the overflow ends when the entries have expired.
     */
    /** @return how many records were deleted */
    private Uni<Long> purgeNamespace() {
        return redis.call(ds -> ds.execute("INFO", "cluster"))
                .chain(info -> info.toString().contains("cluster_enabled:1")
                        ? Uni.createFrom().failure(new IllegalStateException(
                                "a Redis Cluster is not purged; reads bypass it until the stale entries have expired"))
                        : scanAndDelete(keys.recordPattern()));
    }

    private Uni<Long> scanAndDelete(String pattern) {
        return redis.call(ds -> ds.key().scan(new KeyScanArgs().match(pattern).count(500)).toMulti()
                .group().intoLists().of(200)
                .onItem().transformToUniAndConcatenate(batch -> ds.key().del(batch.toArray(String[]::new)))
                .collect().with(Collectors.summingLong(Integer::longValue)));
    }
}
