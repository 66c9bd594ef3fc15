package dev.cacheaside.rest;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The ids the primary store holds. */
@RegisterForReflection
public record ProductList(List<String> products) {
}
