package dev.cacheaside.primary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgChannel;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Products in a PostgreSQL table (created by the Flyway migrations in {@code db/migration}), read and written with
 * the reactive client: one statement per operation, nothing blocks. Changes made by anyone arrive on the
 * {@code product_changed} channel, sent by a trigger, and are listened to on a connection of their own.
 */
public class PostgresPrimaryStore implements PrimaryStore {

    static final String CHANNEL = "product_changed";
    private static final String READ = "SELECT id, name, price_cents, stock FROM products WHERE id = $1";
    /** Byte order ({@code COLLATE "C"}) is code point order, the order the mock gives too. */
    private static final String IDS = "SELECT id FROM products ORDER BY id COLLATE \"C\"";

    private final Pool pool;
    private final Vertx vertx;
    private final PgConnectOptions listenOptions;
    private volatile String changeFeed = "starting";

    /**
     * @param listenOptions where the LISTEN connection goes: the database the pool reads, outside the pool, since
     *        a pooled connection is handed back after each statement and would stop listening
     */
    public PostgresPrimaryStore(Pool pool, Vertx vertx, PgConnectOptions listenOptions) {
        this.pool = pool;
        this.vertx = vertx;
        this.listenOptions = listenOptions;
    }

    @Override
    public Uni<Optional<Map<String, String>>> read(String id) {
        return pool.preparedQuery(READ).execute(Tuple.of(id)).onFailure().transform(PrimaryUnavailableException::new)
                .map(rows -> {
            RowIterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                return Optional.empty();
            }
            Row row = found.next();
            return Optional.of(Map.of("id", row.getString("id"), "name", row.getString("name"),
                    "price_cents", Long.toString(row.getLong("price_cents")), "stock", Long.toString(row.getLong("stock"))));
        });
    }

    /** One {@code UPDATE}, committed when it returns (the pool runs it in a transaction of its own). */
    @Override
    public Uni<Boolean> update(String id, String field, String value) {
        // the column comes from this fixed list, never from the request; the value is a parameter
        String sql = switch (field) {
            case "name" -> "UPDATE products SET name = $2 WHERE id = $1";
            case "price_cents" -> "UPDATE products SET price_cents = $2 WHERE id = $1";
            case "stock" -> "UPDATE products SET stock = $2 WHERE id = $1";
            default -> throw new IllegalArgumentException("not an updatable field: " + field);
        };
        Object parameter = field.equals("name") ? value : Long.valueOf(value);
        return pool.preparedQuery(sql).execute(Tuple.of(id, parameter))
                .onFailure().transform(PrimaryUnavailableException::new)
                .map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Uni<List<String>> ids() {
        return pool.query(IDS).execute().onFailure().transform(PrimaryUnavailableException::new).map(rows -> {
            List<String> ids = new ArrayList<>(rows.size());
            rows.forEach(row -> ids.add(row.getString(0)));
            return List.copyOf(ids);
        });
    }

    /**
     * Every id the trigger announces, on a LISTEN connection that reconnects by itself. Each time it starts
     * listening (the first time, and after every reconnection) it also announces a change of every record:
     * whatever was notified while nobody listened is lost, so nothing cached before can be trusted.
     */
    @Override
    public Multi<PrimaryChange> changes() {
        return Multi.createFrom().emitter(emitter -> {
            PgSubscriber subscriber = PgSubscriber.subscriber(vertx, listenOptions)
                    // called when the connection is lost (no close handler runs while it reconnects), then before
                    // each further attempt: try again every half second, for ever
                    .reconnectPolicy(retries -> {
                        if (retries == 0) {
                            changeFeed = "reconnecting";
                            Log.warn("Lost the connection listening for changes in PostgreSQL; reconnecting");
                        }
                        return 500L;
                    });
            AtomicBoolean listenedBefore = new AtomicBoolean();
            PgChannel channel = subscriber.channel(CHANNEL);
            channel.handler(id -> emitter.emit(id.isEmpty()
                    ? PrimaryChange.everything("the products table was truncated")
                    : PrimaryChange.of(id)));
            channel.subscribeHandler(() -> {
                changeFeed = "listening";
                emitter.emit(PrimaryChange.everything(listenedBefore.getAndSet(true)
                        ? "the connection listening for changes in PostgreSQL was lost, and changes made meanwhile were not heard"
                        : "this instance starts listening for changes in PostgreSQL, and cannot know what changed before"));
            });
            subscriber.connect().subscribe().with(
                    connected -> Log.infof("Listening for changes in PostgreSQL on channel %s", CHANNEL),
                    failure -> {
                        changeFeed = "reconnecting";
                        // not fatal: reads and writes go through the pool; retried below
                        Log.warnf("Could not listen for changes in PostgreSQL (%s); retrying", failure.getMessage());
                        emitter.fail(failure);
                    });
            emitter.onTermination(() -> subscriber.close().subscribe().with(done -> {
            }, failure -> {
            }));
        });
    }

    @Override
    public String changeFeed() {
        return changeFeed;
    }

    @Override
    public String kind() {
        return "postgresql";
    }
}
