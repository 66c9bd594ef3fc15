package dev.cacheaside.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link RedisServer} for the application under test and points the default Redis client
 * (and a second, named {@code second}, for tests that need another service instance) at it.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;

    /** The server of the running test application. */
    public static RedisServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of(
                "quarkus.redis.hosts", server.uri(),
                "quarkus.redis.second.hosts", server.uri());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
