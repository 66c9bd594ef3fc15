package dev.cacheaside.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cacheaside.config.CacheConfig;
import dev.cacheaside.primary.PrimaryStore;
import dev.cacheaside.primary.ProductSchema;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The demo page: the cache at work, driven by the page's script through the JSON API. */
@Path("/")
public class DemoPageResource {

    /** Readers the stampede form offers by default. */
    static final int DEFAULT_STAMPEDE_READERS = 20;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(List<String> ids, List<String> fields, long primaryLatencyMs, long ttlMs,
                long negativeTtlMs, int maxConcurrency, int defaultConcurrency);
    }

    private final PrimaryStore primary;
    private final CacheConfig config;

    public DemoPageResource(PrimaryStore primary, CacheConfig config) {
        this.primary = primary;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        int max = config.stampede().maxConcurrency();
        return Templates.page(primary.ids(), ProductSchema.UPDATABLE_FIELDS, primary.readLatency().toMillis(),
                config.ttl().toMillis(), config.negativeTtl().toMillis(), max, Math.min(DEFAULT_STAMPEDE_READERS, max));
    }
}
