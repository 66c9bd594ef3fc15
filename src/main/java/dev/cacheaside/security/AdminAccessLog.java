package dev.cacheaside.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Says at startup who may use the admin routes, and how to sign in or open them. */
@Singleton
public class AdminAccessLog {

    static final String ROUTES = "the admin routes (/api/admin/*, PATCH /api/products/{id})";

    void log(@Observes StartupEvent event, AdminConfig config) {
        if (config.open()) {
            if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
                Log.infof("Dev mode: %s are open to every caller (cache.admin.open=true)", ROUTES);
            } else {
                Log.warnf("cache.admin.open=true: %s are open to anyone who can reach this port; use it for a local demo only",
                        ROUTES);
            }
        } else if (config.passwordDigest().isEmpty()) {
            Log.warnf("No admin password is set, so %s answer 401 to everyone. Set CACHE_ADMIN_PASSWORD_DIGEST to "
                    + "the hex SHA-512 of 'admin:cache-aside:<password>' and sign in with HTTP Basic as 'admin', or "
                    + "start with -Dcache.admin.open=true for a local demo (README, Security)", ROUTES);
        } else {
            Log.infof("%s need role %s: sign in with HTTP Basic as 'admin'", ROUTES, AdminConfig.ROLE);
        }
    }
}
