package dev.cacheaside.stampede;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a stampede test saw.
 *
 * @param primaryReads reads the primary store served during the test (1 is the point)
 * @param hits readers that found the record in Redis themselves
 * @param misses readers that looked Redis up and found nothing
 * @param coalesced readers that joined a lookup already in flight in this instance
 * @param stampedesSuppressed misses served by another process's fill
 * @param bypassed readers answered by the primary because Redis was unavailable
 * @param readers how each reader was served, in the order they were fired: hit, miss, negative_hit, suppressed,
 *        bypass, or coalesced
 */
@RegisterForReflection
public record StampedeReport(String id, int concurrency, long primaryReads, double elapsedMs, long hits, long misses,
        long coalesced, long stampedesSuppressed, long bypassed, boolean found, List<String> readers) {
}
