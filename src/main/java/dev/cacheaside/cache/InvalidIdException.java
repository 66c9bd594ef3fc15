package dev.cacheaside.cache;

/** An id that cannot name a cache key; nothing was read or written. */
public class InvalidIdException extends RuntimeException {

    public InvalidIdException(String message) {
        super(message);
    }
}
