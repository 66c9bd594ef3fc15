package dev.cacheaside.cache;

import java.time.Duration;

/** A primary read that did not answer within the load timeout. */
public class PrimaryTimeoutException extends RuntimeException {

    public PrimaryTimeoutException(String id, Duration timeout) {
        super("the primary did not answer for '" + id + "' within " + timeout.toMillis() + " ms");
    }
}
