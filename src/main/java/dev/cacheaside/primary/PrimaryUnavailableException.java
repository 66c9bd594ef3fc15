package dev.cacheaside.primary;

/** The primary could not be reached or failed to answer: nothing was read or written. */
public class PrimaryUnavailableException extends RuntimeException {

    public PrimaryUnavailableException(Throwable cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
    }
}
