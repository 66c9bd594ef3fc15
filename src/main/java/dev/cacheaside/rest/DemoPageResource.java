package dev.cacheaside.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cacheaside.cache.CacheConfig;
import dev.cacheaside.primary.ProductSchema;
import dev.cacheaside.product.ProductService;
import dev.cacheaside.security.AdminConfig;
import dev.cacheaside.stampede.StampedeConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** The demo page: the cache at work, driven by the page's script through the JSON API. */
@Path("/")
public class DemoPageResource {

    /** Readers the stampede form offers by default. */
    static final int DEFAULT_STAMPEDE_READERS = 20;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(List<String> ids, List<String> fields, long ttlMs, long negativeTtlMs,
                int maxConcurrency, int defaultConcurrency, boolean adminOpen, boolean adminConfigured, String primaryKind);
    }

    private final ProductService products;
    private final CacheConfig cache;
    private final StampedeConfig stampede;
    private final AdminConfig admin;

    public DemoPageResource(ProductService products, CacheConfig cache, StampedeConfig stampede, AdminConfig admin) {
        this.products = products;
        this.cache = cache;
        this.stampede = stampede;
        this.admin = admin;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> page() {
        int max = stampede.maxConcurrency();
        return products.ids().chain(ids -> Templates.page(ids, ProductSchema.UPDATABLE_FIELDS, cache.ttl().toMillis(),
                cache.negativeTtl().toMillis(), max, Math.min(DEFAULT_STAMPEDE_READERS, max), admin.open(),
                admin.passwordDigest().isPresent(), products.primaryKind()).createUni());
    }
}
