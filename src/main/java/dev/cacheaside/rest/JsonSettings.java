package dev.cacheaside.rest;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How the API reads and writes JSON.
 * <ul>
 * <li>Names are snake_case ({@code ttl_remaining_ms}), as the seed has them. Set here, by reference, and not
 * with {@code quarkus.jackson.property-naming-strategy}: that setting makes Quarkus load the strategy class by
 * name at run time, which fails in a native executable.</li>
 * <li>Request bodies are read strictly, each a 400: {@code "concurrency": 2.5} (not truncated to 2), an unknown
 * property (see {@code quarkus.jackson.fail-on-unknown-properties}), a key given twice (not the last one winning),
 * anything after the object, and a value of the wrong JSON type ({@code "concurrency": "5"}, {@code "value": 7}):
 * no coercion between strings, numbers and booleans.</li>
 * </ul>
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape scalar : new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
}
