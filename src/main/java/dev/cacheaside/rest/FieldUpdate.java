package dev.cacheaside.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A request to set one field of a product to a new value. */
@RegisterForReflection
public record FieldUpdate(String field, String value) {

    /** The body itself, or a 400 when the request had none. */
    static FieldUpdate required(FieldUpdate update) {
        if (update == null) {
            throw new BadRequestException("missing body", "send {\"field\": \"...\", \"value\": \"...\"}");
        }
        return update;
    }
}
