package dev.cacheaside.cache;

/** How a read was answered. */
public enum Outcome {
    /**
     * The record (or its "not found" sentinel) was in this process's near cache, kept coherent with Redis: no
     * Redis command was sent.
     */
    NEAR_HIT,
    /** The record was in Redis. */
    HIT,
    /** A "not found" sentinel was in Redis: the primary had no such record a moment ago. */
    NEGATIVE_HIT,
    /** Nothing was in Redis; this read took the lock and loaded the primary. */
    MISS,
    /** Nothing was in Redis; another process held the lock, and this read waited for its fill. */
    SUPPRESSED,
    /** Redis was unreachable (or might hold a value older than a write): the primary answered, nothing was cached. */
    BYPASS;

    public boolean hit() {
        return this == NEAR_HIT || this == HIT || this == NEGATIVE_HIT;
    }
}
