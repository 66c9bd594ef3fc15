package dev.cacheaside.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may use the admin routes, under {@code cache.admin.}. */
@ConfigMapping(prefix = "cache.admin")
public interface AdminConfig {

    /** The role every admin route and {@code PATCH /api/products/{id}} require. */
    String ROLE = "cache-admin";

    /**
     * Grant {@link #ROLE} to every caller, signed in or not: a local demo only. True in dev mode, false in a
     * packaged application unless set deliberately (the startup log then warns).
     */
    @WithDefault("false")
    boolean open();

    /**
     * The admin user's password as a hex digest, SHA-512 of {@code admin:cache-aside:<password>}; normally from a
     * Secret. Unset, nobody can sign in, and the admin routes answer 401 to everyone.
     */
    Optional<String> passwordDigest();

    WriteLimit writeLimit();

    /** A token bucket per client address, for every state-changing request under {@code /api/}. */
    interface WriteLimit {

        /** Requests a client may send at once, after a quiet spell. */
        @WithDefault("20")
        int burst();

        /** Requests per second a client may sustain. */
        @WithDefault("5")
        double perSecond();
    }
}
