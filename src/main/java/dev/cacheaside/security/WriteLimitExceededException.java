package dev.cacheaside.security;

/** A client sent state-changing requests faster than {@code cache.admin.write-limit} allows. */
public class WriteLimitExceededException extends RuntimeException {

    private final long retryAfterSeconds;

    WriteLimitExceededException(long retryAfterSeconds) {
        super("this client sent more writes than cache.admin.write-limit allows; retry after " + retryAfterSeconds + " s",
                null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
