package dev.cacheaside.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.vertx.mutiny.redis.client.Response;

/** Decodes what {@code read.lua} answers: {@code {1, pttl, fields}} on a hit, {@code {0, tookLock}} on a miss. */
final class ReadReply {

    /** The only field of a "not found" sentinel hash. Records must not use it. */
    static final String ABSENT_FIELD = "__absent";

    private ReadReply() {
    }

    static boolean isHit(Response reply) {
        return reply.get(0).toInteger() == 1;
    }

    static boolean tookLock(Response reply) {
        return reply.get(1).toInteger() == 1;
    }

    /** A hit as a result: {@code waited} when this reader had waited for another process's fill. */
    static CacheResult toResult(String id, Response reply, Duration redisLatency, boolean waited) {
        long pttl = reply.get(1).toLong();
        Response flat = reply.get(2);
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        boolean absent = fields.containsKey(ABSENT_FIELD);
        Outcome outcome = waited ? Outcome.SUPPRESSED : absent ? Outcome.NEGATIVE_HIT : Outcome.HIT;
        return new CacheResult(id, absent ? null : Map.copyOf(fields), outcome, false, redisLatency,
                pttl >= 0 ? Duration.ofMillis(pttl) : null);
    }
}
