package dev.cacheaside.product;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.primary.PrimaryStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Invalidates what the primary says has changed, however it was changed: a row updated with psql, by a
 * migration or by another application is evicted from Redis as if it had been written through this service.
 * When the primary cannot say which records changed (a truncate, or a listening connection that was lost), the
 * whole cache is invalidated: reads bypass Redis until its entries have been purged.
 */
@Singleton
public class ProductChangeFeed {

    private final CacheAside cache;
    private final PrimaryStore primary;
    private volatile Cancellable subscription;

    public ProductChangeFeed(CacheAside cache, PrimaryStore primary) {
        this.cache = cache;
        this.primary = primary;
    }

    void start(@Observes StartupEvent event) {
        subscription = primary.changes()
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(change -> change.id().ifPresentOrElse(
                        // deferred: an id the service would refuse (it cannot be cached) fails this Uni, not the feed
                        id -> Uni.createFrom().deferred(() -> cache.invalidate(id)).subscribe().with(done -> {
                        }, failure -> Log.debugf("Invalidation of %s after a change in the primary failed: %s", id,
                                failure.getMessage())),
                        () -> cache.invalidateAll(change.cause())));
    }

    void stop(@Observes ShutdownEvent event) {
        Cancellable running = subscription;
        if (running != null) {
            running.cancel();
        }
    }
}
