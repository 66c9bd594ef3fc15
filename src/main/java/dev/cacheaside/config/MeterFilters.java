package dev.cacheaside.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/** Adjustments to every meter before it is registered. */
public class MeterFilters {

    /**
     * The Prometheus text format allows no escaped quote in a {@code # HELP} line, yet a JVM binder's
     * description has one ({@code The "cpu time" used by ...}) and {@code promtool check metrics} then
     * rejects the whole exposition. Plain quotes in descriptions become apostrophes.
     */
    @Produces
    @Singleton
    MeterFilter noQuotesInDescriptions() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = id.getDescription();
                if (description == null || description.indexOf('"') < 0) {
                    return id;
                }
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
                        description.replace('"', '\''), id.getType());
            }
        };
    }
}
