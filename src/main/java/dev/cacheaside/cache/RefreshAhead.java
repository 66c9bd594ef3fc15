package dev.cacheaside.cache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.logging.Log;

/**
 * Refresh-ahead by probabilistic early recomputation (XFetch, Vattani, Chierichetti and Lowenstein, "Optimal
 * Probabilistic Cache Stampede Prevention", VLDB 2015). Each hit draws: the closer the entry is to its expiry,
 * relative to how long a load takes, the likelier this hit starts a reload in the background. The reload is
 * the miss path's load under its lock, so it stays single-flight across processes and lease-guarded against a
 * concurrent write; in this process at most one reload of an id runs at a time. The hit itself never waits.
 */
final class RefreshAhead {

    /** The delta to assume before this process has timed a primary read of its own. */
    static final double DEFAULT_DELTA_MS = 100;

    private final boolean enabled;
    private final double beta;
    private final SingleFlight singleFlight;
    private final CacheMetrics metrics;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    RefreshAhead(CacheConfig.RefreshAhead config, SingleFlight singleFlight, CacheMetrics metrics) {
        this.enabled = config.enabled();
        this.beta = config.beta();
        this.singleFlight = singleFlight;
        this.metrics = metrics;
    }

    /** After a hit: starts a reload of {@code id} in the background if the draw says it is time. */
    void consider(String id, Duration ttlRemaining) {
        if (!enabled || ttlRemaining == null) {
            return;
        }
        double meanLoadMs = metrics.meanLoadMillis();
        double delta = meanLoadMs > 0 ? meanLoadMs : DEFAULT_DELTA_MS;
        // 1 - nextDouble() is in (0, 1], so the logarithm is finite
        if (!due(ttlRemaining.toMillis(), delta, beta, 1 - ThreadLocalRandom.current().nextDouble())
                || !running.add(id)) {
            return;
        }
        singleFlight.refresh(id)
                .onTermination().invoke(() -> running.remove(id))
                .subscribe().with(
                        reloaded -> {
                            if (reloaded) {
                                metrics.refresh();
                            }
                        },
                        failure -> Log.debugf("Refresh-ahead of %s failed; the entry expires as usual: %s", id,
                                failure.getMessage()));
    }

    /** The XFetch test: {@code ttl <= delta * beta * -ln(random)}, with {@code random} in (0, 1]. */
    static boolean due(long ttlRemainingMs, double deltaMs, double beta, double random) {
        return ttlRemainingMs <= deltaMs * beta * -Math.log(random);
    }
}
