package dev.cacheaside.cache;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The cache's counters since start or since the last reset.
 * <p>
 * Every read is counted once: as a near hit when this process's near cache answered it, as a hit, a miss or a
 * negative hit when it looked Redis up itself, or as
 * coalesced when it joined a lookup already in flight. {@code stampedesSuppressed} counts the misses
 * that waited for another process's fill instead of reading the primary.
 *
 * @param hitRatePct near hits, hits and negative hits over all lookups, in percent with one decimal
 * @param primaryReadLatencyMs the mean duration of the primary reads counted here, as measured (0 when none)
 * @param bypassed reads served from the primary without the cache, because Redis was unavailable
 * @param refreshes entries reloaded ahead of their expiry by a reader that hit them (refresh-ahead)
 * @param pendingInvalidations invalidations waiting for Redis to come back (now, not since reset)
 * @param breaker the circuit breaker in front of Redis: closed, open or half_open (now)
 * @param nearHits reads answered by this process's near cache, with no Redis command
 * @param nearSize records in the near cache (now)
 * @param near the near cache: off (not configured), tracking (in use) or down (tracking lost, not in use) (now)
 */
@RegisterForReflection
public record CacheStats(long hits, long misses, long negativeHits, long coalesced, long stampedesSuppressed,
        double hitRatePct, long primaryReadsTotal, long primaryReadLatencyMs, long bypassed, long refreshes,
        int pendingInvalidations, String breaker, long nearHits, long nearSize, String near) {
}
