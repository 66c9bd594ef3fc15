package dev.cacheaside.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.mutiny.redis.client.Response;

/**
 * Decodes what Redis answers to a lookup: the {@code HGETALL} + {@code PTTL} pair of the hit path, or what
 * {@code read.lua} answers on the miss path ({@code {1, pttl, fields}} on a hit, {@code {0, tookLock}} on a miss).
 */
final class ReadReply {

    /** The only field of a "not found" sentinel hash. Records must not use it. */
    static final String ABSENT_FIELD = "__absent";

    private ReadReply() {
    }

    /** The pair of the hit path as a result, or {@code null} when the record is not cached. */
    static CacheResult fromPair(String id, List<Response> pair, Duration redisLatency) {
        Response fields = pair.get(0);
        if (fields == null || fields.size() == 0) {
            return null;
        }
        return toResult(id, fields, pair.get(1).toLong(), redisLatency, false);
    }

    static boolean isHit(Response reply) {
        return reply.get(0).toInteger() == 1;
    }

    static boolean tookLock(Response reply) {
        return reply.get(1).toInteger() == 1;
    }

    /** A hit as a result: {@code waited} when this reader had waited for another process's fill. */
    static CacheResult toResult(String id, Response reply, Duration redisLatency, boolean waited) {
        return toResult(id, reply.get(2), reply.get(1).toLong(), redisLatency, waited);
    }

    private static CacheResult toResult(String id, Response hash, long pttl, Duration redisLatency, boolean waited) {
        Map<String, String> fields = new HashMap<>();
        if (hash.isMap()) {
            // RESP3 answers HGETALL with a map
            for (String field : hash.getKeys()) {
                fields.put(field, hash.get(field).toString());
            }
        } else {
            for (int i = 0; i + 1 < hash.size(); i += 2) {
                fields.put(hash.get(i).toString(), hash.get(i + 1).toString());
            }
        }
        boolean absent = fields.containsKey(ABSENT_FIELD);
        Outcome outcome = waited ? Outcome.SUPPRESSED : absent ? Outcome.NEGATIVE_HIT : Outcome.HIT;
        return new CacheResult(id, absent ? null : Map.copyOf(fields), outcome, false, redisLatency,
                pttl >= 0 ? Duration.ofMillis(pttl) : null);
    }
}
