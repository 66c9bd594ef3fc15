package dev.cacheaside.primary;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Uni;

/**
 * An in-memory stand-in for a slow database, holding the seed's four products.
 * <p>
 * A read takes a snapshot of the record when it starts and delivers it after the configured latency,
 * like a query whose answer is on the wire while someone else commits a change. The delay is a
 * timer, not a sleep, so no thread (event loop or worker) is held while it runs.
 * <p>
 * Each process has its own records: two instances of the service on one Redis do not share writes, so a
 * deployment of more than one replica needs {@code cache.primary.kind=postgresql}.
 * Its read counter ({@link #reads()}) is the mock's own instrumentation, for tests.
 */
public class MockPrimaryStore implements PrimaryStore {

    private final ConcurrentMap<String, Map<String, String>> records = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final Duration latency;

    public MockPrimaryStore(PrimaryConfig config) {
        this(config.latency(), config.extraProducts());
    }

    /** A store of its own with the given read latency, for a second service instance in one JVM. */
    public MockPrimaryStore(Duration latency) {
        this(latency, 0);
    }

    /** The seed's four products, then {@code extraProducts} synthetic ones for benchmarks. */
    public MockPrimaryStore(Duration latency, int extraProducts) {
        this.latency = latency;
        put("p-001", "Sourdough Loaf", 650, 42);
        put("p-002", "Espresso Beans 250g", 1495, 120);
        put("p-003", "Olive Oil 500ml", 1200, 8);
        put("p-004", "Sea Salt Flakes", 475, 60);
        for (int i = 0; i < extraProducts; i++) {
            put("b-%012d".formatted(i), "Benchmark item " + i, 100 + i % 900, i % 50);
        }
    }

    private void put(String id, String name, long priceCents, long stock) {
        records.put(id, Map.of("id", id, "name", name,
                "price_cents", Long.toString(priceCents), "stock", Long.toString(stock)));
    }

    @Override
    public Uni<Optional<Map<String, String>>> read(String id) {
        Uni<Optional<Map<String, String>>> snapshot = Uni.createFrom().item(() -> {
            reads.incrementAndGet();
            return Optional.ofNullable(records.get(id));
        });
        return latency.isZero() ? snapshot : snapshot.onItem().delayIt().by(latency);
    }

    @Override
    public Uni<Boolean> update(String id, String field, String value) {
        return Uni.createFrom().item(() -> records.computeIfPresent(id, (key, old) -> {
            var changed = new HashMap<>(old);
            changed.put(field, value);
            return Map.copyOf(changed);
        }) != null);
    }

    @Override
    public Uni<List<String>> ids() {
        return Uni.createFrom().item(() -> records.keySet().stream().sorted().toList());
    }

    @Override
    public String kind() {
        return "mock";
    }

    /** How many reads this store has served since it started. */
    public long reads() {
        return reads.get();
    }
}
