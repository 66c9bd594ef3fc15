package dev.cacheaside.rest;

import java.util.Map;

import dev.cacheaside.cache.CacheResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One product read through the cache.
 *
 * @param outcome near_hit (this instance's near cache answered, no Redis command), hit, miss, negative_hit,
 *        suppressed, or bypass (Redis unavailable: answered by the primary)
 * @param redisLatencyMs the Redis round trip of the lookup (0 for a near hit, which sends none)
 * @param coalesced whether the read joined one already in flight in this instance
 * @param ttlRemainingMs how long the entry stays cached, or null when nothing is cached
 */
@RegisterForReflection
public record ProductRead(String id, Map<String, String> record, boolean hit, String outcome, boolean coalesced,
        double redisLatencyMs, double totalLatencyMs, Long ttlRemainingMs) {

    static ProductRead of(CacheResult result, long startNanos) {
        return new ProductRead(result.id(), result.record(), result.outcome().hit(),
                result.outcome().label(), result.coalesced(),
                Millis.of(result.redisLatency().toNanos()), Millis.of(System.nanoTime() - startNanos),
                result.ttlRemaining() == null ? null : result.ttlRemaining().toMillis());
    }
}
