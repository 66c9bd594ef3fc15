package dev.cacheaside.security;

/**
 * One client's budget: {@code burst} tokens, refilled at {@code perSecond}; a request takes one. Hand-written (a
 * dozen lines) rather than Bucket4j, which would add a dependency outside the Quarkus BOM for this one use.
 */
final class TokenBucket {

    private final double burst;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int burst, double perSecond, long nowNanos) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a token: 0 when there was one, else the nanoseconds until there will be. */
    synchronized long take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
