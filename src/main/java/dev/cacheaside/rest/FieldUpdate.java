package dev.cacheaside.rest;

/** A request to set one field of a product to a new value. */
public record FieldUpdate(String field, String value) {
}
