package dev.cacheaside.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cacheaside.cache.CacheKeys;
import dev.cacheaside.config.CacheConfig;
import dev.cacheaside.demo.StampedeReport;
import dev.cacheaside.demo.StampedeRunner;
import io.smallrye.mutiny.Uni;

/** Runs a stampede test: many simultaneous reads of a key that was just invalidated. */
@Path("/api/stampede")
@Produces(MediaType.APPLICATION_JSON)
public class StampedeResource {

    private final StampedeRunner runner;
    private final int maxConcurrency;

    public StampedeResource(StampedeRunner runner, CacheConfig config) {
        this.runner = runner;
        this.maxConcurrency = config.stampede().maxConcurrency();
    }

    @POST
    public Uni<StampedeReport> run(StampedeRequest request) {
        if (request == null) {
            throw new BadRequestException("missing body", "send {\"id\": \"p-001\", \"concurrency\": 50}");
        }
        if (request.id() == null) {
            throw new BadRequestException("missing id", "the body must name the product id to stampede");
        }
        CacheKeys.validateId(request.id());
        Integer concurrency = request.concurrency();
        if (concurrency == null || concurrency < 2 || concurrency > maxConcurrency) {
            throw new BadRequestException("concurrency out of range",
                    "concurrency must be between 2 and " + maxConcurrency + ", got " + concurrency);
        }
        return runner.run(request.id(), concurrency);
    }
}
