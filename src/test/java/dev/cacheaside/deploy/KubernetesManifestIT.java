package dev.cacheaside.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The Kubernetes manifests that {@code quarkus-kubernetes} wrote at package time. */
class KubernetesManifestIT {

    private static final Path MANIFEST = Path.of("target/kubernetes/kubernetes.yml");
    private static final Map<String, JsonNode> RESOURCES = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        assertTrue(Files.exists(MANIFEST), "package the application first: " + MANIFEST);
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(MANIFEST.toFile())) {
            while (documents.hasNext()) {
                JsonNode resource = documents.next();
                RESOURCES.put(resource.path("kind").asText(), resource);
            }
        }
    }

    private static JsonNode container() {
        return RESOURCES.get("Deployment").at("/spec/template/spec/containers/0");
    }

    @Test
    void deploymentRunsTwoReplicas() {
        assertEquals(2, RESOURCES.get("Deployment").at("/spec/replicas").asInt());
        assertTrue(RESOURCES.containsKey("Service"));
    }

    @Test
    void probesUseTheHealthEndpoints() {
        assertEquals("/q/health/live", container().at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container().at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container().at("/startupProbe/httpGet/path").asText());
        assertEquals(8080, container().at("/readinessProbe/httpGet/port").asInt());
    }

    @Test
    void cpuAndMemoryHaveRequestsAndLimits() {
        JsonNode resources = container().path("resources");
        assertEquals("250m", resources.at("/requests/cpu").asText());
        assertEquals("256Mi", resources.at("/requests/memory").asText());
        assertEquals("1000m", resources.at("/limits/cpu").asText());
        assertEquals("512Mi", resources.at("/limits/memory").asText());
    }

    @Test
    void prometheusScrapesThePods() {
        JsonNode annotations = RESOURCES.get("Deployment").at("/spec/template/metadata/annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        assertEquals("8080", annotations.path("prometheus.io/port").asText());
    }

    @Test
    void redisAddressAndPasswordComeFromAConfigMapAndASecret() {
        Map<String, JsonNode> env = new HashMap<>();
        container().path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
        assertEquals("cache-aside-redis", env.get("QUARKUS_REDIS_HOSTS").at("/valueFrom/configMapKeyRef/name").asText());
        assertEquals("hosts", env.get("QUARKUS_REDIS_HOSTS").at("/valueFrom/configMapKeyRef/key").asText());
        assertEquals("cache-aside-redis", env.get("QUARKUS_REDIS_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("password", env.get("QUARKUS_REDIS_PASSWORD").at("/valueFrom/secretKeyRef/key").asText());
        env.values().forEach(variable -> assertFalse(variable.has("value") && variable.path("name").asText().contains("REDIS"),
                "no Redis setting is baked in: " + variable));
    }

    @Test
    void twoReplicasShareOnePostgreSQLWhoseAddressAndPasswordComeFromAConfigMapAndASecret() {
        Map<String, JsonNode> env = new HashMap<>();
        container().path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
        assertEquals("postgresql", env.get("CACHE_PRIMARY_KIND").path("value").asText());
        assertEquals("cache-aside-postgresql",
                env.get("QUARKUS_DATASOURCE_REACTIVE_URL").at("/valueFrom/configMapKeyRef/name").asText());
        assertEquals("url", env.get("QUARKUS_DATASOURCE_REACTIVE_URL").at("/valueFrom/configMapKeyRef/key").asText());
        assertEquals("username", env.get("QUARKUS_DATASOURCE_USERNAME").at("/valueFrom/configMapKeyRef/key").asText());
        assertEquals("cache-aside-postgresql",
                env.get("QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("password", env.get("QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/key").asText());
    }

    @Test
    void theAdminPasswordDigestComesFromItsOwnSecret() {
        JsonNode digest = null;
        for (JsonNode variable : container().path("env")) {
            if (variable.path("name").asText().equals("CACHE_ADMIN_PASSWORD_DIGEST")) {
                digest = variable;
            }
        }
        assertNotNull(digest, "CACHE_ADMIN_PASSWORD_DIGEST is set");
        assertEquals("cache-aside-admin", digest.at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("password-digest", digest.at("/valueFrom/secretKeyRef/key").asText());
        assertFalse(digest.has("value"), "nothing is baked in");
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyFilesystemWithNoCapabilities() {
        JsonNode pod = RESOURCES.get("Deployment").at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        JsonNode container = container().path("securityContext");
        assertTrue(container.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("[\"ALL\"]", container.at("/capabilities/drop").toString());
        // the one writable place: an emptyDir on /tmp, for Vert.x's file cache
        assertEquals("/tmp", container().at("/volumeMounts/0/mountPath").asText());
        assertEquals("tmp", pod.at("/volumes/0/name").asText());
        assertTrue(pod.at("/volumes/0").has("emptyDir"));
    }

    @Test
    void aNodeDrainNeverTakesBothReplicas() {
        JsonNode budget = RESOURCES.get("PodDisruptionBudget");
        assertNotNull(budget, "a PodDisruptionBudget");
        assertEquals(1, budget.at("/spec/minAvailable").asInt());
        assertEquals(RESOURCES.get("Deployment").at("/spec/template/metadata/labels/app.kubernetes.io~1name").asText(),
                budget.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText(), "it selects the pods");
    }

    @Test
    void thePrometheusRuleShipsTheAlertsOfTheComposeStack() throws IOException {
        JsonNode rule = RESOURCES.get("PrometheusRule");
        assertNotNull(rule, "a PrometheusRule");
        JsonNode alerts = new YAMLMapper().readTree(Path.of("docker/alerts.yml").toFile());
        assertEquals(alerts.path("groups"), rule.at("/spec/groups"), "the same groups as docker/alerts.yml");
    }
}
