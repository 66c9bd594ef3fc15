package dev.cacheaside.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A local Redis Cluster of three masters (no replicas), each a {@link RedisServer} with
 * {@code --cluster-enabled yes} on a free port, joined with {@code redis-cli --cluster create}. Every
 * Redis client of the application is pointed at it as a cluster client.
 */
public class RedisClusterResource implements QuarkusTestResourceLifecycleManager {

    private static final List<RedisServer> NODES = new ArrayList<>();

    public static List<RedisServer> nodes() {
        return NODES;
    }

    @Override
    public Map<String, String> start() {
        String password = "pw-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            NODES.add(RedisServer.start(password, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--masterauth", password)));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "-a", password, "--no-auth-warning", "--cluster", "create"));
        NODES.forEach(node -> create.add("127.0.0.1:" + node.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        run(create);
        Await.until("every node to report cluster_state:ok", Duration.ofSeconds(20),
                () -> NODES.stream().allMatch(node -> node.cli("CLUSTER", "INFO").contains("cluster_state:ok")));

        String hosts = NODES.stream().map(RedisServer::uri).collect(Collectors.joining(","));
        Map<String, String> config = new HashMap<>();
        for (String client : List.of("quarkus.redis.", "quarkus.redis.second.", "quarkus.redis.proxied.")) {
            config.put(client + "hosts", hosts);
            config.put(client + "password", password);
            config.put(client + "client-type", "cluster");
            if (!client.equals("quarkus.redis.")) {
                // the application's own client takes single-node transactions from application.properties, as a
                // user's would; the tests' extra clients are not configured there
                config.put(client + "cluster-transactions", "single-node");
            }
        }
        config.putAll(Admin.config());
        return config;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        NODES.forEach(RedisServer::close);
        NODES.clear();
    }
}
