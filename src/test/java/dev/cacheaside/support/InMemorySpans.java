package dev.cacheaside.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Keeps the spans of the application under test in memory, where a test can read them. Quarkus exports to every
 * {@code SpanExporter} bean; with tracing off (the default) nothing is ever made.
 */
@Singleton
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
