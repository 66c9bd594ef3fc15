package dev.cacheaside.rest;

import java.util.List;

/** The ids the primary store holds. */
public record ProductList(List<String> products) {
}
