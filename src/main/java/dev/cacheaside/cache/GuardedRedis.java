package dev.cacheaside.cache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;

/**
 * The cache's only way to Redis: every call goes through one timeout and one circuit breaker (SmallRye Fault
 * Tolerance), and any failure reaches the caller as a {@link CacheUnavailableException}, except a reply that
 * is about one key's data ({@code WRONGTYPE}): that is a {@link CorruptEntryException}, and the breaker does not
 * count it, so one bad key cannot take the cache away from every other id. The Lua scripts are
 * loaded at startup and run by SHA through a {@link ScriptRunner}.
 * <p>
 * Execution model: every method returns a {@link Uni} on the reactive Redis API; nothing blocks.
 */
@ApplicationScoped
public class GuardedRedis {

    private final ReactiveRedisDataSource redis;
    private final Redis client;
    private final ReactiveValueCommands<String, String> values;
    private final ScriptRunner scripts;
    private final Guard guard;
    private final AtomicReference<CircuitBreakerState> breaker = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final List<Consumer<CircuitBreakerState>> breakerListeners = new CopyOnWriteArrayList<>();
    private final LookupPipeline lookups;

    @Inject
    public GuardedRedis(ReactiveRedisDataSource redis, CacheConfig config, CacheMetrics metrics,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.client = redis.getRedis();
        this.values = redis.value(String.class, String.class);
        this.scripts = new ScriptRunner(redis);
        // a cluster client refuses a batch whose keys live in different slots: there, each lookup goes alone
        this.lookups = new LookupPipeline(requests -> call(unguarded -> client.batch(requests)),
                "cluster".equalsIgnoreCase(clientType) ? 1 : config.maxPipelinedLookups(), metrics::pipeline);
        this.guard = Guard.create()
                .withDescription("Redis for cache " + config.name())
                .withTimeout().duration(config.redisTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .requestVolumeThreshold(config.breaker().requestVolume())
                .failureRatio(config.breaker().failureRatio())
                .delay(config.breaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(failure -> !CorruptEntryException.isDataError(failure))
                .onFailure(metrics::redisError)
                .onStateChange(state -> {
                    breaker.set(state);
                    breakerListeners.forEach(listener -> listener.accept(state));
                    Log.infof("Circuit breaker in front of Redis (cache %s) is now %s", config.name(), state);
                })
                .done()
                .build();
        metrics.breakerGauge(() -> breaker.get() != CircuitBreakerState.CLOSED);
    }

    void loadScripts(@Observes StartupEvent event) {
        scripts.loadAll().subscribe().with(
                ok -> Log.infof("Loaded %d Lua scripts into Redis", LuaScript.values().length),
                failure -> Log.warnf("Could not load the Lua scripts at startup (%s); they load on first use",
                        failure.getMessage()));
    }

    /**
     * A hash's fields and its PTTL, as {@code HGETALL} and {@code PTTL} sent together on one connection: one
     * network round trip, and no script for Redis to run (1.6 µs of Redis CPU on the machine measured in
     * docs/benchmarks.md, against 9 µs for the same two inside a script). The lookups one event loop starts in
     * one turn share that round trip ({@link LookupPipeline}).
     *
     * @return two replies: the fields (empty when the key does not exist), then the PTTL
     */
    public Uni<List<Response>> hashWithPttl(String key) {
        return lookups.hashWithPttl(key);
    }

    /** {@code SET key value NX PX ttl}: whether the key was absent and is now set. */
    public Uni<Boolean> setIfAbsent(String key, String value, Duration ttl) {
        return call(unguarded -> values.setAndChanged(key, value, new SetArgs().nx().px(ttl)));
    }

    /** Runs one script on the given keys, behind the timeout and the breaker. */
    public Uni<Response> script(LuaScript script, List<String> keys, String... args) {
        return call(unguarded -> scripts.run(script, keys, args));
    }

    /**
     * Runs one Redis call behind the timeout and the circuit breaker. A failure becomes a
     * {@link CorruptEntryException} when it is about one key's data, else a {@link CacheUnavailableException}.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(Function<ReactiveRedisDataSource, Uni<T>> call) {
        return Uni.createFrom().deferred(() -> (Uni<T>) guard.get(() -> call.apply(redis), Uni.class))
                .onFailure(failure -> !(failure instanceof CacheUnavailableException
                        || failure instanceof CorruptEntryException))
                .transform(failure -> CorruptEntryException.isDataError(failure)
                        ? new CorruptEntryException(failure)
                        : new CacheUnavailableException(failure));
    }

    /** Calls {@code listener} with every new state of the circuit breaker, on the thread that changed it. */
    public void onBreakerChange(Consumer<CircuitBreakerState> listener) {
        breakerListeners.add(listener);
    }

    /** The state of the circuit breaker in front of Redis. */
    public CircuitBreakerState breakerState() {
        return breaker.get();
    }

    /**
     * Probes Redis around the breaker, for readiness: whether it holds every script, loading them again if it
     * lost them (it restarted empty). Fails when Redis does not answer.
     */
    public Uni<Void> probeScripts() {
        return scripts.allLoaded().chain(loaded -> loaded ? Uni.createFrom().voidItem() : scripts.loadAll());
    }
}
