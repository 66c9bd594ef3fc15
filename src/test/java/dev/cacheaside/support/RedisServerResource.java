package dev.cacheaside.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.DevServicesContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one password-protected {@link RedisServer} for the application under test, and a {@link TcpProxy}
 * in front of it. The default Redis client and a second one, {@code second} (the connections of another
 * service instance), talk to the server directly; {@code proxied} goes through the proxy, for partitions.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager, DevServicesContext.ContextAware {

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

    private boolean packagedApplication;

    /** Called only for {@code @QuarkusIntegrationTest}s, whose launcher prints every property it passes. */
    @Override
    public void setIntegrationTestContext(DevServicesContext context) {
        packagedApplication = true;
    }

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        try {
            proxy = new TcpProxy(server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> addresses = Map.of(
                "quarkus.redis.hosts", server.uri(),
                "quarkus.redis.second.hosts", server.uri(),
                "quarkus.redis.proxied.hosts", "redis://127.0.0.1:" + proxy.port());
        Map<String, String> passwords = Map.of(
                "quarkus.redis.password", server.password(),
                "quarkus.redis.second.password", server.password(),
                "quarkus.redis.proxied.password", server.password());
        Map<String, String> config = new HashMap<>(addresses);
        passwords = new HashMap<>(passwords);
        passwords.putAll(Admin.config());
        if (packagedApplication) {
            // the packaged application reads the passwords from a file only it and we can read,
            // so the launcher's log line shows a path, not a password
            config.put("quarkus.config.locations", passwordFile(passwords).toUri().toString());
        } else {
            config.putAll(passwords);
        }
        return config;
    }

    private static Path passwordFile(Map<String, String> passwords) {
        try {
            Path file = Files.createTempFile("redis-test", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder text = new StringBuilder();
            passwords.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(file, text);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
