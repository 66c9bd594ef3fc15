package dev.cacheaside.primary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class MockPrimaryStoreTest {

    private static final Duration AWAIT = Duration.ofSeconds(5);

    @Test
    void holdsTheSeedProductsExactly() {
        MockPrimaryStore store = new MockPrimaryStore(Duration.ZERO);
        assertEquals(List.of("p-001", "p-002", "p-003", "p-004"), store.ids().await().atMost(AWAIT));
        assertEquals(Map.of("id", "p-002", "name", "Espresso Beans 250g", "price_cents", "1495", "stock", "120"),
                store.read("p-002").await().atMost(AWAIT).orElseThrow());
        assertEquals(Optional.empty(), store.read("p-404").await().atMost(AWAIT));
        assertEquals(2, store.reads());
    }

    @Test
    void aReadAnswersWhatWasThereWhenItStarted() {
        MockPrimaryStore store = new MockPrimaryStore(Duration.ofMillis(200));
        Uni<Optional<Map<String, String>>> read = store.read("p-003").memoize().indefinitely();
        var pending = read.subscribeAsCompletionStage();
        assertTrue(store.update("p-003", "stock", "1").await().atMost(AWAIT));
        assertEquals("8", pending.join().orElseThrow().get("stock"), "the read had taken its snapshot");
        assertEquals("1", store.read("p-003").await().atMost(AWAIT).orElseThrow().get("stock"));
    }

    @Test
    void syntheticProductsForBenchmarksFollowTheSeed() {
        MockPrimaryStore store = new MockPrimaryStore(Duration.ZERO, 3);
        assertEquals(List.of("b-000000000000", "b-000000000001", "b-000000000002", "p-001", "p-002", "p-003", "p-004"),
                store.ids().await().atMost(AWAIT));
    }

    @Test
    void updatesChangeOneFieldAndReportUnknownIds() {
        MockPrimaryStore store = new MockPrimaryStore(Duration.ZERO);
        assertFalse(store.update("p-999", "stock", "1").await().atMost(AWAIT));
        assertTrue(store.update("p-001", "stock", "7").await().atMost(AWAIT));
        assertEquals(Map.of("id", "p-001", "name", "Sourdough Loaf", "price_cents", "650", "stock", "7"),
                store.read("p-001").await().atMost(AWAIT).orElseThrow());
    }
}
