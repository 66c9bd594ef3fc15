package dev.cacheaside.stampede;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the stampede test endpoint, under {@code cache.stampede.}. */
@ConfigMapping(prefix = "cache.stampede")
public interface StampedeConfig {

    /** Largest number of concurrent readers one stampede test may fire. */
    @WithDefault("1000")
    int maxConcurrency();
}
