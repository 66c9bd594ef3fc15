package dev.cacheaside.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheKeys;
import dev.cacheaside.primary.PrimaryStore;
import dev.cacheaside.primary.ProductSchema;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** Products read through the cache, and written to the primary with invalidation. */
@Path("/api/products")
public class ProductResource {

    private final CacheAside cache;
    private final PrimaryStore primary;

    public ProductResource(CacheAside cache, PrimaryStore primary) {
        this.cache = cache;
        this.primary = primary;
    }

    @GET
    public ProductList list() {
        return new ProductList(primary.ids());
    }

    @GET
    @Path("/{id}")
    public Uni<RestResponse<Object>> get(@RestPath String id) {
        long start = System.nanoTime();
        CacheKeys.validateId(id);
        return cache.get(id).map(result -> {
            String xCache = result.outcome().hit() ? "HIT" : "MISS";
            if (!result.found()) {
                return ResponseBuilder.<Object> create(Status.NOT_FOUND,
                        new ErrorBody("product not found", "no product has the id '" + id + "'"))
                        .header("X-Cache", xCache).build();
            }
            return ResponseBuilder.<Object> ok(ProductRead.of(result, start)).header("X-Cache", xCache).build();
        });
    }

    /** Writes the primary first, then deletes the cache entry, so the next read loads the new value. */
    @PATCH
    @Path("/{id}")
    public Uni<ProductUpdated> update(@RestPath String id, FieldUpdate update) {
        CacheKeys.validateId(id);
        if (update == null) {
            throw new BadRequestException("missing body", "send {\"field\": \"...\", \"value\": \"...\"}");
        }
        ProductSchema.validate(update.field(), update.value());
        return primary.update(id, update.field(), update.value()).chain(found -> {
            if (!found) {
                return Uni.createFrom().failure(new ProductNotFoundException(id));
            }
            return cache.invalidate(id)
                    .onFailure().recoverWithItem(failure -> {
                        Log.warnf("Product %s was written but its cache entry could not be invalidated: %s",
                                id, failure.getMessage());
                        return false;
                    })
                    .map(invalidated -> new ProductUpdated(id, update.field(), update.value(), invalidated));
        });
    }
}
