package dev.cacheaside.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Outcome;

/**
 * Threads that read a set of ids through a cache, round and round, until stopped, for fault tests: each outcome
 * is recorded under the phase it happened in (before, during, after a fault), and a read that fails or finds
 * nothing counts as a failure.
 */
public final class ReadersUnderLoad {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger phase = new AtomicInteger();
    private final List<List<Outcome>> phases = new ArrayList<>();
    private final ExecutorService pool;
    private final List<CompletableFuture<Void>> loops = new ArrayList<>();

    private ReadersUnderLoad(int threads, int phaseCount) {
        pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < phaseCount; i++) {
            phases.add(Collections.synchronizedList(new ArrayList<>()));
        }
    }

    /**
     * @param afterEachRead run by a reader after each read, e.g. to sample the breaker's state
     */
    public static ReadersUnderLoad start(CacheAside cache, List<String> ids, int threads, int phaseCount,
            Runnable afterEachRead) {
        ReadersUnderLoad readers = new ReadersUnderLoad(threads, phaseCount);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            readers.loops.add(CompletableFuture.runAsync(() -> {
                for (int i = offset; readers.running.get(); i++) {
                    List<Outcome> outcomes = readers.phases.get(readers.phase.get());
                    try {
                        CacheResult result = cache.get(ids.get(i % ids.size())).await().atMost(AWAIT);
                        if (result.found()) {
                            outcomes.add(result.outcome());
                        } else {
                            readers.failures.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        readers.failures.incrementAndGet();
                    }
                    afterEachRead.run();
                }
            }, readers.pool));
        }
        return readers;
    }

    /** Reads from now on are recorded under the next phase. */
    public void nextPhase() {
        phase.incrementAndGet();
    }

    /** Stops the readers and waits for the reads in flight. */
    public void stop() throws Exception {
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        pool.shutdown();
    }

    public List<Outcome> phase(int index) {
        return phases.get(index);
    }

    public long count(int index, Outcome outcome) {
        return phases.get(index).stream().filter(o -> o == outcome).count();
    }

    public int failures() {
        return failures.get();
    }
}
