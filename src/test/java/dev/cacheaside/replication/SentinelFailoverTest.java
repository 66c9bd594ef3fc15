package dev.cacheaside.replication;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Outcome;
import dev.cacheaside.support.RedisReplicasResource;
import dev.cacheaside.support.RedisServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A real Sentinel failover under load: the master is killed, the Sentinel promotes the replica (which holds a
 * copy of every entry), and the application, a sentinel client, follows it. No read fails, and a write made
 * while there was no master is not served stale from the replica's copy once it is promoted.
 */
@QuarkusTest
@TestProfile(SentinelProfile.class)
class SentinelFailoverTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final List<String> IDS = List.of("p-001", "p-002", "p-003", "p-004");

    @Inject
    CacheAside cache;

    @Test
    void aFailoverFailsNoReadAndLosesNoInvalidation() throws Exception {
        RedisServer master = RedisReplicasResource.master();
        RedisServer replica = RedisReplicasResource.replica();
        for (String id : IDS) {
            given().delete("/api/cache/products/" + id).then().statusCode(200);
            given().get("/api/products/" + id).then().statusCode(200).header("X-Cache", "MISS");
        }
        String oldPrice = given().get("/api/products/p-002").then().header("X-Cache", "HIT")
                .extract().path("record.price_cents");
        String key = cache.keys().record("p-002");
        await("the replica to hold the entry", () -> "1".equals(replica.cli("EXISTS", key)));
        assertEquals(oldPrice, replica.cli("HGET", key, "price_cents"), "the replica holds a copy that would turn stale");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger phase = new AtomicInteger();
        List<List<Outcome>> phases = List.of(Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
        ExecutorService readers = Executors.newFixedThreadPool(10);
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            int offset = t;
            loops.add(CompletableFuture.runAsync(() -> {
                for (int i = offset; running.get(); i++) {
                    List<Outcome> outcomes = phases.get(phase.get());
                    try {
                        CacheResult result = cache.get(IDS.get(i % IDS.size())).await().atMost(AWAIT);
                        outcomes.add(result.found() ? result.outcome() : null);
                        if (!result.found()) {
                            failures.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                }
            }, readers));
        }

        Thread.sleep(500);
        phase.set(1);
        master.stop();
        long killed = System.nanoTime();
        String newPrice = Integer.toString(ThreadLocalRandom.current().nextInt(2000, 9000));
        given().contentType(ContentType.JSON).body("{\"field\": \"price_cents\", \"value\": \"" + newPrice + "\"}")
                .patch("/api/products/p-002")
                .then().statusCode(200).body("invalidated", is(false)).body("invalidation_pending", is(true));

        await("the Sentinel to promote the replica",
                () -> RedisReplicasResource.currentMasterPort() == replica.port());
        long promoted = System.nanoTime();
        await("the kept invalidation to be replayed on the new master", () -> cache.stats().pendingInvalidations() == 0);
        phase.set(2);
        Thread.sleep(1500);
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        readers.shutdown();

        assertEquals(0, failures.get(), "no read failed");
        assertTrue(phases.get(1).contains(Outcome.BYPASS), "reads went to the primary while there was no master");
        List<Outcome> after = phases.get(2);
        long hits = after.stream().filter(outcome -> outcome == Outcome.HIT).count();
        assertTrue(after.size() > 100 && hits >= 0.9 * after.size(),
                "hits came back from the new master: " + hits + " of " + after.size());
        assertTrue(replica.cli("INFO", "replication").contains("role:master"));
        given().get("/api/products/p-002").then().statusCode(200)
                .body("record.price_cents", equalTo(newPrice));
        assertTrue(replica.commandCalls("eval") >= 1, "the scripts were loaded again on the new master (NOSCRIPT)");
        System.out.printf("Sentinel failover: promoted %d ms after the kill; %d reads during it (%d bypassed), "
                + "%d after (%.1f%% hits), 0 failed%n",
                TimeUnit.NANOSECONDS.toMillis(promoted - killed), phases.get(1).size(),
                phases.get(1).stream().filter(outcome -> outcome == Outcome.BYPASS).count(), after.size(),
                100.0 * hits / after.size());
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
