package dev.cacheaside.primary;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which primary store the service reads and writes, and the mock's settings, under {@code cache.primary.}. */
@ConfigMapping(prefix = "cache.primary")
public interface PrimaryConfig {

    enum Kind {
        /** In memory, one per process, with a simulated latency: the demo's slow database. */
        MOCK,
        /** A PostgreSQL database, configured by {@code quarkus.datasource.*}. */
        POSTGRESQL
    }

    /** {@code mock} (the default: nothing but Redis is needed) or {@code postgresql}. */
    @WithDefault("mock")
    Kind kind();

    /** The mock's simulated latency of one read. */
    @WithDefault("150ms")
    Duration latency();

    /**
     * The mock's synthetic products, added after the seed's four, for benchmarks over many keys: ids
     * {@code b-000000000000} upwards (twelve digits, as {@code redis-benchmark -r} writes them).
     */
    @WithDefault("0")
    int extraProducts();
}
