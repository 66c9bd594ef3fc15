package dev.cacheaside.cache;

/** A cache-only field update that kept losing its optimistic lock to concurrent writers. */
public class UpdateConflictException extends RuntimeException {

    public UpdateConflictException(String id, int attempts) {
        super("the cached record '" + id + "' changed under " + attempts + " attempts in a row");
    }
}
