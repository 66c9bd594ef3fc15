package dev.cacheaside.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Await;
import dev.cacheaside.support.RedisServerResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With tracing switched on, a read is one trace: the server span carries how the cache served it (outcome,
 * coalesced, never the id), with child spans for the Redis calls and, on a miss, the primary load.
 */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@WithTestResource(RedisServerResource.class)
class TracingTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "20ms");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void cold() {
        Admin.given().delete("/api/admin/cache/products/p-002").then().statusCode(200);
        Await.until("the delete's spans", Duration.ofSeconds(5), () -> !server("DELETE").isEmpty());
        spans.reset();
    }

    @Test
    void aMissIsAServerSpanWithRedisAndPrimaryLoadChildren() {
        given().get("/api/products/p-002").then().statusCode(200).header("X-Cache", "MISS");
        SpanData read = awaitServerSpan();
        assertEquals("miss", read.getAttributes().get(AttributeKey.stringKey("cache.outcome")));
        assertEquals(false, read.getAttributes().get(AttributeKey.booleanKey("cache.coalesced")));
        List<SpanData> children = childrenOf(read);
        assertTrue(children.stream().anyMatch(span -> span.getName().equals("primary.load")), names(children));
        assertTrue(children.stream().anyMatch(TracingTest::isRedis), names(children));
        assertNoIdInCacheAttributes(read, "p-002");
    }

    @Test
    void aHitIsAServerSpanWithRedisChildrenAndNoPrimaryLoad() {
        given().get("/api/products/p-002").then().statusCode(200);
        awaitServerSpan();
        spans.reset();
        given().get("/api/products/p-002").then().statusCode(200).header("X-Cache", "HIT");
        SpanData read = awaitServerSpan();
        assertEquals("hit", read.getAttributes().get(AttributeKey.stringKey("cache.outcome")));
        List<SpanData> children = childrenOf(read);
        assertTrue(children.stream().anyMatch(TracingTest::isRedis), names(children));
        assertFalse(children.stream().anyMatch(span -> span.getName().equals("primary.load")), names(children));
        assertNoIdInCacheAttributes(read, "p-002");
    }

    private SpanData awaitServerSpan() {
        Await.until("the read's server span", Duration.ofSeconds(5), () -> !server("GET").isEmpty());
        List<SpanData> reads = server("GET");
        assertEquals(1, reads.size(), names(reads));
        return reads.get(0);
    }

    private List<SpanData> server(String method) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER && span.getName().startsWith(method + " /api/"))
                .toList();
    }

    /** Every span under {@code parent} in its trace, however deep (a Redis call may sit under the load). */
    private List<SpanData> childrenOf(SpanData parent) {
        Await.until("the children to be exported", Duration.ofSeconds(5), () -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getParentSpanId().equals(parent.getSpanId())));
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(parent.getTraceId()) && !span.getSpanId().equals(parent.getSpanId()))
                .toList();
    }

    private static boolean isRedis(SpanData span) {
        return "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system")))
                || "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system.name")));
    }

    private static void assertNoIdInCacheAttributes(SpanData span, String id) {
        span.getAttributes().forEach((key, value) -> {
            if (key.getKey().startsWith("cache.")) {
                assertFalse(String.valueOf(value).contains(id), key + "=" + value);
            }
        });
    }

    private static String names(List<SpanData> spans) {
        return spans.stream().map(span -> span.getKind() + " " + span.getName() + " " + span.getAttributes()).toList()
                .toString();
    }
}
