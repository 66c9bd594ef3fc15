package dev.cacheaside.rest;


import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Invalidation;
import dev.cacheaside.product.ProductNotFoundException;
import dev.cacheaside.product.ProductService;
import dev.cacheaside.security.AdminConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/** Products read through the cache, and written to the primary with invalidation. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("cache.outcome");
    static final AttributeKey<Boolean> COALESCED = AttributeKey.booleanKey("cache.coalesced");
    private static final String X_CACHE = "X-Cache";

    private final ProductService products;

    public ProductResource(ProductService products) {
        this.products = products;
    }

    @GET
    public Uni<ProductList> list() {
        return products.ids().map(ProductList::new);
    }

    @GET
    @Path("/{id}")
    // the record, or a 404 (ErrorMapper); both carry X-Cache. The type is static, so Quarkus REST picks the JSON
    // writer at build time rather than looking one up for each answer
    public Uni<ProductRead> get(@RestPath String id, HttpServerResponse response) {
        long start = System.nanoTime();
        // the request's server span: how the cache served it goes on it as attributes (never the id)
        Span span = Span.current();
        return products.read(id).map(result -> {
            span.setAttribute(OUTCOME, result.outcome().label());
            span.setAttribute(COALESCED, result.coalesced());
            response.putHeader(X_CACHE, xCache(result));
            if (!result.found()) {
                throw new ProductNotFoundException(id);
            }
            return ProductRead.of(result, start);
        });
    }

    /**
     * {@code HIT} when the near cache or Redis answered, {@code MISS} when the primary did, {@code BYPASS} when Redis
     * was unavailable.
     */
    static String xCache(CacheResult result) {
        return switch (result.outcome()) {
            case NEAR_HIT, HIT, NEGATIVE_HIT -> "HIT";
            case MISS, SUPPRESSED -> "MISS";
            case BYPASS -> "BYPASS";
        };
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(AdminConfig.ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProductUpdated> update(@RestPath String id, FieldUpdate update) {
        FieldUpdate body = FieldUpdate.required(update);
        return products.update(id, body.field(), body.value())
                .map(write -> new ProductUpdated(write.id(), write.field(), write.value(),
                        write.invalidation() == Invalidation.DELETED, write.invalidation() == Invalidation.PENDING));
    }
}
