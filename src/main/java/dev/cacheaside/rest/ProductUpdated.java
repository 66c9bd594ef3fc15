package dev.cacheaside.rest;

/**
 * A field written to the primary.
 *
 * @param invalidated whether a cached entry was deleted (false also when Redis could not be reached)
 */
public record ProductUpdated(String id, String field, String value, boolean invalidated) {
}
