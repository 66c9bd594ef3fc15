package dev.cacheaside.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A copy of the packaged application (jar or native executable) started by a test, as a user would start it, on one
 * Redis; it is stopped by {@link #close()}. Secrets go in a file only this user can read, never on a command line.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the application on a free port and waits until it is ready.
     *
     * @param secrets properties for the secrets file, besides the Redis password
     * @param systemProperties further {@code -Dkey=value} options
     */
    public static ServiceProcess start(RedisServer redis, Map<String, String> secrets, List<String> systemProperties)
            throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        Path secretsFile = Files.createTempFile("service-secrets", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder text = new StringBuilder("quarkus.redis.password=" + redis.password() + "\n");
        secrets.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(secretsFile, text);
        secretsFile.toFile().deleteOnExit();
        Path log = Files.createTempFile("service-process", ".log");
        List<String> properties = new ArrayList<>(systemProperties);
        properties.add("-Dquarkus.config.locations=" + secretsFile.toUri());
        Process process = new ProcessBuilder(PackagedApplication.command(properties,
                List.of("--port", Integer.toString(port), "--host", "127.0.0.1",
                        "--redis-host", "127.0.0.1", "--redis-port", Integer.toString(redis.port()))))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess service = new ServiceProcess(process, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!service.ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = service.log();
                service.close();
                throw new IllegalStateException("the service process did not get ready:\n" + output);
            }
            Thread.sleep(100);
        }
        return service;
    }

    public int port() {
        return port;
    }

    /** What the process has written so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ready() {
        try {
            return given().port(port).get("/q/health/ready").statusCode() == 200;
        } catch (Exception notYet) {
            // RestAssured rethrows the connection's ConnectException unchecked
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(log);
    }
}
