package dev.cacheaside.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cacheaside.security.AdminConfig;
import dev.cacheaside.stampede.StampedeReport;
import dev.cacheaside.stampede.StampedeRunner;
import io.smallrye.mutiny.Uni;

/** Runs a stampede test: many simultaneous reads of a key that was just invalidated. */
@Path("/api/admin/stampede")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminConfig.ROLE)
public class StampedeResource {

    private final StampedeRunner runner;

    public StampedeResource(StampedeRunner runner) {
        this.runner = runner;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<StampedeReport> run(StampedeRequest request) {
        if (request == null) {
            throw new BadRequestException("missing body", "send {\"id\": \"p-001\", \"concurrency\": 50}");
        }
        if (request.id() == null) {
            throw new BadRequestException("missing id", "the body must name the product id to stampede");
        }
        return runner.run(request.id(), request.concurrency());
    }
}
