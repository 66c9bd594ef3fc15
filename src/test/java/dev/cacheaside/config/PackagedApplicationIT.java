package dev.cacheaside.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.PackagedApplication;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.ServiceProcess;

/** The packaged application's command line (the jar, or the native executable after a native build), run as a user would run it. */
class PackagedApplicationIT {

    @Test
    void badFlagPrintsUsageAndExitsNonZero() throws Exception {
        Run run = run("--colour", "red");
        assertEquals(2, run.exitCode());
        assertTrue(run.output().contains("error: unknown flag --colour"), run.output());
        assertTrue(run.output().contains("--primary-latency-ms"), run.output());
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Run run = run("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.output().startsWith("Usage: "), run.output());
    }

    @Test
    void aSettingOutOfRangeStopsTheServiceAndNamesTheSetting() throws Exception {
        String port = Integer.toString(RedisServer.freePort());
        Run run = run(List.of("-Dcache.namespace=shop*"), "--ttl", "0", "--port", port);
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("cache.ttl must be at least 1ms, got 0ms"), run.output());
        assertTrue(run.output().contains("cache.namespace"), run.output());
        assertFalse(run.output().contains("Listening on"), run.output());
    }

    @Test
    void byDefaultTheAdminRoutesAreClosedAndTheLogAndThePageSayHowToOpenThem() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ServiceProcess service = ServiceProcess.start(redis, Map.of(), List.of())) {
            given().port(service.port()).delete("/api/admin/cache/products/p-001").then().statusCode(401);
            // no password is set, so none works
            given().port(service.port()).auth().preemptive().basic("admin", "").delete("/api/admin/cache/products/p-001")
                    .then().statusCode(401);
            given().port(service.port()).get("/api/products/p-001").then().statusCode(200);
            assertTrue(service.log().contains("No admin password is set, so the admin routes (/api/admin/*, PATCH "
                    + "/api/products/{id}) answer 401 to everyone. Set CACHE_ADMIN_PASSWORD_DIGEST"), service.log());
            assertTrue(service.log().contains("-Dcache.admin.open=true for a local demo"), service.log());
            given().port(service.port()).get("/").then().statusCode(200)
                    .body(containsString("This server has no admin password yet"))
                    .body(containsString("-Dcache.admin.open=true"));
        }
    }

    @Test
    void aDeliberatelyOpenApplicationWarnsInItsLogAndOnItsPage() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ServiceProcess service = ServiceProcess.start(redis, Map.of(), List.of("-Dcache.admin.open=true"))) {
            given().port(service.port()).delete("/api/admin/cache/products/p-001").then().statusCode(200);
            assertTrue(service.log().contains("WARN  [dev.cacheaside.security.AdminAccessLog] (main) cache.admin.open=true: "
                    + "the admin routes (/api/admin/*, PATCH /api/products/{id}) are open to anyone who can reach this "
                    + "port"), service.log());
            given().port(service.port()).get("/").then().statusCode(200)
                    .body(containsString("open to every caller"));
        }
    }

    @Test
    void theAdminSignsInWithThePasswordWhoseDigestIsConfigured() throws Exception {
        String digest = Admin.digest("admin", "correct horse");
        try (RedisServer redis = RedisServer.start();
                ServiceProcess service = ServiceProcess.start(redis, Map.of("cache.admin.password-digest", digest),
                        List.of())) {
            given().port(service.port()).auth().preemptive().basic("admin", "correct horse")
                    .get("/api/admin/access").then().statusCode(200);
            given().port(service.port()).auth().preemptive().basic("admin", "correct horse!")
                    .get("/api/admin/access").then().statusCode(401);
            assertFalse(service.log().contains(digest), "the digest is not logged");
            assertTrue(service.log().contains("need role cache-admin: sign in with HTTP Basic as 'admin'"), service.log());
        }
    }

    record Run(int exitCode, String output) {
    }

    private static Run run(String... flags) throws IOException, InterruptedException {
        return run(List.of(), flags);
    }

    private static Run run(List<String> systemProperties, String... flags) throws IOException, InterruptedException {
        List<String> command = PackagedApplication.command(systemProperties, List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }
}
