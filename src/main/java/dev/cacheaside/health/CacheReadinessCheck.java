package dev.cacheaside.health;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheStats;
import dev.cacheaside.cache.GuardedRedis;
import dev.cacheaside.primary.PrimaryStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness of the cache-aside service: UP while Redis or the primary answers, since reads can then be served
 * (from the primary, or what Redis holds). Either being unreachable does not make the service unready; it shows
 * as {@code redis: unreachable} or {@code primary: unreachable} and {@code mode: degraded} in the data, with the circuit breaker's
 * state, the invalidations waiting for Redis, the reads that bypassed it, the Redis address (never its
 * password) and whether Redis still holds the Lua scripts.
 */
@Readiness
@ApplicationScoped
public class CacheReadinessCheck implements AsyncHealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final CacheAside cache;
    private final GuardedRedis redis;
    private final PrimaryStore primary;
    private final String redisAddress;

    public CacheReadinessCheck(CacheAside cache, GuardedRedis redis, PrimaryStore primary) {
        this.cache = cache;
        this.redis = redis;
        this.primary = primary;
        this.redisAddress = withoutCredentials(
                ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class).orElse("(not set)"));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        // Redis may have restarted empty since the last probe: put the scripts back rather than report it
        Uni<String> scripts = redis.probeScripts().replaceWith("loaded")
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .onFailure().recoverWithItem(failure -> "unreachable: " + describe(failure));
        // any answer of the primary will do: listing its ids is something every store can do
        Uni<Boolean> primaryAnswers = primary.ids().replaceWith(true)
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .onFailure().recoverWithItem(false);
        return Uni.combine().all().unis(scripts, primaryAnswers).asTuple().map(results -> {
            boolean redisUp = !results.getItem1().startsWith("unreachable");
            CacheStats stats = cache.stats();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("Cache-aside")
                    .status(results.getItem2() || redisUp)
                    .withData("primary", results.getItem2() ? "reachable" : "unreachable")
                    .withData("primary_kind", primary.kind())
                    .withData("primary_changes", primary.changeFeed())
                    .withData("redis_address", redisAddress)
                    .withData("redis", redisUp ? "up" : results.getItem1())
                    .withData("scripts", redisUp ? results.getItem1() : "unknown")
                    .withData("breaker", stats.breaker())
                    .withData("pending_invalidations", stats.pendingInvalidations())
                    .withData("bypassed_reads", stats.bypassed())
                    .withData("mode", mode(redisUp && "closed".equals(stats.breaker()), results.getItem2()));
            return response.build();
        });
    }

    private static String mode(boolean redisServes, boolean primaryAnswers) {
        if (!primaryAnswers) {
            return redisServes ? "degraded: only cached records are served" : "down";
        }
        return redisServes ? "cache" : "degraded: reads are served from the primary";
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** {@code redis://user:secret@host:6379/0} becomes {@code redis://host:6379/0}. */
    static String withoutCredentials(String hosts) {
        return Arrays.stream(hosts.split(","))
                .map(String::trim)
                .map(host -> {
                    try {
                        URI uri = URI.create(host);
                        if (uri.getHost() == null) {
                            return "(unparsable address)";
                        }
                        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                                + (uri.getPath() == null ? "" : uri.getPath());
                    } catch (IllegalArgumentException e) {
                        return "(unparsable address)";
                    }
                })
                .collect(Collectors.joining(","));
    }
}
