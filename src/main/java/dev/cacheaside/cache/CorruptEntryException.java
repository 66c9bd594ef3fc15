package dev.cacheaside.cache;

/**
 * Redis answered, but a key of this cache holds something the cache did not write (a {@code WRONGTYPE} reply):
 * a fault of that one entry, not of Redis. It never counts toward the circuit breaker; the read treats the
 * entry as missing, and the fill replaces the key.
 */
public class CorruptEntryException extends RuntimeException {

    public CorruptEntryException(Throwable cause) {
        super("a cache key holds a value of the wrong type", cause);
    }

    /**
     * Whether a Redis failure is about one key's data rather than about Redis being reachable. A batch reports a
     * command's error as {@code ERR [0] WRONGTYPE ...}, a plain command as {@code WRONGTYPE ...}.
     */
    static boolean isDataError(Throwable failure) {
        String message = failure.getMessage();
        return message != null && message.contains("WRONGTYPE");
    }
}
