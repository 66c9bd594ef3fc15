package dev.cacheaside.cache;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.cacheaside.cache.near.NearCache;
import org.eclipse.microprofile.context.ThreadContext;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.keys.RedisKeyNotFoundException;
import io.smallrye.context.CleanAutoCloseable;
import io.smallrye.context.SmallRyeThreadContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.redis.client.Response;

/**
 * Cache-aside over Redis hashes, in front of whatever a {@link CacheLoader} reads.
 * <p>
 * A read is answered from this process's {@link NearCache} when it is on and holds the record (no Redis command
 * at all); otherwise it looks the record up with one pipelined {@code HGETALL} + {@code PTTL}; only on a miss does
 * it run a script that checks again and tries to take a single-flight lock. A hit shortly before the entry expires
 * may start a reload in the background ({@link RefreshAhead}), so hot keys do not expire under their readers.
 * Misses are collapsed twice: concurrent reads of one id in
 * this process share one lookup, and across processes only the holder of the Redis lock calls the
 * loader while the others poll for its fill. The fill is a lease: it is written only if the holder's
 * lock token is still in place, and {@link #invalidate} deletes the lock with the record, so a load
 * that read a value before a write can never put that value back after it.
 * <p>
 * Redis is never the reason a read fails. Every Redis call goes through {@link GuardedRedis}; when one
 * fails, the read is answered by the loader ({@link Outcome#BYPASS}), still coalesced in-process. An
 * invalidation that cannot reach Redis is kept and replayed ({@link InvalidationReplay}).
 * <p>
 * Execution model: every method returns a {@link Uni} and only uses the reactive Redis API and
 * timers; nothing blocks, so callers may subscribe from an event-loop thread.
 */
@ApplicationScoped
public class CacheAside {

    /** Repeated warnings (Redis unavailable, corrupt keys) are written at most once per this interval. */
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

    private final GuardedRedis redis;
    private final CacheMetrics metrics;
    private final CacheKeys keys;
    private final InvalidationReplay replay;
    private final SingleFlight singleFlight;
    private final RefreshAhead refreshAhead;
    private final FieldUpdater fieldUpdater;
    private final NearCache near;
    private final ConcurrentMap<String, CompletableFuture<CacheResult>> inflight = new ConcurrentHashMap<>();
    /**
     * What the Unis of a read carry of the caller's thread context: nothing. SmallRye Context Propagation otherwise
     * captures and restores every context (CDI request, transaction, ...) around each Mutiny operator, which was a
     * third of the CPU of a hit (docs/benchmarks.md); the cache needs none of them, and the Vert.x context, which
     * tracing uses, travels on its own.
     */
    private final SmallRyeThreadContext noContext = SmallRyeThreadContext.builder()
            .propagated(ThreadContext.NONE).cleared(ThreadContext.NONE).unchanged(ThreadContext.ALL_REMAINING).build();
    private final ThrottledWarning corruptEntries = new ThrottledWarning(CacheAside.class, WARNING_INTERVAL);
    private final ThrottledWarning keptInvalidations = new ThrottledWarning(CacheAside.class, WARNING_INTERVAL);

    @Inject
    public CacheAside(GuardedRedis redis, CacheLoader loader, CacheConfig config, CacheMetrics metrics,
            NearCache near) {
        this.redis = redis;
        this.near = near;
        this.metrics = metrics;
        this.keys = new CacheKeys(config.namespace());
        this.replay = new InvalidationReplay(redis, keys, config, metrics);
        this.singleFlight = new SingleFlight(redis, loader, config, metrics, keys, replay);
        this.refreshAhead = new RefreshAhead(config.refreshAhead(), singleFlight, metrics);
        this.fieldUpdater = new FieldUpdater(redis, keys, config.updateRetries());
        if (near.enabled()) {
            metrics.nearGauges(near::size, near::tracking);
        }
    }

    /**
     * Reads a record through the cache.
     *
     * @return the record, or a result whose {@link CacheResult#found()} is false when the loader has none; it
     *         fails only when the loader fails ({@link PrimaryTimeoutException}), never because of Redis
     * @throws InvalidIdException at once, before any Redis command, for an id that cannot name a key
     */
    public Uni<CacheResult> get(String id) {
        CacheKeys.validateId(id);
        // one Uni, whatever answers: each operator costs a context capture on every read
        return Uni.createFrom().emitter(emitter -> {
            try (CleanAutoCloseable none = SmallRyeThreadContext.withThreadContext(noContext)) {
                read(id, emitter);
            }
        });
    }

    private void read(String id, UniEmitter<? super CacheResult> emitter) {
        CacheResult kept = near.get(id);
        if (kept != null) {
            metrics.lookup(Outcome.NEAR_HIT);
            refreshAhead.consider(id, kept.ttlRemaining());
            emitter.complete(kept);
            return;
        }
        CompletableFuture<CacheResult> mine = new CompletableFuture<>();
        CompletableFuture<CacheResult> running = inflight.putIfAbsent(id, mine);
        if (running != null) {
            metrics.coalesced();
            // the caller only listens: one who goes away cannot cancel the lookup the others wait for
            running.whenComplete((result, failure) -> answer(emitter, result == null ? null : result.joined(),
                    failure));
            return;
        }
        lookUp(id).subscribe().with(
                result -> {
                    inflight.remove(id, mine);
                    mine.complete(result);
                },
                failure -> {
                    inflight.remove(id, mine);
                    mine.completeExceptionally(failure);
                });
        mine.whenComplete((result, failure) -> answer(emitter, result, failure));
    }

    private static void answer(UniEmitter<? super CacheResult> emitter, CacheResult result, Throwable failure) {
        // the futures are completed directly, never by a stage, so a failure arrives as it was raised
        if (failure != null) {
            emitter.fail(failure);
        } else {
            emitter.complete(result);
        }
    }

    /**
     * The hit path is one round trip: {@code HGETALL} and {@code PTTL} pipelined, no script and no lock token.
     * Only when that finds nothing does the miss path run its atomic check-and-lock script ({@link SingleFlight}).
     * What a hit finds goes into the near cache, unless an invalidation of the id came in while the read was out.
     */
    private Uni<CacheResult> lookUp(String id) {
        long start = System.nanoTime();
        String key = keys.record(id);
        NearCache.Ticket ticket = near.beforeRead(id);
        Uni<List<Response>> pair = replay.blocks(id)
                ? replay.replayIfBlocking(id).chain(() -> redis.hashWithPttl(key))
                : redis.hashWithPttl(key);
        return pair.onItemOrFailure().transformToUni((reply, failure) -> {
            Duration redisLatency = Duration.ofNanos(System.nanoTime() - start);
            CacheResult hit = failure == null ? ReadReply.fromPair(id, reply, redisLatency) : null;
            if (hit != null) {
                near.afterRead(ticket, hit);
            } else {
                near.abandon(ticket);
            }
            if (failure instanceof CacheUnavailableException) {
                metrics.lookup(Outcome.BYPASS);
                Log.debugf("Reading %s from the primary, bypassing Redis: %s", id, failure.getMessage());
                return singleFlight.bypass(id, redisLatency);
            }
            if (failure instanceof CorruptEntryException) {
                // not an outage: the miss path reads the key again in its script, treats it as missing, and the
                // fill replaces it
                metrics.lookup(Outcome.MISS);
                corruptEntries.warn("A cache key of %s holds a value of the wrong type; it is reloaded", id);
                return singleFlight.afterMiss(id, redisLatency);
            }
            if (failure != null) {
                return Uni.createFrom().failure(failure);
            }
            if (hit != null) {
                metrics.lookup(hit.outcome());
                refreshAhead.consider(id, hit.ttlRemaining());
                return Uni.createFrom().item(hit);
            }
            metrics.lookup(Outcome.MISS);
            return singleFlight.afterMiss(id, redisLatency);
        });
    }

    /**
     * After a write to the primary: deletes the record and its lock. A load in flight loses its lease, and reads
     * that start after this completes no longer join a lookup that started before it. When Redis cannot be
     * reached, the invalidation is kept and replayed later, and reads of the id bypass Redis until then.
     */
    public Uni<Invalidation> invalidate(String id) {
        return evict(id).onFailure(CacheUnavailableException.class).recoverWithItem(failure -> {
            replay.keep(id);
            keptInvalidations.warn("Could not invalidate %s (%s); kept for replay", id, failure.getMessage());
            return Invalidation.PENDING;
        });
    }

    /**
     * When any record may have changed without this instance knowing which: every read bypasses Redis until the
     * namespace has been purged (on a Redis Cluster, which is not purged, until every entry from before has
     * expired). Never fails.
     *
     * @param cause why, for the log line that reports the purge
     */
    public void invalidateAll(String cause) {
        near.flush(cause);
        replay.keepAll(cause);
    }

    /**
     * Deletes the record and its lock when nothing was written: the entry is not stale, so there is nothing to
     * keep for later when Redis is unavailable (and made-up ids cannot fill the kept invalidations).
     *
     * @throws CacheUnavailableException (as a failure) when Redis cannot be reached; nothing was deleted
     */
    public Uni<Invalidation> evict(String id) {
        CacheKeys.validateId(id);
        // dropped from the near cache before and after: the second voids a read that raced the delete, without
        // waiting for Redis's invalidation message to come back
        near.invalidate(id);
        return redis.script(LuaScript.INVALIDATE, keys.of(id))
                .onTermination().invoke(() -> {
                    inflight.remove(id);
                    near.invalidate(id);
                })
                .map(deleted -> {
                    metrics.invalidation();
                    return deleted.toInteger() == 1 ? Invalidation.DELETED : Invalidation.NOT_CACHED;
                });
    }

    /**
     * Sets one field of a cached record, only if the record is cached; the entry keeps its expiry.
     *
     * @return whether the record was cached and updated
     * @throws UpdateConflictException (as a failure) when concurrent writers won every attempt
     * @throws CacheUnavailableException (as a failure) when Redis cannot be reached
     */
    public Uni<Boolean> updateField(String id, String field, String value) {
        CacheKeys.validateId(id);
        return fieldUpdater.update(id, field, value)
                .onTermination().invoke(() -> near.invalidate(id))
                .invoke(metrics::fieldUpdate);
    }

    /** The time the entry stays cached, or {@code null} when nothing is cached for this id. */
    public Uni<Duration> ttl(String id) {
        CacheKeys.validateId(id);
        String key = keys.record(id);
        // the Quarkus API answers a missing key with an exception, not PTTL's -2: that is no Redis failure
        return redis.call(ds -> ds.key().pttl(key).onFailure(RedisKeyNotFoundException.class).recoverWithItem(-2L))
                .map(ms -> ms >= 0 ? Duration.ofMillis(ms) : null);
    }

    public CacheStats stats() {
        return metrics.stats(replay.size(), redis.breakerState().name().toLowerCase(Locale.ROOT), nearState(),
                near.size());
    }

    /** {@code off} when not configured, {@code tracking} while in use, {@code down} while tracking is lost. */
    private String nearState() {
        return !near.enabled() ? "off" : near.tracking() ? "tracking" : "down";
    }

    public CacheStats resetStats() {
        metrics.reset();
        return stats();
    }
}
