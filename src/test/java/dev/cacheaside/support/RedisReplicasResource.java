package dev.cacheaside.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A master and one replica, each a {@link RedisServer} on a free port, all with one password, and in
 * {@code sentinel} mode (the default) a Sentinel watching them. With the Sentinel, every Redis client of the
 * application is a sentinel client asking it for the master; the Sentinel declares the master down after 1 s, so a
 * test can kill it and watch a real failover. In {@code replication} mode (init argument {@code mode}) the clients
 * are {@code client-type=replication} clients given both addresses.
 */
public class RedisReplicasResource implements QuarkusTestResourceLifecycleManager {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static final String MASTER_NAME = "mymaster";

    private boolean sentinelMode = true;

    private static volatile RedisServer master;
    private static volatile RedisServer replica;
    private static volatile RedisServer sentinel;

    public static RedisServer master() {
        return master;
    }

    public static RedisServer replica() {
        return replica;
    }

    public static RedisServer sentinel() {
        return sentinel;
    }

    /** The port of the master the Sentinel names now. */
    public static int currentMasterPort() {
        String[] address = sentinel.cli("SENTINEL", "get-master-addr-by-name", MASTER_NAME).split("\n");
        return Integer.parseInt(address[1].trim());
    }

    @Override
    public void init(Map<String, String> initArgs) {
        sentinelMode = !"replication".equals(initArgs.get("mode"));
    }

    @Override
    public Map<String, String> start() {
        String password = "pw-" + UUID.randomUUID();
        sentinel = null;
        master = RedisServer.start(password, List.of("--masterauth", password));
        replica = RedisServer.start(password, List.of("--masterauth", password,
                "--replicaof", "127.0.0.1", Integer.toString(master.port())));
        Await.until("the replica to sync", WAIT,
                () -> replica.cli("INFO", "replication").contains("master_link_status:up"));
        Map<String, String> config = new HashMap<>(Admin.config());
        if (!sentinelMode) {
            for (String client : List.of("quarkus.redis.", "quarkus.redis.second.", "quarkus.redis.proxied.")) {
                config.put(client + "hosts", master.uri() + "," + replica.uri());
                config.put(client + "password", password);
                config.put(client + "client-type", "replication");
                config.put(client + "replicas", "never");
            }
            return config;
        }
        sentinel = RedisServer.sentinel(password, List.of(
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
                "sentinel auth-pass " + MASTER_NAME + " " + password,
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 5000"));
        Await.until("the sentinel to find the replica", WAIT,
                () -> sentinel.cli("SENTINEL", "replicas", MASTER_NAME).contains(Integer.toString(replica.port())));

        for (String client : List.of("quarkus.redis.", "quarkus.redis.second.", "quarkus.redis.proxied.")) {
            config.put(client + "hosts", sentinel.uri());
            config.put(client + "password", password);
            config.put(client + "client-type", "sentinel");
            config.put(client + "master-name", MASTER_NAME);
            config.put(client + "role", "master");
        }
        return config;
    }

    @Override
    public void stop() {
        for (RedisServer server : new RedisServer[] { sentinel, replica, master }) {
            if (server != null) {
                server.close();
            }
        }
    }
}
