package dev.cacheaside.rest;

import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Invalidation;
import dev.cacheaside.product.ProductService;
import dev.cacheaside.security.AdminConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;

/** Products read through the cache, and written to the primary with invalidation. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("cache.outcome");
    static final AttributeKey<Boolean> COALESCED = AttributeKey.booleanKey("cache.coalesced");

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
    // the answer is a RestResponse, of a record or an error: say which record, for /q/openapi
    @APIResponse(responseCode = "200", description = "the record, and how the cache served it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductRead.class)))
    public Uni<RestResponse<Object>> get(@RestPath String id) {
        long start = System.nanoTime();
        // the request's server span: how the cache served it goes on it as attributes (never the id)
        Span span = Span.current();
        return products.read(id).map(result -> {
            span.setAttribute(OUTCOME, result.outcome().name().toLowerCase(Locale.ROOT));
            span.setAttribute(COALESCED, result.coalesced());
            String xCache = xCache(result);
            if (!result.found()) {
                return ResponseBuilder.<Object> create(Status.NOT_FOUND,
                        new ErrorBody("product not found", "no product has the id '" + id + "'"))
                        .header("X-Cache", xCache).build();
            }
            return ResponseBuilder.<Object> ok(ProductRead.of(result, start)).header("X-Cache", xCache).build();
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
