package dev.cacheaside.cache;

import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * What the cache reads on a miss: one record by id, from wherever the records live. The cache knows
 * nothing else of its source.
 * <p>
 * Must not block the calling thread; the cache puts its own timeout on the returned {@link Uni}.
 */
@FunctionalInterface
public interface CacheLoader {

    /** @return the record's fields as they are now, or empty when there is no such record */
    Uni<Optional<Map<String, String>>> load(String id);
}
