package dev.cacheaside.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Metrics;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RedisServerResource.class)
class MetricsTest {

    private static final String GETS = "cache_gets_total{cache=\"products\",result=\"%s\"}";
    private static final String PRIMARY_READS = "cache_primary_reads_total{cache=\"products\"}";
    private static final String PUTS = "cache_puts_total{cache=\"products\"}";
    private static final String INVALIDATIONS = "cache_invalidations_total{cache=\"products\"}";
    private static final String LOADS = "cache_load_seconds_count{cache=\"products\"}";
    private static final String PIPELINES = "cache_redis_pipelines_lookups_count{cache=\"products\"}";
    private static final String PIPELINED_LOOKUPS = "cache_redis_pipelines_lookups_sum{cache=\"products\"}";

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void aKnownSequenceOfReadsShowsExactCounts() {
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        Admin.given().delete("/api/admin/cache/products/p-405").then().statusCode(200);
        Map<String, Double> before = Metrics.samples(Metrics.scrape());

        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "MISS");
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT");
        given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT");
        given().get("/api/products/p-405").then().statusCode(404).header("X-Cache", "MISS");
        given().get("/api/products/p-405").then().statusCode(404).header("X-Cache", "HIT");
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);

        Map<String, Double> after = Metrics.samples(Metrics.scrape());
        assertEquals(2.0, delta(before, after, GETS.formatted("hit")));
        assertEquals(2.0, delta(before, after, GETS.formatted("miss")));
        assertEquals(1.0, delta(before, after, GETS.formatted("negative_hit")));
        assertEquals(0.0, delta(before, after, GETS.formatted("bypass")));
        assertEquals(2.0, delta(before, after, PRIMARY_READS));
        assertEquals(2.0, delta(before, after, PUTS));
        assertEquals(1.0, delta(before, after, INVALIDATIONS));
        assertEquals(2.0, delta(before, after, LOADS));
        // one after the other, each read's lookup is a pipeline of its own
        assertEquals(5.0, delta(before, after, PIPELINES));
        assertEquals(5.0, delta(before, after, PIPELINED_LOOKUPS));
        assertTrue(after.keySet().stream().anyMatch(name -> name.startsWith("cache_load_seconds_bucket{cache=\"products\",le=")),
                "the load timer publishes a histogram");
        assertFalse(after.keySet().stream().anyMatch(name -> name.startsWith("cache_") && name.contains("p-00")),
                "no id or key is ever a tag");
    }

    /**
     * 400 requests refused before routing, each on a path of its own, add no uri tag value of their own: the
     * HTTP meters stay bounded, and a real route is still recorded under its template afterwards.
     */
    @Test
    void junkPathsDoNotFillTheUriTag() {
        for (int i = 0; i < 100; i++) {
            given().accept("text/html").get("/api/products/junk-" + i).then().statusCode(406);
            given().urlEncodingEnabled(false).get("/api/products/%FF" + i).then().statusCode(400);
            given().put("/api/products/x-" + i).then().statusCode(405);
            given().urlEncodingEnabled(false).get("/api/nothing;x=" + i).then().statusCode(400);
        }
        given().get("/api/products/p-002").then().statusCode(200);

        Map<String, Double> samples = Metrics.samples(Metrics.scrape());
        Set<String> uris = samples.keySet().stream()
                .filter(name -> name.startsWith("http_server_requests_seconds_count{"))
                .map(name -> name.replaceAll(".*uri=\"([^\"]*)\".*", "$1"))
                .collect(Collectors.toSet());
        assertFalse(uris.stream().anyMatch(uri -> uri.contains("junk") || uri.contains("%FF") || uri.contains("x-") || uri.contains("nothing")),
                "no raw path is a tag value: " + uris);
        assertTrue(uris.size() < 20, "a handful of templates: " + uris);
        assertTrue(uris.contains("/api/products/{id}"), "the real route is recorded: " + uris);
    }

    @Test
    void jsonStatsAreReadFromTheMeters() {
        Admin.given().contentType("application/json").post("/api/admin/stats/reset").then().statusCode(200);
        Map<String, Double> before = Metrics.samples(Metrics.scrape());
        Admin.given().delete("/api/admin/cache/products/p-002").then().statusCode(200);
        given().get("/api/products/p-002");
        given().get("/api/products/p-002");
        Admin.given().contentType("application/json").body("{\"id\": \"p-003\", \"concurrency\": 10}").post("/api/admin/stampede");

        JsonPath stats = given().get("/api/stats").then().statusCode(200).extract().jsonPath();
        Map<String, Double> after = Metrics.samples(Metrics.scrape());
        assertEquals(delta(before, after, GETS.formatted("hit")), stats.getDouble("hits"));
        assertEquals(delta(before, after, GETS.formatted("miss")), stats.getDouble("misses"));
        assertEquals(delta(before, after, "cache_coalesced_total{cache=\"products\"}"), stats.getDouble("coalesced"));
        assertEquals(delta(before, after, PRIMARY_READS), stats.getDouble("primary_reads_total"));
        assertEquals(9.0, stats.getDouble("coalesced"));
        assertEquals(2.0, stats.getDouble("primary_reads_total"));
    }

    /**
     * The text exposition parses ({@code promtool} exits 1 on a parse error) and none of its lint findings
     * (exit 3) is about our {@code cache_*} meters; the others come from JVM, Redis client and fault-tolerance
     * binders we do not own (camelCase labels, missing help), and are counted in the output.
     */
    @Test
    void expositionPassesPromtool() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        requireTool(promtool, "prometheus");
        given().get("/api/products/p-004");
        Path exposition = Files.createTempFile("metrics", ".prom");
        Files.writeString(exposition, Metrics.scrape());

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(exposition.toFile()).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(1, check.exitValue(), "promtool could not parse /q/metrics:\n" + report);
        List<String> ours = report.lines().filter(line -> line.startsWith("cache_")).toList();
        assertEquals(List.of(), ours, "lint findings on our meters");
        System.out.println("promtool check metrics: exit " + check.exitValue() + ", " + report.lines().count()
                + " lint findings, none on cache_* meters");
    }

    @Test
    void aRealPrometheusScrapesTheCacheCounters() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        requireTool(prometheus, "prometheus");
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        given().get("/api/products/p-001").then().statusCode(200);
        double misses = Metrics.value(Metrics.samples(Metrics.scrape()), GETS.formatted("miss"));

        Path dir = Files.createTempDirectory("prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: cache-aside
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s:%d']
                """.formatted(metrics.getPath(), metrics.getHost(), metrics.getPort()));
        int port = RedisServer.freePort();
        Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String query = "cache_gets_total{cache=\"products\",result=\"miss\"}";
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Double seen = null;
            while (System.nanoTime() < deadline && (seen == null || seen < misses)) {
                Thread.sleep(500);
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString());
                    List<List<Object>> values = JsonPath.from(answer.body()).getList("data.result.value");
                    if (answer.statusCode() == 200 && values != null && !values.isEmpty()) {
                        seen = Double.valueOf(values.get(0).get(1).toString());
                    }
                } catch (IOException notUpYet) {
                    // Prometheus is still starting
                }
            }
            assertEquals(misses, seen, () -> "Prometheus read back the miss counter; its log: " + log(dir));
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void requireTool(Path tool, String debianPackage) {
        boolean present = Files.isExecutable(tool);
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must run this test: apt-get install " + debianPackage);
        }
        Assumptions.assumeTrue(present, "Skipping: no " + tool + " (apt-get install " + debianPackage + ")");
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return Metrics.value(after, name) - before.getOrDefault(name, 0.0);
    }
}
