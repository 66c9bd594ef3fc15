package dev.cacheaside.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A database of its own on the machine's PostgreSQL ({@code 127.0.0.1:5432}, user {@code postgres}, trust auth),
 * created for the test application and dropped after it: the service migrates it (Flyway) and uses it as its
 * primary, through a {@link TcpProxy} that counts the reads of a product and can cut the database off.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String HOST = System.getProperty("postgres.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("postgres.port", 5432);
    public static final String USER = System.getProperty("postgres.user", "postgres");
    /** The text of the service's read of one product, as the store sends it. */
    private static final String PRODUCT_READ = "FROM products WHERE id";

    private static volatile String database;
    private static volatile TcpProxy proxy;
    private static volatile PgStatements reads;

    /** Reads of one product sent to the database since the test application started. */
    public static long productReads() {
        return reads.count();
    }

    /** The relay between the service and the database. */
    public static TcpProxy proxy() {
        return proxy;
    }

    /** A direct connection to the test database, as psql or another application would have: not through the relay. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database + "?sslmode=disable",
                USER, "");
    }

    /** What a second service process needs to use the same database, through the same relay. */
    public static Map<String, String> serviceConfig() {
        return Map.of(
                "cache.primary.kind", "postgresql",
                "quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + proxy.port() + "/" + database + "?sslmode=disable",
                "quarkus.datasource.username", USER);
    }

    @Override
    public Map<String, String> start() {
        database = "cache_aside_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres?sslmode=disable", USER, "");
                Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL must run on " + HOST + ":" + PORT + " with trust auth for "
                    + USER + " (the README says how)", e);
        }
        reads = new PgStatements(PRODUCT_READ);
        try {
            proxy = new TcpProxy(PORT, reads::newConnection);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return serviceConfig();
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres?sslmode=disable", USER, "");
                Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + database, e);
        }
    }
}
