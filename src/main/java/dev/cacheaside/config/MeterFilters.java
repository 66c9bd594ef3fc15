package dev.cacheaside.config;

import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/** Adjustments to every meter before it is registered. */
public class MeterFilters {

    /** The API's paths without a variable part; every other API path is tagged by its template. */
    static final Set<String> STATIC_API_PATHS = Set.of("/api/products", "/api/stats", "/api/admin/stats/reset",
            "/api/admin/stampede");
    private static final Pattern PRODUCT = Pattern.compile("/api/products/[^/]+");
    private static final Pattern CACHE_ENTRY = Pattern.compile("/api/admin/cache/products/[^/]+");

    /**
     * A request refused before it was matched to a route (a 406, a 405, a 400 from {@code CanonicalPathFilter})
     * is tagged by Quarkus with its raw path. Junk paths would then fill the {@code uri} tag's limit, after which
     * real routes are no longer recorded. Such a path is tagged with the template it would have matched, or
     * {@code UNMATCHED}: the tag stays bounded whatever clients send.
     */
    @Produces
    @Singleton
    MeterFilter boundedUriTags() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getName().startsWith("http.server") ? id.getTag("uri") : null;
                if (uri == null || !uri.startsWith("/api/") || uri.indexOf('{') >= 0 || STATIC_API_PATHS.contains(uri)) {
                    return id;
                }
                return id.withTag(Tag.of("uri", templateOf(uri)));
            }
        };
    }

    static String templateOf(String rawPath) {
        if (PRODUCT.matcher(rawPath).matches()) {
            return "/api/products/{id}";
        }
        if (CACHE_ENTRY.matcher(rawPath).matches()) {
            return "/api/admin/cache/products/{id}";
        }
        return "UNMATCHED";
    }

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
