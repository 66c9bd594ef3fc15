package dev.cacheaside.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.smallrye.mutiny.Uni;

/** Fires many calls at once from many threads, released together by a latch. */
public final class Concurrently {

    private Concurrently() {
    }

    /**
     * Subscribes {@code calls} Unis from {@code threads} threads that all start at the same instant, and
     * waits for every one. Call {@code i} is made by {@code call.apply(i)}.
     *
     * @return the futures in call order; each completed, normally or not
     */
    public static <T> List<CompletableFuture<T>> run(int calls, int threads, IntFunction<Uni<T>> call) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<T>> results = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            results.add(new CompletableFuture<>());
        }
        try {
            for (int t = 0; t < threads; t++) {
                int first = t;
                pool.submit(() -> {
                    start.await();
                    for (int i = first; i < calls; i += threads) {
                        int index = i;
                        call.apply(index).subscribe().with(results.get(index)::complete,
                                results.get(index)::completeExceptionally);
                    }
                    return null;
                });
            }
            start.countDown();
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                    .exceptionally(failure -> null)
                    .get(60, TimeUnit.SECONDS);
            return results;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #run}, expecting every call to succeed. */
    public static <T> List<T> all(int calls, int threads, IntFunction<Uni<T>> call) {
        return run(calls, threads, call).stream().map(CompletableFuture::join).toList();
    }
}
