package dev.cacheaside.rest;

/** A stampede test: {@code concurrency} simultaneous reads of {@code id} right after an invalidation. */
public record StampedeRequest(String id, Integer concurrency) {
}
