package dev.cacheaside.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServer;

/** The packaged jar's command line, run as a user would run it. */
class PackagedApplicationIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

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

    record Run(int exitCode, String output) {
    }

    private static Run run(String... flags) throws IOException, InterruptedException {
        return run(List.of(), flags);
    }

    private static Run run(List<String> jvmOptions, String... flags) throws IOException, InterruptedException {
        assertTrue(Files.exists(JAR), "package the application first: " + JAR);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }
}
