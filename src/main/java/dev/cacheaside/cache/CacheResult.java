package dev.cacheaside.cache;

import java.time.Duration;
import java.util.Map;

/**
 * The answer to one read through the cache.
 *
 * @param id the id read
 * @param record the record's fields, or {@code null} when the primary has no such record
 * @param outcome how the read was answered
 * @param coalesced whether this caller joined a read already in flight in this process instead of issuing its own
 * @param redisLatency the round trip of the first Redis lookup
 * @param ttlRemaining how long the entry stays cached, or {@code null} when nothing is cached for this id
 */
public record CacheResult(String id, Map<String, String> record, Outcome outcome, boolean coalesced,
        Duration redisLatency, Duration ttlRemaining) {

    public boolean found() {
        return record != null;
    }

    /** The same answer, as seen by a caller that joined the read in flight. */
    CacheResult joined() {
        return new CacheResult(id, record, outcome, true, redisLatency, ttlRemaining);
    }
}
