package dev.cacheaside.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A stampede test: {@code concurrency} simultaneous reads of {@code id} right after an invalidation. */
@RegisterForReflection
public record StampedeRequest(String id, Integer concurrency) {
}
