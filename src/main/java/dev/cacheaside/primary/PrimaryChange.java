package dev.cacheaside.primary;

import java.util.Optional;

/**
 * A change made in the primary, possibly by someone else than this service: one record, or every record (a
 * {@code TRUNCATE}, or notifications that may have been missed while the store's change feed was down).
 *
 * @param id the changed record, or empty for every record
 * @param cause why every record is affected, for the log; null for one record
 */
public record PrimaryChange(Optional<String> id, String cause) {

    public static PrimaryChange of(String id) {
        return new PrimaryChange(Optional.of(id), null);
    }

    public static PrimaryChange everything(String cause) {
        return new PrimaryChange(Optional.empty(), cause);
    }
}
