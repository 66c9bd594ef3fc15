package dev.cacheaside.primary;

import java.util.List;

/**
 * The fields of a product and the rules a new value must follow.
 * <p>
 * {@code id} is the key and cannot change; {@code name} is 1 to 200 characters without control characters;
 * {@code price_cents} and {@code stock} are non-negative integers.
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
        if (value.isBlank() || value.length() > MAX_NAME_LENGTH) {
            throw new InvalidUpdateException("invalid value", "name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidUpdateException("invalid value", "name must not contain control characters");
        }
    }

    private static void validateCount(String field, String value) {
        if (value.isEmpty() || value.length() > MAX_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidUpdateException("invalid value",
                    field + " must be a non-negative integer of at most " + MAX_DIGITS + " digits, got '" + value + "'");
        }
    }
}
