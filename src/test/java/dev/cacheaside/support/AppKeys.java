package dev.cacheaside.support;

import dev.cacheaside.cache.CacheKeys;

/** The keys of the application under test, in its default namespace. */
public final class AppKeys {

    /** {@code cache.namespace} as the application under test runs with it. */
    public static final CacheKeys KEYS = new CacheKeys("cache");

    private AppKeys() {
    }

    public static String record(String id) {
        return KEYS.record(id);
    }

    public static String lock(String id) {
        return KEYS.lock(id);
    }
}
