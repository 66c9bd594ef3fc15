package dev.cacheaside.primary;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.PostgresResource;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.ServiceProcess;
import dev.cacheaside.support.Settled;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Two service processes (the packaged application twice) on one Redis and one PostgreSQL database: what the
 * deployment of two replicas looks like. Unlike with the mock, they share their primary, so they must agree.
 */
@QuarkusIntegrationTest
@WithTestResource(RedisServerResource.class)
@WithTestResource(PostgresResource.class)
class PostgresTwoProcessesIT {

    private static final int ROUNDS = 5;
    private static final long ROUND_MILLIS = 2000;

    private ServiceProcess other;

    @BeforeEach
    void startASecondProcess() throws Exception {
        other = ServiceProcess.start(RedisServerResource.server(), PostgresResource.serviceConfig(), List.of());
        // each purges the shared namespace once when it starts listening: not in the middle of a test
        Settled.listening(null);
        Settled.listening(other.port());
    }

    @AfterEach
    void stopTheSecondProcess() throws Exception {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void aStampedeSpreadOverTwoProcessesSendsOneQueryToTheDatabase() throws Exception {
        read(null, "p-001");
        read(other.port(), "p-001");
        Admin.given().delete("/api/admin/cache/products/p-004").then().statusCode(200);
        long before = PostgresResource.productReads();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Integer port = i % 2 == 0 ? null : other.port();
            reads.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return read(port, "p-004");
            }, pool));
        }
        start.countDown();
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        reads.forEach(read -> assertEquals(200, read.join().statusCode()));
        assertEquals(1, PostgresResource.productReads() - before, "SELECTs of a product on the wire, from both processes");
    }

    /** Writers on one process, readers on both, then quiet: every read shows the last committed value. */
    @Test
    void afterConcurrentWritesAndReadsBothProcessesServeTheLastWrite() throws Exception {
        int disagreements = 0;
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<CompletableFuture<Void>> load = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                load.add(CompletableFuture.runAsync(() -> {
                    while (running.get()) {
                        String stock = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000));
                        Admin.given().contentType(ContentType.JSON)
                                .body("{\"field\": \"stock\", \"value\": \"" + stock + "\"}")
                                .patch("/api/products/p-001").then().statusCode(200);
                        writes.incrementAndGet();
                    }
                }, pool));
            }
            for (int r = 0; r < 4; r++) {
                Integer port = r % 2 == 0 ? null : other.port();
                load.add(CompletableFuture.runAsync(() -> {
                    while (running.get()) {
                        read(port, "p-001");
                        reads.incrementAndGet();
                    }
                }, pool));
            }
            Thread.sleep(ROUND_MILLIS);
            running.set(false);
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            pool.shutdown();

            String committed = stockInTheDatabase();
            for (Integer port : new Integer[] { null, other.port(), null, other.port() }) {
                if (!committed.equals(read(port, "p-001").jsonPath().getString("record.stock"))) {
                    disagreements++;
                }
            }
        }
        System.out.printf("Two processes on PostgreSQL: %d writes and %d reads in %d rounds, %d of %d final reads disagreed"
                + " with the database%n", writes.get(), reads.get(), ROUNDS, disagreements, ROUNDS * 4);
        assertEquals(0, disagreements, "final reads that disagreed with the last committed write");
    }

    private static String stockInTheDatabase() throws Exception {
        try (Connection psql = PostgresResource.connect(); Statement sql = psql.createStatement();
                ResultSet row = sql.executeQuery("SELECT stock FROM products WHERE id = 'p-001'")) {
            row.next();
            return Long.toString(row.getLong(1));
        }
    }

    private static Response read(Integer port, String id) {
        Response response = port == null ? given().get("/api/products/" + id) : given().port(port).get("/api/products/" + id);
        assertEquals(200, response.statusCode(), response.asString());
        return response;
    }

    private static void await(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
