package dev.cacheaside.cache.near;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.cacheaside.cache.CacheConfig;
import dev.cacheaside.cache.CacheResult;
import dev.cacheaside.cache.Outcome;
import io.quarkus.logging.Log;

/**
 * A bounded copy, in this process, of records read from Redis (Caffeine), answered without a Redis command and
 * kept coherent by the invalidations Redis sends when a record key changes ({@link InvalidationTracker}).
 * <p>
 * The rules that keep it from ever holding a value Redis no longer has:
 * <ul>
 * <li>It is used only while invalidations are known to flow ({@link #trackingUp()}); when the tracking connection
 * is lost, it is emptied and stays unused until tracking is back. When the circuit breaker leaves closed it is
 * emptied too, and only reads that reach Redis again fill it.</li>
 * <li>A value enters it only from a Redis read that took a {@link Ticket} before it was sent. An invalidation of
 * that id, or a flush, arriving while the read is in flight voids the ticket, so the read's answer, which may
 * predate the change, is not kept. Ticket check and insert happen under the id's lock in {@code reading}, which
 * an invalidation of the id takes too.</li>
 * <li>An entry lives at most until its Redis TTL runs out (measured from before the read was sent) and never
 * longer than {@code cache.near.max-age}, the bound on staleness should an invalidation be lost without the
 * connection being seen to fail.</li>
 * </ul>
 * Execution model: every method is non-blocking and thread-safe; invalidations arrive on the tracking
 * connection's event loop, reads on any thread.
 */
@ApplicationScoped
public class NearCache {

    /**
     * A Redis read of one id in flight, which may put its answer here if nothing voided it meanwhile. Compared by
     * identity: each read's ticket is its own.
     */
    public static final class Ticket {
        private final String id;
        private final long generation;
        private final long startNanos;

        private Ticket(String id, long generation, long startNanos) {
            this.id = id;
            this.generation = generation;
            this.startNanos = startNanos;
        }
    }

    /** A kept record ({@code null} for a "not found" sentinel), with the nanoTime its Redis entry expires at. */
    private record Entry(Map<String, String> record, long redisExpiresAt, long expiresAt) {
    }

    private final boolean enabled;
    private final long maxAgeNanos;
    private final Cache<String, Entry> entries;
    private final ConcurrentMap<String, Ticket> reading = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean tracking;

    @Inject
    public NearCache(CacheConfig config) {
        CacheConfig.Near near = config.near();
        this.enabled = near.enabled();
        this.maxAgeNanos = near.maxAge().toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumSize(near.maxSize())
                .expireAfter(Expiry.writing((String id, Entry entry) -> Duration
                        .ofNanos(Math.max(0, entry.expiresAt - System.nanoTime()))))
                // evictions run on the thread that triggered them, not on the common pool
                .executor(Runnable::run)
                .build();
    }

    /** Whether the near cache is configured on ({@code cache.near.enabled}), whatever its state now. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether it answers reads now: configured on, and invalidations are flowing. */
    public boolean tracking() {
        return tracking;
    }

    /** How many records it holds (an estimate, as Caffeine counts). */
    public long size() {
        return entries.estimatedSize();
    }

    /** The kept record as a {@link Outcome#NEAR_HIT}, or {@code null} when there is none to answer with now. */
    public CacheResult get(String id) {
        if (!tracking) {
            return null;
        }
        Entry entry = entries.getIfPresent(id);
        if (entry == null) {
            return null;
        }
        // Caffeine hands out no entry past its expiry (Expiry.writing above), so only the Redis TTL is left to compute
        long now = System.nanoTime();
        return new CacheResult(id, entry.record, Outcome.NEAR_HIT, false, Duration.ZERO,
                Duration.ofNanos(Math.max(0, entry.redisExpiresAt - now)));
    }

    /** Before a Redis read of {@code id} is sent: its ticket, or {@code null} when the answer may not be kept. */
    public Ticket beforeRead(String id) {
        if (!tracking) {
            return null;
        }
        Ticket ticket = new Ticket(id, generation.get(), System.nanoTime());
        reading.put(id, ticket);
        return ticket;
    }

    /**
     * After the read: keeps its answer, a record or a "not found" sentinel found in Redis, unless an invalidation or
     * a flush came in since {@link #beforeRead}. An answer without a TTL is not kept.
     */
    public void afterRead(Ticket ticket, CacheResult found) {
        if (ticket == null) {
            return;
        }
        reading.computeIfPresent(ticket.id, (id, current) -> {
            if (current != ticket) {
                return current;
            }
            if (found.ttlRemaining() != null && valid(ticket)) {
                long redisExpiresAt = ticket.startNanos + found.ttlRemaining().toNanos();
                long expiresAt = Math.min(redisExpiresAt, ticket.startNanos + maxAgeNanos);
                entries.put(id, new Entry(found.record(), redisExpiresAt, expiresAt));
                // a flush that ran between the check and the put may have missed the new entry
                if (!valid(ticket)) {
                    entries.invalidate(id);
                }
            }
            return null;
        });
    }

    /** After a read whose answer is not to be kept (a miss, a failure): forgets its ticket. */
    public void abandon(Ticket ticket) {
        if (ticket != null) {
            reading.remove(ticket.id, ticket);
        }
    }

    /** Redis said the record changed (or this process changed it): drops it, and voids a read of it in flight. */
    public void invalidate(String id) {
        if (!enabled) {
            return;
        }
        reading.compute(id, (key, ticket) -> {
            entries.invalidate(key);
            return null;
        });
    }

    /** Drops every record and voids every read in flight; the cache stays in use if tracking is up. */
    public void flush(String reason) {
        if (!enabled) {
            return;
        }
        generation.incrementAndGet();
        reading.clear();
        entries.invalidateAll();
        Log.debugf("Near cache flushed: %s", reason);
    }

    /** Invalidations flow again: starts answering reads, from an empty cache. */
    void trackingUp() {
        flush("tracking started");
        tracking = true;
    }

    /** Invalidations may be lost from now on: empties the cache and stops using it. */
    void trackingDown(String reason) {
        tracking = false;
        flush(reason);
    }

    private boolean valid(Ticket ticket) {
        return tracking && generation.get() == ticket.generation;
    }
}
