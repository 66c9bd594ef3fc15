package dev.cacheaside.rest;

/** Durations in JSON: milliseconds with microsecond precision. */
final class Millis {

    private Millis() {
    }

    static double of(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
