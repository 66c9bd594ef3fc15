package dev.cacheaside.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The outcome of deleting one cache entry.
 *
 * @param deleted whether an entry was cached and is now gone
 */
@RegisterForReflection
public record CacheEntryDeleted(String id, boolean deleted) {
}
