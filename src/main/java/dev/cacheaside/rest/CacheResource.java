package dev.cacheaside.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheKeys;
import dev.cacheaside.cache.Invalidation;
import dev.cacheaside.primary.ProductSchema;
import io.smallrye.mutiny.Uni;

/** Direct operations on cache entries, leaving the primary alone. */
@Path("/api/cache/products/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    private final CacheAside cache;

    public CacheResource(CacheAside cache) {
        this.cache = cache;
    }

    @DELETE
    public Uni<CacheEntryDeleted> invalidate(@RestPath String id) {
        return cache.invalidate(id).map(done -> new CacheEntryDeleted(id, done == Invalidation.DELETED,
                done == Invalidation.PENDING));
    }

    @PATCH
    public Uni<CacheFieldUpdated> updateField(@RestPath String id, FieldUpdate update) {
        CacheKeys.validateId(id);
        if (update == null) {
            throw new BadRequestException("missing body", "send {\"field\": \"...\", \"value\": \"...\"}");
        }
        ProductSchema.validate(update.field(), update.value());
        return cache.updateField(id, update.field(), update.value())
                .map(updated -> new CacheFieldUpdated(id, update.field(), update.value(), updated));
    }
}
