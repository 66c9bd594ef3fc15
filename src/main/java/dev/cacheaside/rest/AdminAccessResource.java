package dev.cacheaside.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.cacheaside.security.AdminConfig;
import io.quarkus.security.identity.SecurityIdentity;

/** Lets a client (the demo page's sign-in) check its credentials without changing anything. */
@Path("/api/admin/access")
@Produces(MediaType.APPLICATION_JSON)
public class AdminAccessResource {

    private final SecurityIdentity identity;
    private final AdminConfig config;

    public AdminAccessResource(SecurityIdentity identity, AdminConfig config) {
        this.identity = identity;
        this.config = config;
    }

    @GET
    @RolesAllowed(AdminConfig.ROLE)
    public AdminAccess access() {
        return new AdminAccess(identity.isAnonymous() ? null : identity.getPrincipal().getName(), AdminConfig.ROLE,
                config.open());
    }
}
