package dev.cacheaside.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandLineFlagsTest {

    @Test
    void seedFlagsMapOntoConfiguration() {
        assertEquals(Map.of(
                "quarkus.http.port", "9090",
                "quarkus.http.host", "127.0.0.1",
                "quarkus.redis.hosts", "redis://cache.internal:6380",
                "cache.ttl", "45s",
                "cache.primary.latency", "20ms"),
                CommandLineFlags.parse("--port", "9090", "--host=127.0.0.1", "--redis-host", "cache.internal",
                        "--redis-port", "6380", "--ttl", "45", "--primary-latency-ms", "20"));
    }

    @Test
    void redisPortAloneKeepsLocalhost() {
        assertEquals(Map.of("quarkus.redis.hosts", "redis://localhost:7000"),
                CommandLineFlags.parse("--redis-port=7000"));
    }

    @Test
    void durationsKeepTheirUnit() {
        assertEquals("2m", CommandLineFlags.parse("--ttl", "2m").get("cache.ttl"));
        assertEquals("500ms", CommandLineFlags.parse("--ttl=500ms").get("cache.ttl"));
    }

    @Test
    void noFlagsChangeNothing() {
        assertEquals(Map.of(), CommandLineFlags.parse());
    }

    @Test
    void badFlagsAreRefusedWithAReason() {
        assertEquals("unknown flag --colour",
                assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--colour", "red"))
                        .getMessage());
        assertEquals("unknown flag --bogus",
                assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--bogus")).getMessage());
        assertEquals("unknown flag --colour",
                assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--colour=red")).getMessage());
        assertEquals("--port needs a value",
                assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--port")).getMessage());
        assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--port", "70000"));
        assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--port", "http"));
        assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--primary-latency-ms", "-1"));
        assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("--ttl", "soon"));
        assertThrows(CommandLineFlags.UsageException.class, () -> CommandLineFlags.parse("stray"));
    }
}
