package dev.cacheaside.product;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheKeys;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Invalidation;
import dev.cacheaside.primary.PrimaryStore;
import dev.cacheaside.primary.ProductSchema;
import io.smallrye.mutiny.Uni;

/**
 * Products, read through the cache and written to the primary. Holds the write policy: validate once
 * (the id, then {@link ProductSchema}), write the primary, and only after it committed invalidate the cache
 * entry, so the next read loads the new value. A write never fails because of Redis: an invalidation that
 * cannot reach it is kept, replayed, and reported as pending.
 * <p>
 * Execution model: every method returns a {@link Uni}; validation failures are thrown at once, before
 * anything is read or written.
 */
@ApplicationScoped
public class ProductService {

    private final PrimaryStore primary;
    private final CacheAside cache;

    public ProductService(PrimaryStore primary, CacheAside cache) {
        this.primary = primary;
        this.cache = cache;
    }

    public Uni<List<String>> ids() {
        return primary.ids();
    }

    /** Which primary store is behind the cache: {@code mock} or {@code postgresql}. */
    public String primaryKind() {
        return primary.kind();
    }

    public Uni<CacheResult> read(String id) {
        return cache.get(id);
    }

    /**
     * Sets one field in the primary, then invalidates the cached record.
     *
     * @throws ProductNotFoundException (as a failure) when the primary has no such product; nothing was written
     */
    public Uni<ProductWrite> update(String id, String field, String value) {
        CacheKeys.validateId(id);
        ProductSchema.validate(field, value);
        return primary.update(id, field, value).chain(found -> found
                ? cache.invalidate(id).map(done -> new ProductWrite(id, field, value, done))
                : Uni.createFrom().failure(new ProductNotFoundException(id)));
    }

    /** Sets one field of the cached record only, if it is cached; the primary is left alone. */
    public Uni<Boolean> updateCached(String id, String field, String value) {
        CacheKeys.validateId(id);
        ProductSchema.validate(field, value);
        return cache.updateField(id, field, value);
    }

    /**
     * Deletes the cached record only; the next read loads it again. Nothing was written, so when Redis is
     * unavailable this fails (503) rather than being kept for replay.
     */
    public Uni<Invalidation> evictCached(String id) {
        return cache.evict(id);
    }
}
