package dev.cacheaside.rest;

/** Every error the API answers: a short, stable {@code error} and a {@code detail} for people. */
public record ErrorBody(String error, String detail) {
}
