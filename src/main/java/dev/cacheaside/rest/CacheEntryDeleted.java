package dev.cacheaside.rest;

/**
 * The outcome of deleting one cache entry.
 *
 * @param deleted whether an entry was cached and is now gone
 * @param pending whether Redis could not be reached and the deletion is kept for replay
 */
public record CacheEntryDeleted(String id, boolean deleted, boolean pending) {
}
