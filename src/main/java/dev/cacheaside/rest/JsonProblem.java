package dev.cacheaside.rest;

import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * What is wrong with a request body, in the client's terms. Jackson's own messages name Java types and
 * settings ({@code java.lang.Integer}, {@code dev.cacheaside.rest.FieldUpdate},
 * {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS}); none of that reaches a response.
 */
final class JsonProblem {

    private JsonProblem() {
    }

    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field '")) {
            return "the key '" + message.substring(17, message.indexOf('\'', 17)) + "' is given more than once";
        }
        if (message.startsWith("Trailing token")) {
            return "the body has more after its JSON object";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String where = path(mismatch);
            Class<?> target = mismatch.getTargetType();
            return (where.isEmpty() ? "the body" : "'" + where + "'") + " must be " + expected(target);
        }
        JsonLocation location = e.getLocation();
        return "the body is not well-formed JSON" + (location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "of another JSON type";
        }
        if (target == String.class) {
            return "a JSON string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "a whole number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        return "a JSON object";
    }
}
