package dev.cacheaside.primary;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * The source of truth behind the cache: a slow but authoritative store of products.
 * <p>
 * A record is a flat map of field names to string values, the shape it has as a Redis hash.
 * Implementations must not block the calling thread: every operation returns a {@link Uni}.
 */
public interface PrimaryStore {

    /**
     * Reads one record.
     *
     * @return the record as it was when the read started, or empty when there is no such id
     */
    Uni<Optional<Map<String, String>>> read(String id);

    /**
     * Changes one field of a record. The field and value must already be valid ({@link ProductSchema#validate}).
     *
     * @return {@code true} if the record exists and was changed, {@code false} if there is no such id
     */
    Uni<Boolean> update(String id, String field, String value);

    /** Whether the store answers at all; readiness reports it. */
    Uni<Boolean> reachable();

    /** The ids of every record, sorted. */
    List<String> ids();

    /** How many reads this store has served since it started. */
    long reads();

    /** The latency of one read, as configured. */
    Duration readLatency();
}
