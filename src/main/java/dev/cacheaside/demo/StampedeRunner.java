package dev.cacheaside.demo;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Outcome;
import io.smallrye.mutiny.Uni;

/**
 * Invalidates a key, then fires simultaneous reads of it through the cache and reports how each was served.
 * The counts come from the readers' own results, so other traffic during the test does not blur them; only
 * {@code primaryReads} is the primary store's own counter, the witness that single-flight held.
 */
@ApplicationScoped
public class StampedeRunner {

    private final CacheAside cache;

    public StampedeRunner(CacheAside cache) {
        this.cache = cache;
    }

    public Uni<StampedeReport> run(String id, int concurrency) {
        return cache.invalidate(id).chain(ignored -> {
            long readsBefore = cache.primary().reads();
            long start = System.nanoTime();
            List<Uni<CacheResult>> readers = new ArrayList<>(concurrency);
            for (int i = 0; i < concurrency; i++) {
                readers.add(cache.get(id));
            }
            return Uni.join().all(readers).andFailFast()
                    .map(results -> report(id, concurrency, results, cache.primary().reads() - readsBefore,
                            System.nanoTime() - start));
        });
    }

    private static StampedeReport report(String id, int concurrency, List<CacheResult> results, long primaryReads,
            long elapsedNanos) {
        long hits = 0;
        long misses = 0;
        long coalesced = 0;
        long suppressed = 0;
        long bypassed = 0;
        boolean found = false;
        List<String> readers = new ArrayList<>(results.size());
        for (CacheResult result : results) {
            found |= result.found();
            if (result.coalesced()) {
                coalesced++;
                readers.add("coalesced");
                continue;
            }
            readers.add(result.outcome().name().toLowerCase());
            if (result.outcome() == Outcome.BYPASS) {
                bypassed++;
            } else if (result.outcome().hit()) {
                hits++;
            } else {
                misses++;
            }
            if (result.outcome() == Outcome.SUPPRESSED) {
                suppressed++;
            }
        }
        return new StampedeReport(id, concurrency, primaryReads, Math.round(elapsedNanos / 1_000.0) / 1_000.0,
                hits, misses, coalesced, suppressed, bypassed, found, readers);
    }
}
