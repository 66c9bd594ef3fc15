package dev.cacheaside.cache.near;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.cacheaside.cache.CacheConfig;
import dev.cacheaside.cache.CacheKeys;
import dev.cacheaside.cache.GuardedRedis;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Keeps the {@link NearCache} coherent with Redis through server-assisted client-side caching: one connection of
 * its own asks Redis to track every record key of the namespace in broadcast mode and to send the invalidations
 * to itself ({@code CLIENT TRACKING on REDIRECT <own id> BCAST PREFIX <namespace>:product:{}), then subscribes to
 * {@code __redis__:invalidate} (RESP3, the client's default, receives "invalidate" pushes; RESP2 receives messages
 * on that channel). Every change to a record key, by any
 * client (a write through any replica of this service, {@code HSET} or {@code DEL} from redis-cli, expiry,
 * eviction), then arrives here as that key's name; {@code FLUSHALL}/{@code FLUSHDB} as a null.
 * <p>
 * The near cache is used only between Redis confirming the subscription and the connection being lost. The
 * connection is checked with a {@code PING} every {@code cache.near.ping-interval}; one that does not answer
 * within {@code cache.redis-timeout} counts as lost (a partition sends no FIN), and is replaced with growing
 * delays. While the circuit breaker keeps reads off Redis, the near cache is flushed too.
 * <p>
 * Broadcast mode needs one prefix for the whole namespace and no per-key table in Redis; a Redis Cluster would
 * need this on every master, so {@code config.CacheConfigCheck} refuses the near cache there (and on
 * replication, whose reads may come from a lagging replica).
 * <p>
 * Execution model: the connection's replies and pushes run on its Vert.x context; timers on Vert.x; nothing blocks.
 */
@ApplicationScoped
public class InvalidationTracker {

    static final String CHANNEL = "__redis__:invalidate";
    private static final long MAX_RECONNECT_DELAY_MS = 5_000;

    private final NearCache near;
    private final CacheKeys keys;
    private final Redis client;
    private final Vertx vertx;
    private final long pingIntervalMs;
    private final Duration pingTimeout;
    private RedisConnection connection;
    private long pingTimer = -1;
    private int failedAttempts;
    private boolean stopped;

    @Inject
    public InvalidationTracker(NearCache near, CacheConfig config, ReactiveRedisDataSource redis, GuardedRedis guarded,
            Vertx vertx) {
        this.near = near;
        this.keys = new CacheKeys(config.namespace());
        this.client = redis.getRedis();
        this.vertx = vertx;
        this.pingIntervalMs = config.near().pingInterval().toMillis();
        this.pingTimeout = config.redisTimeout();
        if (near.enabled()) {
            guarded.onBreakerChange(state -> {
                if (state != CircuitBreakerState.CLOSED) {
                    near.flush("the circuit breaker in front of Redis is " + state);
                }
            });
        }
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Opens the tracking connection, if the near cache is on; the near cache is used once Redis confirms it. */
    public void start() {
        if (near.enabled()) {
            connect();
        }
    }

    /** Closes the tracking connection for good; the near cache is no longer used. */
    public void stop() {
        RedisConnection open;
        synchronized (this) {
            stopped = true;
            cancelPing();
            open = connection;
            connection = null;
        }
        near.trackingDown("the service is stopping");
        if (open != null) {
            open.closeAndForget();
        }
    }

    // Lock order: the tracker's monitor is never held while calling the connection, whose own lock the client holds
    // while it runs our end and exception handlers (stop() closing it there deadlocked against lost()).

    private void connect() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        client.connect().subscribe().with(this::track, failure -> retry("could not connect: " + failure.getMessage()));
    }

    private void track(RedisConnection opened) {
        boolean current;
        synchronized (this) {
            current = !stopped;
            if (current) {
                connection = opened;
            }
        }
        if (!current) {
            opened.closeAndForget();
            return;
        }
        opened.handler(push -> onPush(opened, push));
        opened.exceptionHandler(failure -> lost(opened, failure.getMessage()));
        opened.endHandler(() -> lost(opened, "the connection was closed"));
        opened.send(Request.cmd(Command.CLIENT).arg("ID"))
                .chain(id -> opened.send(Request.cmd(Command.CLIENT).arg("TRACKING").arg("on")
                        .arg("REDIRECT").arg(id.toLong()).arg("BCAST").arg("PREFIX").arg(keys.recordPrefix())))
                // the confirmation arrives as a push (see onPush); only then is the near cache used
                .chain(ok -> opened.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)))
                .subscribe().with(ok -> {
                }, failure -> lost(opened, "could not turn tracking on: " + failure.getMessage()));
    }

    private void onPush(RedisConnection from, Response push) {
        if (push != null && push.type() == ResponseType.ERROR) {
            // SUBSCRIBE expects no reply of its own, so a refusal (an ACL without the channel) arrives here
            lost(from, "Redis refused the subscription: " + push);
            return;
        }
        if (push == null || push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI || push.size() < 2) {
            return;
        }
        // Redis sends invalidations to a RESP3 client as "invalidate" pushes, to a RESP2 one as messages on the
        // channel it subscribed to; the subscription's confirmation is the sign that tracking is on, in both
        switch (push.get(0).toString()) {
            case "invalidate" -> invalidate(push.get(1));
            case "message" -> {
                if (push.size() == 3 && CHANNEL.equals(push.get(1).toString())) {
                    invalidate(push.get(2));
                }
            }
            case "subscribe" -> {
                if (CHANNEL.equals(push.get(1).toString())) {
                    subscribed(from);
                }
            }
            default -> {
                // "pong" of a RESP2 PING while subscribed, or a reply that is not ours
            }
        }
    }

    private void invalidate(Response keyNames) {
        if (keyNames == null) {
            near.flush("Redis flushed the database");
            return;
        }
        for (Response keyName : keyNames) {
            String id = keys.idOfRecord(keyName.toString());
            if (id != null) {
                near.invalidate(id);
            }
        }
    }

    private synchronized void subscribed(RedisConnection from) {
        if (from != connection) {
            return;
        }
        if (failedAttempts > 0) {
            Log.infof("Near cache back in use: Redis sends invalidations of %s* again", keys.recordPrefix());
        } else {
            Log.infof("Near cache in use: Redis sends invalidations of %s*", keys.recordPrefix());
        }
        failedAttempts = 0;
        near.trackingUp();
        pingTimer = vertx.setPeriodic(pingIntervalMs, timer -> ping(from));
    }

    private void ping(RedisConnection on) {
        on.send(Request.cmd(Command.PING))
                .ifNoItem().after(pingTimeout).fail()
                .subscribe().with(reply -> {
                    // RESP2: a message that arrived while the PING waited is handed to the PING as its reply
                    if (reply != null && reply.type() == ResponseType.MULTI) {
                        onPush(on, reply);
                    }
                }, failure -> lost(on, "no answer to PING within " + pingTimeout.toMillis() + " ms"));
    }

    private void lost(RedisConnection which, String reason) {
        synchronized (this) {
            if (which != connection) {
                return;
            }
            connection = null;
            cancelPing();
        }
        near.trackingDown("tracking connection lost: " + reason);
        // it subscribed, so the pool closes it rather than lending it again
        which.closeAndForget();
        retry(reason);
    }

    private synchronized void cancelPing() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
    }

    private synchronized void retry(String reason) {
        if (stopped) {
            return;
        }
        long delay = Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(failedAttempts, 6));
        if (failedAttempts == 0) {
            Log.warnf("Near cache out of use until Redis tracking is back (%s); retrying", reason);
        }
        failedAttempts++;
        vertx.setTimer(delay, timer -> connect());
    }
}
