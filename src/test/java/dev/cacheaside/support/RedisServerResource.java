package dev.cacheaside.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one password-protected {@link RedisServer} for the application under test, and a {@link TcpProxy}
 * in front of it. The default Redis client and a second one, {@code second} (the connections of another
 * service instance), talk to the server directly; {@code proxied} goes through the proxy, for partitions.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer server;
    private static volatile TcpProxy proxy;

    /** The server of the running test application. */
    public static RedisServer server() {
        return server;
    }

    /** The relay in front of {@link #server()} used by the {@code proxied} client. */
    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        try {
            proxy = new TcpProxy(server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.redis.hosts", server.uri(),
                "quarkus.redis.password", server.password(),
                "quarkus.redis.second.hosts", server.uri(),
                "quarkus.redis.second.password", server.password(),
                "quarkus.redis.proxied.hosts", "redis://127.0.0.1:" + proxy.port(),
                "quarkus.redis.proxied.password", server.password());
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
