package dev.cacheaside.cache;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invalidations that could not reach Redis, kept until they can: one entry per id however often it was
 * written, at most {@code max} ids. Past that bound no id is dropped; instead the whole namespace is
 * marked as overflowed, which only a purge of the namespace clears, or else the passing of
 * {@code staleBound} (the longest TTL an entry can have) after the last overflowing write: by then every
 * entry written before it has expired.
 */
final class PendingInvalidations {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final int max;
    private final long staleBoundNanos;
    private volatile boolean overflowed;
    private volatile long lastOverflowNanos;
    /** Counts overflows, so that a purge clears only those that happened before it started. */
    private final AtomicLong overflows = new AtomicLong();

    PendingInvalidations(int max, Duration staleBound) {
        this.max = max;
        this.staleBoundNanos = staleBound.toNanos();
    }

    void add(String id) {
        if (ids.size() >= max && !ids.contains(id)) {
            addAll();
        } else {
            ids.add(id);
        }
    }

    /** Every id at once: as an overflow, cleared by a purge of the namespace or when the stale bound has passed. */
    void addAll() {
        lastOverflowNanos = System.nanoTime();
        overflows.incrementAndGet();
        overflowed = true;
    }

    /** Taken before a purge starts, and handed to {@link #purged}. */
    long overflowCount() {
        return overflows.get();
    }

    /** Whether Redis may hold a value for this id older than the last write. */
    boolean blocks(String id) {
        return overflowed() || ids.contains(id);
    }

    boolean isEmpty() {
        return !overflowed() && ids.isEmpty();
    }

    /** Whether the namespace must be purged; false again once every entry from before the overflow has expired. */
    boolean overflowed() {
        if (overflowed && System.nanoTime() - lastOverflowNanos > staleBoundNanos) {
            overflowed = false;
            ids.clear();
        }
        return overflowed;
    }

    int size() {
        return ids.size() + (overflowed() ? 1 : 0);
    }

    List<String> snapshot() {
        return List.copyOf(ids);
    }

    void replayed(String id) {
        ids.remove(id);
    }

    /**
     * After a purge of the namespace: everything listed before it started is covered, and so is the overflow,
     * unless another one happened while it ran (its SCAN may have passed keys filled before that one).
     */
    void purged(List<String> listedBefore, long overflowsBefore) {
        if (overflows.get() == overflowsBefore) {
            overflowed = false;
        }
        listedBefore.forEach(ids::remove);
    }
}
