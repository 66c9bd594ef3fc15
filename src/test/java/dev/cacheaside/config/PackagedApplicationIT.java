package dev.cacheaside.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.PackagedApplication;
import dev.cacheaside.support.RedisServer;

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
