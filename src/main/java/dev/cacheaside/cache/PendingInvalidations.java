package dev.cacheaside.cache;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    PendingInvalidations(int max, Duration staleBound) {
        this.max = max;
        this.staleBoundNanos = staleBound.toNanos();
    }

    void add(String id) {
        if (ids.size() >= max && !ids.contains(id)) {
            lastOverflowNanos = System.nanoTime();
            overflowed = true;
        } else {
            ids.add(id);
        }
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

    /** After a purge of the namespace: everything listed before it started is covered. */
    void purged(List<String> listedBefore) {
        overflowed = false;
        listedBefore.forEach(ids::remove);
    }
}
