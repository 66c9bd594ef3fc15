package dev.cacheaside.cache;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Invalidations that could not reach Redis, kept until they can: one entry per id however often it was
 * written, at most {@code max} ids. Past that bound no id is dropped; instead the whole namespace is
 * marked for a purge, which is the only replay that still covers every write.
 */
final class PendingInvalidations {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final int max;
    private volatile boolean overflowed;

    PendingInvalidations(int max) {
        this.max = max;
    }

    void add(String id) {
        if (ids.size() >= max && !ids.contains(id)) {
            overflowed = true;
        } else {
            ids.add(id);
        }
    }

    /** Whether Redis may hold a value for this id older than the last write. */
    boolean blocks(String id) {
        return overflowed || ids.contains(id);
    }

    boolean isEmpty() {
        return !overflowed && ids.isEmpty();
    }

    boolean overflowed() {
        return overflowed;
    }

    int size() {
        return ids.size();
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
