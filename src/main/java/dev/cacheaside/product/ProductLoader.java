package dev.cacheaside.product;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cacheaside.cache.CacheLoader;
import dev.cacheaside.primary.PrimaryStore;
import io.smallrye.mutiny.Uni;

/** What the product cache loads on a miss: the record from the primary store. */
@ApplicationScoped
public class ProductLoader implements CacheLoader {

    private final PrimaryStore primary;

    public ProductLoader(PrimaryStore primary) {
        this.primary = primary;
    }

    @Override
    public Uni<Optional<Map<String, String>>> load(String id) {
        return primary.read(id);
    }
}
