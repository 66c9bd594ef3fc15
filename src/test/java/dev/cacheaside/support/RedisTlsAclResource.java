package dev.cacheaside.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A {@link RedisServer} that the application reaches over TLS only, as an ACL user limited to the cache's key prefix
 * and the commands it uses: what a managed Redis in production looks like. The certificates (a CA, and a server
 * certificate for 127.0.0.1 signed by it) are made here with {@code openssl}. The server keeps a plain port,
 * with its own password, for the tests' {@code redis-cli} only.
 */
public class RedisTlsAclResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "cache-aside";
    /**
     * Every command the service sends, and nothing else: keys only under {@code cache:}, and one channel, the near
     * cache's invalidations, with the commands that turn tracking on.
     */
    public static final String ACL = "reset on ~cache:* resetchannels -@all "
            + "+hgetall +hexists +pttl +hset +pexpire +del +get +set +exists +evalsha +eval +script|load +script|exists "
            + "+watch +unwatch +multi +exec +discard +scan +ping +hello +auth "
            + "+client|id +client|tracking +subscribe &__redis__:invalidate";

    private static volatile RedisServer server;
    private static volatile int tlsPort;
    private static volatile Path certificates;
    private static volatile String userPassword;

    public static RedisServer server() {
        return server;
    }

    /** {@code redis-cli} over TLS as the ACL user, as the service connects: its raw output. */
    public static String cliAsServiceUser(String... command) {
        return cli(List.of("--cacert", certificates.resolve("ca.crt").toString()), command);
    }

    /** The same, from a client that has not been given the test CA: the handshake must fail. */
    public static String cliAsServiceUserWithoutTheCa(String... command) {
        return cli(List.of("--cacertdir", certificates.resolve("no-such-dir").toString()), command);
    }

    private static String cli(List<String> trust, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "--raw", "-h", "127.0.0.1", "-p", Integer.toString(tlsPort),
                "--tls", "--user", USER, "--pass", userPassword, "--no-auth-warning"));
        line.addAll(trust);
        line.addAll(List.of(command));
        return run(line);
    }

    @Override
    public Map<String, String> start() {
        try {
            certificates = Files.createTempDirectory("redis-tls");
            makeCertificates(certificates);
            tlsPort = RedisServer.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = RedisServer.start("pw-" + UUID.randomUUID(), List.of(
                "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certificates.resolve("server.crt").toString(),
                "--tls-key-file", certificates.resolve("server.key").toString(),
                "--tls-ca-cert-file", certificates.resolve("ca.crt").toString(),
                "--tls-auth-clients", "no"));
        userPassword = "acl-" + UUID.randomUUID();
        List<String> setUser = new ArrayList<>(List.of("ACL", "SETUSER", USER));
        setUser.addAll(List.of(ACL.split(" ")));
        setUser.add(">" + userPassword);
        String answer = server.cli(setUser.toArray(String[]::new));
        if (!answer.equals("OK")) {
            throw new IllegalStateException("ACL SETUSER: " + answer);
        }

        Map<String, String> config = new HashMap<>(Admin.config());
        for (String client : List.of("quarkus.redis.", "quarkus.redis.second.", "quarkus.redis.proxied.")) {
            config.put(client + "hosts", "rediss://127.0.0.1:" + tlsPort + "?user=" + USER);
            config.put(client + "password", userPassword);
            config.put(client + "tls-configuration-name", "redis");
        }
        // the near cache too: its tracking connection is the one that needs more than data commands
        config.put("cache.near.enabled", "true");
        config.put("quarkus.tls.redis.trust-store.pem.certs", certificates.resolve("ca.crt").toString());
        config.put("quarkus.tls.redis.hostname-verification-algorithm", "HTTPS");
        return config;
    }

    private static void makeCertificates(Path dir) throws IOException {
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=cache-aside test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", "server.key", "-out", "server.csr");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
    }

    private static void run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (is openssl installed?):\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
