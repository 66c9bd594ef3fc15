package dev.cacheaside.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Prometheus alerting rules in {@code docker/alerts.yml} are valid ({@code promtool check rules}) and pass their
 * unit tests ({@code promtool test rules docker/alerts.test.yml}), in which every alert is seen once firing and once
 * not.
 */
class AlertRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path RULES = Path.of("docker/alerts.yml");
    private static final Path RULE_TESTS = Path.of("docker/alerts.test.yml");

    @Test
    void theRulesAreValidAndPassTheirUnitTests() throws Exception {
        requirePromtool();
        String check = promtool("check", "rules", RULES.toString());
        assertTrue(check.contains("SUCCESS: 6 rules found"), check);
        String test = promtool("test", "rules", RULE_TESTS.toString());
        assertTrue(test.contains("SUCCESS"), test);
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<String> alerts = new ArrayList<>();
        yaml.readTree(RULES.toFile()).at("/groups/0/rules").forEach(rule -> alerts.add(rule.path("alert").asText()));
        assertEquals(List.of("CacheCircuitBreakerOpen", "CacheInvalidationsPendingGrowing", "CacheHitRateCollapsed",
                "CachePrimaryLatencyHigh", "CacheRedisErrors", "CacheNearCacheNotTracking"), alerts);
        JsonNode tests = yaml.readTree(RULE_TESTS.toFile()).path("tests");
        for (String alert : alerts) {
            boolean firing = false;
            boolean quiet = false;
            for (JsonNode test : tests) {
                for (JsonNode expectation : test.path("alert_rule_test")) {
                    if (expectation.path("alertname").asText().equals(alert)) {
                        firing |= !expectation.path("exp_alerts").isEmpty();
                        quiet |= expectation.path("exp_alerts").isEmpty();
                    }
                }
            }
            assertTrue(firing, alert + " is tested firing");
            assertTrue(quiet, alert + " is tested not firing");
        }
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        assertFalse(output.contains("FAILED"), output);
        return output;
    }

    private static void requirePromtool() {
        boolean present = Files.isExecutable(PROMTOOL);
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must run this test: apt-get install prometheus");
        }
        Assumptions.assumeTrue(present, "Skipping: no " + PROMTOOL + " (apt-get install prometheus)");
    }
}
