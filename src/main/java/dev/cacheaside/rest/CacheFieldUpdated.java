package dev.cacheaside.rest;

/** The outcome of a cache-only field update: {@code updated} is false when the record was not cached. */
public record CacheFieldUpdated(String id, String field, String value, boolean updated) {
}
