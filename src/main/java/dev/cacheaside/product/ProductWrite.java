package dev.cacheaside.product;

import dev.cacheaside.cache.Invalidation;

/**
 * A field written to the primary, and what became of the cache entry.
 *
 * @param invalidation {@link Invalidation#PENDING} when Redis could not be reached: the deletion is kept and
 *        replayed, and reads of the id bypass the cache until then
 */
public record ProductWrite(String id, String field, String value, Invalidation invalidation) {
}
