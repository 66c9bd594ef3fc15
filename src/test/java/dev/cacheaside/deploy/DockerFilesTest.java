package dev.cacheaside.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What can be checked of the container files without a container engine (none runs on the build
 * machines): the compose stack names its three services and every file it refers to exists.
 */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("docker");

    @Test
    void composeStartsRedisTheServiceAndPrometheus() throws IOException {
        JsonNode compose = new YAMLMapper().readTree(DOCKER.resolve("compose.yaml").toFile());
        Set<String> services = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(services::add);
        assertEquals(Set.of("postgres", "prometheus", "redis", "service"), services);

        JsonNode build = compose.at("/services/service/build");
        Path dockerfile = DOCKER.resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText()).normalize();
        assertTrue(Files.exists(dockerfile), "the service's Dockerfile: " + dockerfile);
        assertEquals("redis://redis:6379", compose.at("/services/service/environment/QUARKUS_REDIS_HOSTS").asText());
        assertEquals("postgresql", compose.at("/services/service/environment/CACHE_PRIMARY_KIND").asText());
        assertEquals("postgresql://postgres:5432/cache_aside",
                compose.at("/services/service/environment/QUARKUS_DATASOURCE_REACTIVE_URL").asText());
        assertEquals("cache_aside", compose.at("/services/postgres/environment/POSTGRES_DB").asText());

        String volume = compose.at("/services/prometheus/volumes/0").asText();
        assertTrue(Files.exists(DOCKER.resolve(volume.substring(0, volume.indexOf(':')))), volume);
        String scrape = Files.readString(DOCKER.resolve("prometheus.yml"));
        assertTrue(scrape.contains("service:8080") && scrape.contains("/q/metrics"), scrape);
    }

    @Test
    void dockerfilesCopyWhatThePackageBuildWrites() throws IOException {
        for (String file : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
            assertTrue(Files.exists(DOCKER.resolve(file)), file);
        }
        String jvm = Files.readString(DOCKER.resolve("Dockerfile.jvm"));
        assertTrue(jvm.contains("target/quarkus-app/lib/") && jvm.contains("quarkus-run.jar"));
        String ignore = Files.readString(Path.of(".dockerignore"));
        assertTrue(ignore.contains("!target/quarkus-app/*") && ignore.contains("!target/*-runner"), ignore);
    }
}
