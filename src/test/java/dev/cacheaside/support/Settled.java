package dev.cacheaside.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import io.restassured.path.json.JsonPath;

/**
 * Waits until a service on PostgreSQL is listening for changes and has purged the cache once for it: each time it
 * starts listening it invalidates every record, so a test that expects a hit must not start before that is done.
 */
public final class Settled {

    private Settled() {
    }

    /** @param port the service's port, or null for the application under test */
    public static void listening(Integer port) {
        Await.until("the service to listen for changes and purge once", Duration.ofSeconds(20), () -> {
            JsonPath health = (port == null ? given() : given().port(port)).get("/q/health/ready").jsonPath();
            return "listening".equals(health.getString("checks[0].data.primary_changes"))
                    && health.getInt("checks[0].data.pending_invalidations") == 0;
        });
    }
}
