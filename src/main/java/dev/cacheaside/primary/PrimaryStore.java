package dev.cacheaside.primary;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The source of truth behind the cache: a slow but authoritative store of products.
 * <p>
 * A record is a flat map of field names to string values, the shape it has as a Redis hash. This is what
 * every store can answer, nothing more: instrumentation belongs to an implementation. Implementations must
 * not block the calling thread: every operation returns a {@link Uni}.
 */
public interface PrimaryStore {

    /**
     * Reads one record.
     *
     * @return the record as it was when the read started, or empty when there is no such id
     */
    Uni<Optional<Map<String, String>>> read(String id);

    /**
     * Changes one field of a record. The caller has validated the field and value ({@link ProductSchema#validate}).
     *
     * @return {@code true} if the record exists and was changed, {@code false} if there is no such id
     */
    Uni<Boolean> update(String id, String field, String value);

    /** The ids of every record, sorted. */
    Uni<List<String>> ids();

    /**
     * Changes made to the primary by anyone, as the store learns of them, for as long as the subscription lasts.
     * A store that cannot see changes made around the service (the mock, which only the service writes) has none.
     */
    default Multi<PrimaryChange> changes() {
        return Multi.createFrom().empty();
    }

    /**
     * Whether the store is hearing changes now: {@code listening}, {@code reconnecting} (changes made meanwhile are
     * not heard; everything is invalidated when it is back), {@code starting}, or {@code none} for a store without
     * a change feed.
     */
    default String changeFeed() {
        return "none";
    }

    /** What the page and the health check call this store: {@code mock} or {@code postgresql}. */
    String kind();
}
