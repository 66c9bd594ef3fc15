package dev.cacheaside.primary;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.PostgresResource;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.Settled;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * PostgreSQL as the primary, changed around the service as psql or another application would (a JDBC connection of
 * the test's own), and cut off from the service: what the cache serves meanwhile, and how soon it is right again.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@WithTestResource(PostgresResource.class)
class PostgresPrimaryTest {

    private static final int CHANGES = 200;

    @TestHTTPResource("/")
    URL url;
    private static final Duration BOUND = Duration.ofSeconds(5);

    @BeforeEach
    void listening() {
        Settled.listening(null);
    }

    @Test
    void anUpdateMadeInTheDatabaseIsSeenByTheNextReadsWithinMilliseconds() throws Exception {
        List<Double> delays = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest read = HttpRequest.newBuilder(url.toURI().resolve("api/products/p-003")).build();
        try (Connection psql = PostgresResource.connect(); Statement sql = psql.createStatement()) {
            for (int i = 1; i <= CHANGES; i++) {
                // cached before the change, so that the old value is what Redis would serve
                given().get("/api/products/p-003").then().statusCode(200);
                given().get("/api/products/p-003").then().statusCode(200).header("X-Cache", "HIT");
                assertEquals(1, sql.executeUpdate("UPDATE products SET stock = " + i + " WHERE id = 'p-003'"));
                long committed = System.nanoTime();
                String expected = Integer.toString(i);
                // read back to back with a lean client (about a millisecond a read), so the delay is measured, not polled
                while (!http.send(read, BodyHandlers.ofString()).body().contains("\"stock\":\"" + expected + "\"")) {
                    assertTrue(System.nanoTime() - committed < BOUND.toNanos(), "change " + i + " not seen within " + BOUND);
                }
                delays.add((System.nanoTime() - committed) / 1e6);
            }
        }
        Collections.sort(delays);
        System.out.printf("PostgreSQL change to first fresh read, over %d UPDATEs: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                CHANGES, delays.get(CHANGES / 2), delays.get(CHANGES * 99 / 100 - 1), delays.get(CHANGES - 1));
    }

    @Test
    void thePageAndTheReadinessCheckSayWhichPrimaryIsInUse() {
        given().get("/").then().statusCode(200).body(containsString("Primary: PostgreSQL."));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.primary_kind", is("postgresql"))
                .body("checks[0].data.primary_changes", is("listening"))
                .body("checks[0].data.primary", is("reachable"));
    }

    @Test
    void aDeleteAndAnInsertMadeInTheDatabaseAreSeenToo() throws SQLException {
        given().get("/api/products/p-004").then().statusCode(200);
        try (Connection psql = PostgresResource.connect(); Statement sql = psql.createStatement()) {
            assertEquals(1, sql.executeUpdate("DELETE FROM products WHERE id = 'p-004'"));
            Await.until("the delete to reach the cache", BOUND,
                    () -> given().get("/api/products/p-004").statusCode() == 404);
            // the 404 is cached as "not found" now: the insert must evict that too
            given().get("/api/products/p-004").then().statusCode(404).header("X-Cache", "HIT");
            assertEquals(1, sql.executeUpdate(
                    "INSERT INTO products (id, name, price_cents, stock) VALUES ('p-004', 'Sea Salt Flakes', 475, 60)"));
            Await.until("the insert to reach the cache", BOUND,
                    () -> given().get("/api/products/p-004").statusCode() == 200);
        }
    }

    @Test
    void aThousandColdReadersSendOneQueryToTheDatabase() {
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        long before = PostgresResource.productReads();
        Admin.given().contentType(ContentType.JSON).body("{\"id\": \"p-001\", \"concurrency\": 1000}")
                .post("/api/admin/stampede").then().statusCode(200)
                .body("primary_reads", is(1)).body("found", is(true));
        assertEquals(1, PostgresResource.productReads() - before, "SELECTs of a product seen on the wire");
    }

    @Test
    void cutOffFromTheDatabaseCachedRecordsAreServedMissesFailClearlyAndNothingStaleOutlivesTheReconnection()
            throws SQLException {
        given().get("/api/products/p-001").then().statusCode(200);
        given().get("/api/products/p-002").then().statusCode(200);
        Admin.given().delete("/api/admin/cache/products/p-003").then().statusCode(200);
        PostgresResource.proxy().cut();
        try {
            given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT");
            given().get("/api/products/p-003").then().statusCode(503).contentType(ContentType.JSON)
                    .body("error", is("primary unavailable"))
                    .body("detail", containsString("cached records are still served"))
                    .body("detail", not(containsString("127.0.0.1")));
            Await.until("the listener to notice it was cut off", BOUND, () -> "reconnecting".equals(
                    given().get("/q/health/ready").jsonPath().getString("checks[0].data.primary_changes")));
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks[0].data.primary", is("unreachable"))
                    .body("checks[0].data.mode", is("degraded: only cached records are served"));
            Admin.given().contentType(ContentType.JSON).body("{\"field\": \"stock\", \"value\": \"1\"}")
                    .patch("/api/products/p-001").then().statusCode(503).body("error", is("primary unavailable"));
            given().get("/api/products/p-001").then().statusCode(200).header("X-Cache", "HIT")
                    .body("record.stock", is("42"));
            // made while the service cannot listen: this notification is lost for it
            try (Connection psql = PostgresResource.connect(); Statement sql = psql.createStatement()) {
                assertEquals(1, sql.executeUpdate("UPDATE products SET name = 'Renamed unheard' WHERE id = 'p-002'"));
            }
            given().get("/api/products/p-002").then().statusCode(200).header("X-Cache", "HIT")
                    .body("record.name", is("Espresso Beans 250g"));
        } finally {
            PostgresResource.proxy().heal();
        }
        long healed = System.nanoTime();
        Await.until("the unheard change to be served", BOUND,
                () -> "Renamed unheard".equals(given().get("/api/products/p-002").jsonPath().getString("record.name")));
        System.out.printf("A change made while the LISTEN connection was cut was served %d ms after the network healed%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed));
        Response p003 = given().get("/api/products/p-003");
        assertEquals(200, p003.statusCode(), p003.asString());
        // every record was invalidated when the listener came back, the unchanged ones too
        assertNotEquals("HIT", given().get("/api/products/p-001").header("X-Cache"));
        try (Connection psql = PostgresResource.connect(); Statement sql = psql.createStatement()) {
            sql.executeUpdate("UPDATE products SET name = 'Espresso Beans 250g' WHERE id = 'p-002'");
        }
    }
}
