package dev.cacheaside.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheStats;

/** The cache's counters, as JSON. The same numbers are exported as meters at {@code /q/metrics}. */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private final CacheAside cache;

    public StatsResource(CacheAside cache) {
        this.cache = cache;
    }

    @GET
    public CacheStats stats() {
        return cache.stats();
    }

    @POST
    @Path("/reset")
    public CacheStats reset() {
        return cache.resetStats();
    }
}
