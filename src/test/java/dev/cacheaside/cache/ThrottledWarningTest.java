package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.Await;

class ThrottledWarningTest {

    @Test
    void aFloodOfWarningsIsOneLinePerIntervalWithACount() {
        ThrottledWarning warning = new ThrottledWarning(ThrottledWarningTest.class, Duration.ofMillis(300));
        assertEquals("could not invalidate a", warning.warn("could not invalidate %s", "a"));
        for (int i = 0; i < 1000; i++) {
            assertNull(warning.warn("could not invalidate %s", "id-" + i), "held back, counted");
        }
        String[] next = new String[1];
        int[] polls = new int[1];
        Await.until("the interval to pass", Duration.ofSeconds(5), () -> {
            polls[0]++;
            return (next[0] = warning.warn("could not invalidate %s", "z")) != null;
        });
        // every poll that came too early was held back and counted as well
        long held = 1000 + polls[0] - 1;
        assertEquals("could not invalidate z (and " + held + " more like it since the last such line)", next[0]);
    }
}
