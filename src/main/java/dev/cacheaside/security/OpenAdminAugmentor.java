package dev.cacheaside.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** With {@code cache.admin.open=true}, every caller, anonymous included, holds the admin role. */
@ApplicationScoped
public class OpenAdminAugmentor implements SecurityIdentityAugmentor {

    private final boolean open;

    public OpenAdminAugmentor(AdminConfig config) {
        this.open = config.open();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!open || identity.hasRole(AdminConfig.ROLE)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(AdminConfig.ROLE).build());
    }
}
