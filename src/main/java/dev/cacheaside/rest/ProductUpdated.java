package dev.cacheaside.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A field written to the primary.
 *
 * @param invalidated whether a cached entry was deleted
 * @param invalidationPending whether Redis could not be reached: the deletion is kept and replayed when it is back,
 *        and until then reads of this id bypass the cache
 */
@RegisterForReflection
public record ProductUpdated(String id, String field, String value, boolean invalidated, boolean invalidationPending) {
}
