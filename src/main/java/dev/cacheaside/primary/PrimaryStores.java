package dev.cacheaside.primary;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Makes the one {@link PrimaryStore} of the application, chosen at run time by {@code cache.primary.kind}. With
 * the mock, the PostgreSQL pool is never looked up, and its datasource is inactive (application.properties), so
 * nothing connects to a database.
 */
@Singleton
public class PrimaryStores {

    @Produces
    @ApplicationScoped
    PrimaryStore primaryStore(PrimaryConfig config, Instance<Pool> pool, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        return switch (config.kind()) {
            case MOCK -> new MockPrimaryStore(config);
            case POSTGRESQL -> {
                PgConnectOptions listen = PgConnectOptions.fromUri(url.orElseThrow(() -> new IllegalStateException(
                        "cache.primary.kind=postgresql needs quarkus.datasource.reactive.url")));
                user.ifPresent(listen::setUser);
                password.ifPresent(listen::setPassword);
                yield new PostgresPrimaryStore(pool.get(), vertx, listen.addProperty("application_name", "cache-aside listener"));
            }
        };
    }
}
