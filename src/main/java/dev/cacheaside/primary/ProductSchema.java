package dev.cacheaside.primary;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fields of a product and the rules a new value must follow.
 * <p>
 * {@code id} is the key and cannot change; {@code name} is 1 to 200 characters (Unicode code points) of valid
 * UTF-16, not blank, without control characters; {@code price_cents} and {@code stock} are non-negative integers
 * in canonical form ({@code 0}, {@code 7}, {@code 650}; not {@code 007} or {@code +7}), so that the primary and
 * the cache always hold the same text.
 */
public final class ProductSchema {

    /** Fields that an update may change. */
    public static final List<String> UPDATABLE_FIELDS = List.of("name", "price_cents", "stock");

    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_DIGITS = 18;

    private ProductSchema() {
    }

    /**
     * Checks a field update before anything is written.
     *
     * @throws InvalidUpdateException when the field cannot be updated or the value breaks its rule
     */
    public static void validate(String field, String value) {
        if (field == null || field.isBlank()) {
            throw new InvalidUpdateException("missing field", "the body must name a field: one of " + UPDATABLE_FIELDS);
        }
        if (value == null) {
            throw new InvalidUpdateException("missing value", "the body must carry a value for '" + field + "'");
        }
        switch (field) {
            case "id" -> throw new InvalidUpdateException("field cannot be updated", "'id' is the record's key");
            case "name" -> validateName(value);
            case "price_cents", "stock" -> validateCount(field, value);
            default -> throw new InvalidUpdateException("unknown field",
                    "'" + field + "' is not one of " + UPDATABLE_FIELDS);
        }
    }

    private static void validateName(String value) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            // a lone surrogate would be stored as is by the primary and as '?' by Redis: two different names
            throw new InvalidUpdateException("invalid value", "name must be valid Unicode (no lone surrogate)");
        }
        if (value.isBlank() || value.codePointCount(0, value.length()) > MAX_NAME_LENGTH) {
            throw new InvalidUpdateException("invalid value", "name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidUpdateException("invalid value", "name must not contain control characters");
        }
    }

    private static void validateCount(String field, String value) {
        boolean digits = !value.isEmpty() && value.length() <= MAX_DIGITS
                && value.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (value.length() > 1 && value.charAt(0) == '0')) {
            throw new InvalidUpdateException("invalid value", field + " must be a non-negative integer of at most "
                    + MAX_DIGITS + " digits, without leading zeros, got '" + value + "'");
        }
    }
}
