package dev.cacheaside.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The outcome of a cache-only field update: {@code updated} is false when the record was not cached. */
@RegisterForReflection
public record CacheFieldUpdated(String id, String field, String value, boolean updated) {
}
