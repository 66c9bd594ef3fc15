package dev.cacheaside.cache;

import java.util.Locale;

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

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The name as the API and the meters spell it: {@code near_hit}, {@code hit}, ... */
    public String label() {
        return label;
    }

    public boolean hit() {
        return this == NEAR_HIT || this == HIT || this == NEGATIVE_HIT;
    }
}
