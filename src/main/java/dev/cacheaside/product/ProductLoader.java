package dev.cacheaside.product;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cacheaside.cache.CacheLoader;
import dev.cacheaside.primary.PrimaryStore;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/** What the product cache loads on a miss: the record from the primary store. */
@ApplicationScoped
public class ProductLoader implements CacheLoader {

    private final PrimaryStore primary;

    public ProductLoader(PrimaryStore primary) {
        this.primary = primary;
    }

    /** A span of its own in a trace, child of the request's: how long the primary took. No id in it. */
    @Override
    @WithSpan("primary.load")
    public Uni<Optional<Map<String, String>>> load(String id) {
        return primary.read(id);
    }
}
