package dev.cacheaside.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every error the API answers: a short, stable {@code error} and a {@code detail} for people. */
@RegisterForReflection
public record ErrorBody(String error, String detail) {
}
