package dev.cacheaside.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.cacheaside.config.CacheConfig;
import dev.cacheaside.primary.PrimaryStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.keys.RedisKeyNotFoundException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.redis.client.Response;

/**
 * Cache-aside over Redis hashes, in front of a {@link PrimaryStore}.
 * <p>
 * A read looks the record up with one script call that returns its fields and remaining TTL, or on a
 * miss tries to take a single-flight lock. Misses are collapsed twice: concurrent reads of one id in
 * this process share one lookup, and across processes only the holder of the Redis lock reads the
 * primary while the others poll for its fill. The fill is a lease: it is written only if the holder's
 * lock token is still in place, and {@link #invalidate} deletes the lock with the record, so a load
 * that read a value before a write can never put that value back after it.
 * <p>
 * Redis is never the reason a read fails. Every Redis call goes through a timeout and a circuit
 * breaker (SmallRye Fault Tolerance); when one fails, the read is answered from the primary
 * ({@link Outcome#BYPASS}), still coalesced in-process. An invalidation that cannot reach Redis is kept
 * and replayed when Redis answers again, and until then reads of that id bypass Redis, so a healed
 * partition never serves a value older than the last write made through this instance.
 * <p>
 * Execution model: every method returns a {@link Uni} and only uses the reactive Redis API and
 * timers; nothing blocks, so callers may subscribe from an event-loop thread.
 */
@ApplicationScoped
public class CacheAside {

    /** The only field of a "not found" sentinel hash. Records must not use it. */
    static final String ABSENT_FIELD = "__absent";

    private final ReactiveRedisDataSource redis;
    private final ReactiveKeyCommands<String> keyCommands;
    private final ScriptRunner scripts;
    private final CacheKeys keys;
    private final PrimaryStore primary;
    private final CacheMetrics metrics;
    private final CacheConfig config;
    private final Guard guard;
    private final AtomicReference<CircuitBreakerState> breaker = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final PendingInvalidations pending;
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final AtomicReference<Cancellable> replayTicker = new AtomicReference<>();
    private final ConcurrentMap<String, CompletableFuture<CacheResult>> inflight = new ConcurrentHashMap<>();

    @Inject
    public CacheAside(ReactiveRedisDataSource redis, CacheConfig config, PrimaryStore primary, MeterRegistry registry) {
        this.redis = redis;
        this.keyCommands = redis.key();
        this.scripts = new ScriptRunner(redis);
        this.keys = new CacheKeys(config.namespace());
        this.primary = primary;
        this.metrics = new CacheMetrics(registry, config.name());
        this.config = config;
        this.pending = new PendingInvalidations(config.maxPendingInvalidations(),
                Duration.ofMillis(Math.round(config.ttl().toMillis() * (1 + Math.max(0, config.jitter())))));
        this.guard = Guard.create()
                .withDescription("Redis for cache " + config.name())
                .withTimeout().duration(config.redisTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .requestVolumeThreshold(config.breaker().requestVolume())
                .failureRatio(config.breaker().failureRatio())
                .delay(config.breaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .onFailure(metrics::redisError)
                .onStateChange(state -> {
                    breaker.set(state);
                    Log.infof("Circuit breaker in front of Redis (cache %s) is now %s", config.name(), state);
                })
                .done()
                .build();
        metrics.degradedState(registry, config.name(), pending, () -> breaker.get() != CircuitBreakerState.CLOSED);
    }

    void loadScripts(@Observes StartupEvent event) {
        scripts.loadAll().subscribe().with(
                ok -> Log.infof("Loaded %d Lua scripts into Redis", LuaScript.values().length),
                failure -> Log.warnf("Could not load the Lua scripts at startup (%s); they load on first use",
                        failure.getMessage()));
    }

    /**
     * Reads a record through the cache.
     *
     * @return the record, or a result whose {@link CacheResult#found()} is false when the primary has none; it
     *         fails only when the primary fails ({@link PrimaryTimeoutException}), never because of Redis
     * @throws InvalidIdException at once, before any Redis command, for an id that cannot name a key
     */
    public Uni<CacheResult> get(String id) {
        CacheKeys.validateId(id);
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<CacheResult> mine = new CompletableFuture<>();
            CompletableFuture<CacheResult> running = inflight.putIfAbsent(id, mine);
            if (running != null) {
                metrics.coalesced();
                // a copy, so that a caller who goes away cannot cancel the lookup the others wait for
                return Uni.createFrom().completionStage(running.copy()).map(CacheResult::joined);
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
            return Uni.createFrom().completionStage(mine.copy());
        });
    }

    private Uni<CacheResult> lookUp(String id) {
        String token = UUID.randomUUID().toString();
        long start = System.nanoTime();
        return replayIfBlocking(id)
                .chain(() -> script(LuaScript.READ, id, token, millis(config.lockTtl())))
                .onItemOrFailure().transformToUni((reply, failure) -> {
                    Duration redisLatency = Duration.ofNanos(System.nanoTime() - start);
                    if (failure instanceof CacheUnavailableException) {
                        metrics.lookup(Outcome.BYPASS);
                        Log.debugf("Reading %s from the primary, bypassing Redis: %s", id, failure.getMessage());
                        return readPrimary(id)
                                .map(found -> new CacheResult(id, found, Outcome.BYPASS, false, redisLatency, null));
                    }
                    if (failure != null) {
                        return Uni.createFrom().failure(failure);
                    }
                    if (isHit(reply)) {
                        CacheResult result = fromHit(id, reply, redisLatency, false);
                        metrics.lookup(result.outcome());
                        return Uni.createFrom().item(result);
                    }
                    metrics.lookup(Outcome.MISS);
                    if (tookLock(reply)) {
                        return load(id, token, redisLatency);
                    }
                    long deadline = System.nanoTime() + config.loadTimeout().plus(config.lockTtl()).toNanos();
                    return awaitFill(id, token, redisLatency, deadline, config.waitPoll());
                });
    }

    /**
     * Polls while another process holds the lock. Each poll is the same script as the first lookup, so
     * it also takes the lock if the holder released it without a fill (its load failed) or died and let
     * it expire: one waiter becomes the new loader, instead of every waiter reading the primary.
     */
    private Uni<CacheResult> awaitFill(String id, String token, Duration redisLatency, long deadline, Duration delay) {
        if (System.nanoTime() - deadline > 0) {
            Log.warnf("Gave up waiting for the fill of %s; reading the primary without caching", id);
            return readPrimary(id).map(found -> new CacheResult(id, found, Outcome.MISS, false, redisLatency, null));
        }
        Duration nextDelay = min(delay.multipliedBy(2), config.waitPoll().multipliedBy(8));
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                .chain(() -> script(LuaScript.READ, id, token, millis(config.lockTtl())))
                .chain(reply -> {
                    if (isHit(reply)) {
                        metrics.stampedeSuppressed();
                        return Uni.createFrom().item(fromHit(id, reply, redisLatency, true));
                    }
                    if (tookLock(reply)) {
                        return load(id, token, redisLatency);
                    }
                    return awaitFill(id, token, redisLatency, deadline, nextDelay);
                })
                .onFailure(CacheUnavailableException.class).recoverWithUni(failure -> readPrimary(id)
                        .map(found -> new CacheResult(id, found, Outcome.BYPASS, false, redisLatency, null)));
    }

    /** Loads the primary while holding the lock (kept alive until the load ends), then fills. */
    private Uni<CacheResult> load(String id, String token, Duration redisLatency) {
        Cancellable renewal = keepLockAlive(id, token);
        return readPrimary(id)
                .onTermination().invoke(renewal::cancel)
                .onFailure().call(failure -> script(LuaScript.RELEASE, id, token).onFailure().recoverWithNull())
                .chain(found -> fill(id, token, found)
                        .map(ttl -> new CacheResult(id, found, Outcome.MISS, false, redisLatency, ttl)));
    }

    private Uni<Map<String, String>> readPrimary(String id) {
        metrics.primaryRead();
        Timer.Sample sample = Timer.start();
        return primary.read(id)
                .ifNoItem().after(config.loadTimeout()).failWith(() -> new PrimaryTimeoutException(id, config.loadTimeout()))
                .onTermination().invoke(() -> sample.stop(metrics.load()))
                .map(found -> found.orElse(null));
    }

    /** Renews the lock every third of its TTL; a tick that comes while a renewal is still out is skipped. */
    private Cancellable keepLockAlive(String id, String token) {
        Duration every = config.lockTtl().dividedBy(3);
        return Multi.createFrom().ticks().startingAfter(every).every(every)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> script(LuaScript.RENEW, id, token, millis(config.lockTtl()))
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
        Map<String, String> fields = record == null ? Map.of(ABSENT_FIELD, "1") : record;
        String[] args = new String[2 + 2 * fields.size()];
        args[0] = token;
        args[1] = millis(ttl);
        int i = 2;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            args[i++] = field.getKey();
            args[i++] = field.getValue();
        }
        return script(LuaScript.FILL, id, args)
                .map(written -> {
                    if (written.toInteger() == 1) {
                        metrics.put();
                        return ttl;
                    }
                    Log.debugf("The lease on %s was revoked during the load; not caching what it read", id);
                    return (Duration) null;
                })
                .onFailure(CacheUnavailableException.class).recoverWithItem(failure -> {
                    keepForReplay(id);
                    return null;
                });
    }

    /**
     * Deletes a record and its lock. A load in flight loses its lease, and reads that start after this
     * completes no longer join a lookup that started before it. When Redis cannot be reached, the
     * invalidation is kept and replayed later, and reads of the id bypass Redis until then.
     */
    public Uni<Invalidation> invalidate(String id) {
        CacheKeys.validateId(id);
        return script(LuaScript.INVALIDATE, id)
                .map(deleted -> {
                    inflight.remove(id);
                    metrics.invalidation();
                    return deleted.toInteger() == 1 ? Invalidation.DELETED : Invalidation.NOT_CACHED;
                })
                .onFailure(CacheUnavailableException.class).recoverWithItem(failure -> {
                    inflight.remove(id);
                    keepForReplay(id);
                    Log.warnf("Could not invalidate %s (%s); kept for replay", id, failure.getMessage());
                    return Invalidation.PENDING;
                });
    }

    private void keepForReplay(String id) {
        pending.add(id);
        startReplayTicker();
    }

    /**
     * Retries kept invalidations every {@code replay-interval} until none is left, then stops. Each tick
     * starts a replay of its own (one runs at a time), so a slow replay never backs the ticker up.
     */
    private void startReplayTicker() {
        if (replayTicker.get() != null) {
            return;
        }
        Cancellable ticker = Multi.createFrom().ticks().every(config.replayInterval())
                .onOverflow().drop()
                .subscribe().with(tick -> {
                    if (pending.isEmpty()) {
                        stopReplayTicker();
                    } else {
                        replay().subscribe().with(ignored -> {
                        });
                    }
                }, failure -> {
                    Log.warnf("The replay ticker stopped: %s", failure.getMessage());
                    stopReplayTicker();
                });
        if (!replayTicker.compareAndSet(null, ticker)) {
            ticker.cancel();
        }
    }

    private void stopReplayTicker() {
        Cancellable self = replayTicker.getAndSet(null);
        if (self != null) {
            self.cancel();
        }
        if (!pending.isEmpty()) {
            // an invalidation was kept while this ticker was stopping
            startReplayTicker();
        }
    }

    /** Before a read of an id that Redis may hold stale, replay what is kept; the read bypasses Redis if that fails. */
    private Uni<Void> replayIfBlocking(String id) {
        if (!pending.blocks(id)) {
            return Uni.createFrom().voidItem();
        }
        return replay().chain(() -> pending.blocks(id)
                ? Uni.createFrom().failure(new CacheUnavailableException(
                        new IllegalStateException("an invalidation of " + id + " is still waiting for Redis")))
                : Uni.createFrom().voidItem());
    }

    /** Replays kept invalidations, one replay at a time; never fails. */
    private Uni<Void> replay() {
        if (pending.isEmpty() || !replaying.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = pending.snapshot();
        Uni<Void> work;
        if (pending.overflowed()) {
            work = purgeNamespace().invoke(() -> pending.purged(ids));
        } else {
            work = Multi.createFrom().iterable(ids)
                    .onItem().transformToUniAndConcatenate(id -> script(LuaScript.INVALIDATE, id)
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
    private Uni<Void> purgeNamespace() {
        String pattern = keys.record("*").replace("{*}", "*");
        return guarded(() -> redis.execute("INFO", "cluster"))
                .chain(info -> info.toString().contains("cluster_enabled:1")
                        ? Uni.createFrom().failure(new IllegalStateException(
                                "a Redis Cluster is not purged; reads bypass it until the stale entries have expired"))
                        : scanAndDelete(pattern));
    }

    private Uni<Void> scanAndDelete(String pattern) {
        return guarded(() -> keyCommands.scan(new KeyScanArgs().match(pattern).count(500)).toMulti()
                .group().intoLists().of(200)
                .onItem().transformToUniAndConcatenate(batch -> keyCommands.del(batch.toArray(String[]::new)))
                .collect().last().replaceWithVoid());
    }

    /**
     * Sets one field of a cached record, only if the record is cached, with {@code WATCH}/{@code MULTI}/{@code EXEC}.
     * The entry keeps its expiry: a record updated often must still be reloaded within its TTL.
     *
     * @return whether the record was cached and updated
     * @throws UpdateConflictException (as a failure) when concurrent writers won every attempt
     * @throws CacheUnavailableException (as a failure) when Redis cannot be reached
     */
    public Uni<Boolean> updateField(String id, String field, String value) {
        CacheKeys.validateId(id);
        return attemptUpdate(id, keys.record(id), field, value, 1).invoke(metrics::fieldUpdate);
    }

    private Uni<Boolean> attemptUpdate(String id, String key, String field, String value, int attempt) {
        return guarded(() -> redis.withTransaction(
                watched -> watched.key().exists(key).chain(exists -> exists
                        ? watched.hash(String.class).hexists(key, ABSENT_FIELD).map(absent -> !absent)
                        : Uni.createFrom().item(false)),
                (cached, tx) -> cached ? tx.hash(String.class).hset(key, field, value) : tx.discard(),
                key))
                .chain(result -> {
                    if (!result.getPreTransactionResult()) {
                        return Uni.createFrom().item(false);
                    }
                    if (!result.discarded()) {
                        return Uni.createFrom().item(true);
                    }
                    if (attempt > config.updateRetries()) {
                        return Uni.createFrom().failure(new UpdateConflictException(id, attempt));
                    }
                    return attemptUpdate(id, key, field, value, attempt + 1);
                });
    }

    /** The time the entry stays cached, or {@code null} when nothing is cached for this id. */
    public Uni<Duration> ttl(String id) {
        CacheKeys.validateId(id);
        // the Quarkus API answers a missing key with an exception, not PTTL's -2: that is no Redis failure
        return guarded(() -> keyCommands.pttl(keys.record(id))
                .onFailure(RedisKeyNotFoundException.class).recoverWithItem(-2L))
                .map(ms -> ms >= 0 ? Duration.ofMillis(ms) : null);
    }

    public CacheStats stats() {
        return metrics.stats(primary.readLatency().toMillis(), pending.size(), breaker.get().name().toLowerCase());
    }

    public CacheStats resetStats() {
        metrics.reset();
        return stats();
    }

    /** The state of the circuit breaker in front of Redis. */
    public CircuitBreakerState breakerState() {
        return breaker.get();
    }

    public CacheKeys keys() {
        return keys;
    }

    public ScriptRunner scripts() {
        return scripts;
    }

    public PrimaryStore primary() {
        return primary;
    }

    private Uni<Response> script(LuaScript script, String id, String... args) {
        return guarded(() -> scripts.run(script, List.of(keys.record(id), keys.lock(id)), args));
    }

    /** Runs one Redis call behind the timeout and the circuit breaker; any failure becomes a {@link CacheUnavailableException}. */
    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> (Uni<T>) guard.get(call::get, Uni.class))
                .onFailure(failure -> !(failure instanceof CacheUnavailableException))
                .transform(CacheUnavailableException::new);
    }

    private static boolean isHit(Response reply) {
        return reply.get(0).toInteger() == 1;
    }

    private static boolean tookLock(Response reply) {
        return reply.get(1).toInteger() == 1;
    }

    private static CacheResult fromHit(String id, Response reply, Duration redisLatency, boolean waited) {
        long pttl = reply.get(1).toLong();
        Response flat = reply.get(2);
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        boolean absent = fields.containsKey(ABSENT_FIELD);
        Outcome outcome = waited ? Outcome.SUPPRESSED : absent ? Outcome.NEGATIVE_HIT : Outcome.HIT;
        return new CacheResult(id, absent ? null : Map.copyOf(fields), outcome, false, redisLatency,
                pttl >= 0 ? Duration.ofMillis(pttl) : null);
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

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
