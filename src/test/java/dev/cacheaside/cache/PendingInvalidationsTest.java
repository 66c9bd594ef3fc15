package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Await;

class PendingInvalidationsTest {

    @Test
    void anIdIsKeptOnceHoweverOftenItIsWrittenAndBlocksOnlyItself() {
        PendingInvalidations pending = new PendingInvalidations(10, Duration.ofSeconds(30));
        assertTrue(pending.isEmpty());
        pending.add("p-001");
        pending.add("p-001");
        assertEquals(1, pending.size());
        assertTrue(pending.blocks("p-001"));
        assertFalse(pending.blocks("p-002"));
        assertFalse(pending.isEmpty());

        pending.replayed("p-001");
        assertTrue(pending.isEmpty());
        assertFalse(pending.blocks("p-001"));
    }

    @Test
    void pastTheBoundEveryIdIsBlockedUntilAPurgeCoversWhatWasListed() {
        PendingInvalidations pending = new PendingInvalidations(2, Duration.ofSeconds(30));
        pending.add("a");
        pending.add("b");
        pending.add("c");
        assertTrue(pending.overflowed());
        assertTrue(pending.blocks("never-written"), "no id can be trusted past the bound");
        assertEquals(3, pending.size(), "two ids and the overflow");

        List<String> listed = pending.snapshot();
        long overflows = pending.overflowCount();
        pending.add("a");
        pending.purged(listed, overflows);
        assertFalse(pending.overflowed());
        assertTrue(pending.isEmpty());
    }

    @Test
    void anIdKeptDuringAPurgeSurvivesIt() {
        PendingInvalidations pending = new PendingInvalidations(2, Duration.ofSeconds(30));
        pending.add("a");
        List<String> listed = pending.snapshot();
        long overflows = pending.overflowCount();
        pending.add("late");
        pending.purged(listed, overflows);
        assertTrue(pending.blocks("late"), "written after the purge listed its ids");
        assertFalse(pending.blocks("a"));
    }

    @Test
    void everyRecordAtOnceBlocksEveryIdUntilAPurgeThatStartedAfterIt() {
        PendingInvalidations pending = new PendingInvalidations(100, Duration.ofSeconds(30));
        pending.addAll();
        assertTrue(pending.blocks("any"));
        List<String> listed = pending.snapshot();
        long overflows = pending.overflowCount();
        // the primary lost track again while the purge ran: its SCAN may have passed keys filled since
        pending.addAll();
        pending.purged(listed, overflows);
        assertTrue(pending.blocks("any"), "the second invalidation of everything survives the first purge");
        pending.purged(pending.snapshot(), pending.overflowCount());
        assertFalse(pending.blocks("any"));
    }

    @Test
    void anOverflowEndsByItselfOnceEveryOlderEntryHasExpired() {
        PendingInvalidations pending = new PendingInvalidations(1, Duration.ofMillis(200));
        pending.add("a");
        pending.add("b");
        assertTrue(pending.overflowed());
        Await.until("the overflow to expire", Duration.ofSeconds(5), () -> !pending.overflowed());
        assertTrue(pending.isEmpty(), "and the ids listed before it are covered too");
    }
}
