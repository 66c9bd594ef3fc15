package dev.cacheaside.cache;

/** What an invalidation did. */
public enum Invalidation {
    /** A cached entry was deleted. */
    DELETED,
    /** Nothing was cached for the id. */
    NOT_CACHED,
    /** Redis could not be reached: the invalidation is kept and replayed when Redis answers again. */
    PENDING
}
