package dev.cacheaside.cache;

/** Redis did not answer (down, too slow, or the circuit breaker is open). */
public class CacheUnavailableException extends RuntimeException {

    public CacheUnavailableException(Throwable cause) {
        super("Redis is unavailable: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                cause);
    }
}
