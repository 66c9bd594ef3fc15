package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.Products;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** {@code /api/admin/stampede}: many simultaneous reads of a key that was just invalidated. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class StampedeResourceTest {

    @Test
    void stampedeOfFiftyReadersCostsOnePrimaryRead() {
        Admin.given().contentType(ContentType.JSON).body("{\"id\": \"p-001\", \"concurrency\": 50}")
                .post("/api/admin/stampede")
                .then().statusCode(200)
                .body("id", equalTo("p-001"))
                .body("concurrency", equalTo(50))
                .body("primary_reads", equalTo(1))
                .body("misses", equalTo(1))
                .body("coalesced", equalTo(49))
                .body("found", is(true))
                .body("readers.size()", equalTo(50));
    }

    /**
     * One stampede at a time per instance. The first is held in flight by pausing Redis's writes (its eviction
     * waits, then times out), so that the seven fired meanwhile overlap it for certain: all seven are told to
     * retry, and once the first has ended, with a failure, the next one runs.
     */
    @Test
    void oneStampedeRunsAtATimeAndTheOthersAreToldToRetry() throws Exception {
        String body = "{\"id\": \"p-003\", \"concurrency\": 20}";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // a client's first request on a thread is slow; warm every thread so that the timing below holds
            List<Future<Response>> warm = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                warm.add(pool.submit(() -> given().get("/api/stats")));
            }
            for (Future<Response> done : warm) {
                done.get(10, TimeUnit.SECONDS);
            }
            RedisServerResource.server().cli("CLIENT", "PAUSE", "3000", "WRITE");
            Future<Response> first = pool.submit(() -> stampede(body));
            Thread.sleep(150);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> others = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                others.add(pool.submit(() -> {
                    start.await();
                    return stampede(body);
                }));
            }
            start.countDown();
            for (Future<Response> other : others) {
                other.get(10, TimeUnit.SECONDS).then().statusCode(429)
                        .contentType(ContentType.JSON)
                        .header("Retry-After", "1")
                        .body("error", equalTo("stampede running"));
            }
            first.get(10, TimeUnit.SECONDS).then().statusCode(503).body("error", equalTo("cache unavailable"));
        } finally {
            RedisServerResource.server().cli("CLIENT", "UNPAUSE");
            pool.shutdownNow();
        }
        Await.until("the breaker to let Redis calls through", Duration.ofSeconds(10),
                () -> stampede(body).statusCode() == 200);
    }

    private static Response stampede(String body) {
        return Admin.given().contentType(ContentType.JSON).body(body).post("/api/admin/stampede");
    }

    /** Each row: a stampede that must be refused before it invalidates anything, so p-001 stays cached. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one reader            | {"id": "p-001", "concurrency": 1}     | concurrency out of range
            over the maximum      | {"id": "p-001", "concurrency": 1001}  | concurrency out of range
            no concurrency        | {"id": "p-001"}                       | concurrency out of range
            no id                 | {"concurrency": 5}                    | missing id
            an array              | [1, 2]                                | malformed JSON body
            fractional readers    | {"id": "p-001", "concurrency": 2.5}   | malformed JSON body
            misspelt property     | {"id": "p-001", "concurency": 50}     | unknown property
            brace in id           | {"id": "p-{1}", "concurrency": 5}     | invalid id
            a string for a number | {"id": "p-001", "concurrency": "5"}   | malformed JSON body
            a number for a string | {"id": 1, "concurrency": 5}           | malformed JSON body
            """)
    void aRejectedStampedeChangesNothing(String name, String body, String error) {
        Map<String, String> before = Products.cached("p-001");
        Admin.given().contentType(ContentType.JSON).body(body).post("/api/admin/stampede")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo(error))
                .body("detail", notNullValue());
        Products.assertUnchanged("p-001", before);
    }
}
