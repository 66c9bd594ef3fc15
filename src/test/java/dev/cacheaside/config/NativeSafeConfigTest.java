package dev.cacheaside.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A native executable cannot load a class by name unless it was registered for reflection, and some settings
 * make Quarkus do exactly that at run time ({@code quarkus.jackson.property-naming-strategy=SNAKE_CASE} answered
 * 500 on every JSON endpoint of a native build). GraalVM cannot be installed here, so this JVM test stands
 * guard: no setting of the project names a class, or a constant that is resolved to a class, to load at run time.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class NativeSafeConfigTest {

    /** Settings whose value Quarkus turns into a class by name at run time. */
    private static final List<String> LOADED_BY_NAME = List.of(
            "quarkus.jackson.property-naming-strategy",
            "quarkus.jackson.serialization-inclusion",
            "quarkus.log.handler.console.\"*\".filter");

    /** A fully qualified class name, or a Jackson naming constant. */
    private static final Pattern CLASS_LIKE = Pattern.compile(
            ".*[a-z0-9]\\.[A-Z][A-Za-z0-9$]+.*|SNAKE_CASE|UPPER_CAMEL_CASE|LOWER_CAMEL_CASE|KEBAB_CASE|LOWER_CASE");

    @Test
    void noSettingLoadsAClassByNameAtRunTime() {
        Config config = ConfigProvider.getConfig();
        for (String key : LOADED_BY_NAME) {
            assertEquals(java.util.Optional.empty(), config.getOptionalValue(key, String.class), key);
        }
        List<String> suspicious = new ArrayList<>();
        int read = 0;
        for (ConfigSource source : config.getConfigSources()) {
            if (!source.getName().contains("application.properties")) {
                continue;
            }
            for (String key : source.getPropertyNames()) {
                read++;
                String value = source.getValue(key);
                // build-time settings are resolved while building, and dev or test profiles never run native
                boolean runtimeSetting = !key.startsWith("%dev.") && !key.startsWith("%test.")
                        && !key.endsWith("exclude-types");
                if (runtimeSetting && value != null && CLASS_LIKE.matcher(value).matches()) {
                    suspicious.add(key + "=" + value);
                }
            }
        }
        assertTrue(read > 10, "read the project's application.properties: " + read + " settings");
        assertEquals(List.of(), suspicious, "settings that name a class; set them in code instead");
    }
}
