package dev.cacheaside.primary;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the mock primary store, under {@code cache.primary.}. */
@ConfigMapping(prefix = "cache.primary")
public interface MockPrimaryConfig {

    /** Simulated latency of one primary read. */
    @WithDefault("150ms")
    Duration latency();

    /**
     * Synthetic products added after the seed's four, for benchmarks over many keys: ids {@code b-000000000000}
     * upwards (twelve digits, as {@code redis-benchmark -r} writes them).
     */
    @WithDefault("0")
    int extraProducts();
}
