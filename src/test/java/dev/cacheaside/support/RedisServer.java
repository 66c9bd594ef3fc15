package dev.cacheaside.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} on a free loopback port, owned by the tests: they may flush it,
 * stop it and start it again on the same port. Nothing is persisted.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final String password;
    private final List<String> extraArgs;
    private final List<String> sentinelConfig;
    private Process process;

    private RedisServer(int port, Path dir, String password, List<String> extraArgs, List<String> sentinelConfig) {
        this.port = port;
        this.dir = dir;
        this.password = password;
        this.extraArgs = extraArgs;
        this.sentinelConfig = sentinelConfig;
    }

    /** A server with a password of its own, as production Redis has. */
    public static RedisServer start() {
        return start("pw-" + UUID.randomUUID(), List.of());
    }

    /**
     * @param password the {@code requirepass}, or {@code null} for none
     * @param extraArgs more {@code redis-server} arguments, e.g. {@code --cluster-enabled yes}
     */
    public static RedisServer start(String password, List<String> extraArgs) {
        return start(password, extraArgs, null);
    }

    /**
     * A Redis Sentinel ({@code redis-server sentinel.conf --sentinel}) that clients reach with {@code password}.
     *
     * @param config the lines of its {@code sentinel.conf}, e.g. {@code sentinel monitor mymaster 127.0.0.1 6379 1}
     */
    public static RedisServer sentinel(String password, List<String> config) {
        return start(password, List.of(), config);
    }

    private static RedisServer start(String password, List<String> extraArgs, List<String> sentinelConfig) {
        try {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-test"), password, extraArgs,
                    sentinelConfig);
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start redis-server (is it installed?)", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public String password() {
        return password;
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>();
        if (sentinelConfig == null) {
            command.addAll(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        } else {
            // a sentinel rewrites its configuration file, so it gets one of its own
            Path config = dir.resolve("sentinel.conf");
            Files.write(config, sentinelConfig);
            command.addAll(List.of("redis-server", config.toString(), "--sentinel", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", dir.toString()));
        }
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            if ("PONG".equals(tryCli("PING"))) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    /** Stops the server abruptly, as a crash would. */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port, empty. */
    public void restart() {
        stop();
        try {
            startProcess();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one command with {@code redis-cli} and returns its raw output, trimmed. */
    public String cli(String... command) {
        String out = tryCli(command);
        if (out == null) {
            throw new IllegalStateException("redis-cli failed: " + String.join(" ", command));
        }
        return out;
    }

    private String tryCli(String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "--raw", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        if (password != null) {
            line.addAll(List.of("-a", password, "--no-auth-warning"));
        }
        line.addAll(List.of(command));
        try {
            Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return cli.waitFor() == 0 && !out.startsWith("Could not connect") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The {@code calls} of one command in {@code INFO commandstats}, 0 when it never ran. */
    public long commandCalls(String command) {
        for (String line : cli("INFO", "commandstats").split("\n")) {
            if (line.startsWith("cmdstat_" + command + ":calls=")) {
                return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
            }
        }
        return 0;
    }

    /** The {@code calls} of every command in {@code INFO commandstats}, added up. */
    public long totalCalls() {
        long total = 0;
        for (String line : cli("INFO", "commandstats").split("\n")) {
            if (line.startsWith("cmdstat_")) {
                total += Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
            }
        }
        return total;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
