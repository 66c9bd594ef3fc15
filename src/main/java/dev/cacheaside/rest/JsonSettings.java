package dev.cacheaside.rest;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How the API reads and writes JSON.
 * <ul>
 * <li>Names are snake_case ({@code ttl_remaining_ms}), as the seed has them. Set here, by reference, and not
 * with {@code quarkus.jackson.property-naming-strategy}: that setting makes Quarkus load the strategy class by
 * name at run time, which fails in a native executable.</li>
 * <li>Request bodies are read strictly: {@code "concurrency": 2.5} is refused rather than truncated to 2, and an
 * unknown property is refused rather than ignored (see {@code quarkus.jackson.fail-on-unknown-properties}).</li>
 * </ul>
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
