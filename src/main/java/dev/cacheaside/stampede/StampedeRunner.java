package dev.cacheaside.stampede;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheKeys;
import dev.cacheaside.cache.CacheMetrics;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Outcome;
import io.smallrye.mutiny.Uni;

/**
 * Invalidates a key, then fires simultaneous reads of it through the cache and reports how each was served.
 * The counts come from the readers' own results, so other traffic during the test does not blur them; only
 * {@code primaryReads} is the cache's count of primary reads over the test, the witness that single-flight held.
 */
@ApplicationScoped
public class StampedeRunner {

    private final CacheAside cache;
    private final CacheMetrics metrics;
    private final int maxConcurrency;
    private final AtomicBoolean running = new AtomicBoolean();

    public StampedeRunner(CacheAside cache, CacheMetrics metrics, StampedeConfig config) {
        this.cache = cache;
        this.metrics = metrics;
        this.maxConcurrency = config.maxConcurrency();
    }

    /**
     * Runs one test; at most one runs at a time in this instance, so that clients looping over this endpoint
     * cannot keep a key uncached and the primary busy.
     *
     * @throws InvalidStampedeException at once, before anything is invalidated, for a concurrency out of range
     * @throws dev.cacheaside.cache.InvalidIdException at once for an id that cannot name a key
     * @throws StampedeBusyException (as a failure) when another test is running
     */
    public Uni<StampedeReport> run(String id, Integer concurrency) {
        CacheKeys.validateId(id);
        if (concurrency == null || concurrency < 2 || concurrency > maxConcurrency) {
            throw new InvalidStampedeException("concurrency out of range",
                    "concurrency must be between 2 and " + maxConcurrency + ", got " + concurrency);
        }
        // the slot is taken when the test is subscribed, so a Uni that is never run cannot hold it
        return Uni.createFrom().deferred(() -> running.compareAndSet(false, true)
                ? stampede(id, concurrency).onTermination().invoke(() -> running.set(false))
                : Uni.createFrom().failure(new StampedeBusyException()));
    }

    private Uni<StampedeReport> stampede(String id, int concurrency) {
        // evict, not invalidate: a test writes nothing, so during an outage it fails rather than keeping anything
        return cache.evict(id).chain(ignored -> {
            long readsBefore = metrics.primaryReadsTotal();
            long start = System.nanoTime();
            List<Uni<CacheResult>> readers = new ArrayList<>(concurrency);
            for (int i = 0; i < concurrency; i++) {
                readers.add(cache.get(id));
            }
            return Uni.join().all(readers).andFailFast()
                    .map(results -> report(id, concurrency, results, metrics.primaryReadsTotal() - readsBefore,
                            System.nanoTime() - start));
        });
    }

    private static StampedeReport report(String id, int concurrency, List<CacheResult> results, long primaryReads,
            long elapsedNanos) {
        Map<Outcome, Long> looked = new EnumMap<>(Outcome.class);
        long coalesced = 0;
        boolean found = false;
        List<String> readers = new ArrayList<>(results.size());
        for (CacheResult result : results) {
            found |= result.found();
            if (result.coalesced()) {
                coalesced++;
                readers.add("coalesced");
            } else {
                looked.merge(result.outcome(), 1L, Long::sum);
                readers.add(result.outcome().label());
            }
        }
        long suppressed = looked.getOrDefault(Outcome.SUPPRESSED, 0L);
        return new StampedeReport(id, concurrency, primaryReads, Math.round(elapsedNanos / 1_000.0) / 1_000.0,
                looked.getOrDefault(Outcome.NEAR_HIT, 0L) + looked.getOrDefault(Outcome.HIT, 0L)
                        + looked.getOrDefault(Outcome.NEGATIVE_HIT, 0L),
                looked.getOrDefault(Outcome.MISS, 0L) + suppressed, coalesced, suppressed,
                looked.getOrDefault(Outcome.BYPASS, 0L), found, readers);
    }
}
