package dev.cacheaside.rest;

/** The outcome of deleting one cache entry. */
public record CacheEntryDeleted(String id, boolean deleted) {
}
