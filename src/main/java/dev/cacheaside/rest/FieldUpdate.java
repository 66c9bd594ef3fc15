package dev.cacheaside.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A request to set one field of a product to a new value. */
@RegisterForReflection
public record FieldUpdate(String field, String value) {
}
