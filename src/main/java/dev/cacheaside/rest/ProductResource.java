package dev.cacheaside.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheKeys;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Invalidation;
import dev.cacheaside.cache.Outcome;
import dev.cacheaside.primary.PrimaryStore;
import dev.cacheaside.primary.ProductSchema;
import io.smallrye.mutiny.Uni;

/** Products read through the cache, and written to the primary with invalidation. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
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
        return cache.get(id).map(result -> {
            String xCache = xCache(result);
            if (!result.found()) {
                return ResponseBuilder.<Object> create(Status.NOT_FOUND,
                        new ErrorBody("product not found", "no product has the id '" + id + "'"))
                        .header("X-Cache", xCache).build();
            }
            return ResponseBuilder.<Object> ok(ProductRead.of(result, start)).header("X-Cache", xCache).build();
        });
    }

    /** {@code HIT} when Redis answered, {@code MISS} when the primary did, {@code BYPASS} when Redis was unavailable. */
    static String xCache(CacheResult result) {
        if (result.outcome() == Outcome.BYPASS) {
            return "BYPASS";
        }
        return result.outcome().hit() ? "HIT" : "MISS";
    }

    /**
     * Writes the primary first, then deletes the cache entry, so the next read loads the new value. A write
     * never fails because of Redis: an invalidation that cannot reach it is kept and replayed.
     */
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
            return cache.invalidate(id).map(done -> new ProductUpdated(id, update.field(), update.value(),
                    done == Invalidation.DELETED, done == Invalidation.PENDING));
        });
    }
}
