package dev.cacheaside.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheStats;
import dev.cacheaside.security.AdminConfig;

/**
 * The cache's counters, as JSON: read at {@code /api/stats}, reset (an admin operation) at
 * {@code /api/admin/stats/reset}. The same numbers are exported as meters at {@code /q/metrics}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private final CacheAside cache;

    public StatsResource(CacheAside cache) {
        this.cache = cache;
    }

    @GET
    @Path("/stats")
    public CacheStats stats() {
        return cache.stats();
    }

    /** JSON only, though it takes no body: a cross-site form cannot send it (415). */
    @POST
    @Path("/admin/stats/reset")
    @RolesAllowed(AdminConfig.ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    public CacheStats reset() {
        return cache.resetStats();
    }
}
