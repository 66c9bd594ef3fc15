package dev.cacheaside.primary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductSchemaTest {

    @ParameterizedTest(name = "{0} = ''{1}'' is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            id          | x     | field cannot be updated
            colour      | red   | unknown field
            stock       | -1    | invalid value
            stock       | 1.5   | invalid value
            price_cents | abc   | invalid value
            price_cents | ``    | invalid value
            name        | `  `  | invalid value
            name        | a\tb  | invalid value
            ``          | 1     | missing field
            stock       | 007   | invalid value
            stock       | +7    | invalid value
            """)
    void aBadUpdateIsRefused(String field, String value, String error) {
        String realValue = value.replace("\\t", "\t");
        InvalidUpdateException refused = assertThrows(InvalidUpdateException.class,
                () -> ProductSchema.validate(field, realValue));
        assertEquals(error, refused.getMessage());
    }

    @Test
    void aNameMustBeValidUnicodeAndIsCountedInCharacters() {
        assertThrows(InvalidUpdateException.class, () -> ProductSchema.validate("name", "a\ud800b"));
        assertThrows(InvalidUpdateException.class, () -> ProductSchema.validate("name", "\udc00"));
        String bread = "\uD83C\uDF5E";
        ProductSchema.validate("name", bread.repeat(200));
        assertThrows(InvalidUpdateException.class, () -> ProductSchema.validate("name", bread.repeat(201)));
        ProductSchema.validate("stock", "0");
    }

    @Test
    void boundsAreInclusive() {
        ProductSchema.validate("name", "x".repeat(200));
        ProductSchema.validate("price_cents", "0");
        ProductSchema.validate("stock", "9".repeat(18));
        assertThrows(InvalidUpdateException.class, () -> ProductSchema.validate("name", "x".repeat(201)));
        assertThrows(InvalidUpdateException.class, () -> ProductSchema.validate("price_cents", "1".repeat(19)));
        assertThrows(InvalidUpdateException.class, () -> ProductSchema.validate("stock", null));
    }
}
