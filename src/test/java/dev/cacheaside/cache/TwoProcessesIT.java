package dev.cacheaside.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.ServiceProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Cross-process single-flight between two real service processes: the packaged application the test harness
 * starts, and a second copy of it (jar or native executable) started here, both on one Redis. Each has its own mock primary, so the
 * primary reads of the two processes add up to the number of loads in the whole deployment.
 */
@QuarkusIntegrationTest
@WithTestResource(RedisServerResource.class)
class TwoProcessesIT {

    private static final int READERS = 100;

    private ServiceProcess other;
    private int otherPort;

    @BeforeEach
    void startASecondProcess() throws Exception {
        other = ServiceProcess.start(RedisServerResource.server(), Map.of(), List.of());
        otherPort = other.port();
    }

    @AfterEach
    void stopTheSecondProcess() throws Exception {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void aStampedeSpreadOverTwoProcessesLoadsThePrimaryOnce() throws Exception {
        // warm both read paths, so that neither process is still loading classes when the stampede starts
        read("/api/products/p-001", null);
        read("/api/products/p-001", otherPort);
        Admin.given().delete("/api/admin/cache/products/p-004").then().statusCode(200);
        long before = primaryReads(null) + primaryReads(otherPort);

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> reads = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            Integer port = i % 2 == 0 ? null : otherPort;
            reads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return read("/api/products/p-004", port);
            }, pool));
        }
        start.countDown();
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        pool.shutdown();

        long loaders = 0;
        long waitedForTheOtherProcess = 0;
        for (CompletableFuture<Response> read : reads) {
            Response response = read.join();
            assertEquals(200, response.statusCode(), response.asString());
            assertEquals("Sea Salt Flakes", response.jsonPath().getString("record.name"));
            JsonPath body = response.jsonPath();
            if ("miss".equals(body.getString("outcome")) && !body.getBoolean("coalesced")) {
                loaders++;
            }
            if ("suppressed".equals(body.getString("outcome"))) {
                waitedForTheOtherProcess++;
            }
        }
        assertEquals(1, primaryReads(null) + primaryReads(otherPort) - before, "primary reads in both processes");
        assertEquals(1, loaders, "requests that loaded the primary, in both processes");
        assertTrue(waitedForTheOtherProcess >= 1, "the other process waited for the loader's fill");
        System.out.printf("%d readers over two processes: 1 primary read, %d waited for the other process's fill%n",
                READERS, waitedForTheOtherProcess);
    }

    /** A GET from the harness's application ({@code port == null}) or from the second process. */
    private static Response read(String path, Integer port) {
        return port == null ? given().get(path) : given().port(port).get(path);
    }

    private static long primaryReads(Integer port) {
        return read("/api/stats", port).jsonPath().getLong("primary_reads_total");
    }
}
