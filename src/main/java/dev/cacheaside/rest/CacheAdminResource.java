package dev.cacheaside.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import dev.cacheaside.cache.Invalidation;
import dev.cacheaside.product.ProductService;
import dev.cacheaside.security.AdminConfig;
import io.smallrye.mutiny.Uni;

/** Admin operations on one cache entry, leaving the primary alone. */
@Path("/api/admin/cache/products/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminConfig.ROLE)
public class CacheAdminResource {

    private final ProductService products;

    public CacheAdminResource(ProductService products) {
        this.products = products;
    }

    @DELETE
    public Uni<CacheEntryDeleted> invalidate(@RestPath String id) {
        return products.evictCached(id).map(done -> new CacheEntryDeleted(id, done == Invalidation.DELETED));
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CacheFieldUpdated> updateField(@RestPath String id, FieldUpdate update) {
        FieldUpdate body = FieldUpdate.required(update);
        return products.updateCached(id, body.field(), body.value())
                .map(updated -> new CacheFieldUpdated(id, body.field(), body.value(), updated));
    }
}
