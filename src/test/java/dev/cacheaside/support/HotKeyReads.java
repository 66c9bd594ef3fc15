package dev.cacheaside.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.cacheaside.cache.CacheAside;
import dev.cacheaside.cache.Outcome;
import dev.cacheaside.primary.MockPrimaryStore;

/**
 * Two instances reading one hot key, four threads each, for a while; then what they saw. For the refresh-ahead
 * tests, with and without the near cache.
 *
 * @param reads the reads that answered
 * @param outcomes how each was answered, in both instances
 * @param refreshes the reloads ahead of expiry, in both instances
 * @param failures reads that failed or found nothing
 */
public record HotKeyReads(long reads, List<Outcome> outcomes, long refreshes, int failures) {

    /**
     * Reads {@code id} for {@code duration}, once the key has been loaded (one primary read), and returns after any
     * refresh still in flight when the readers stopped has finished on its own.
     */
    public static HotKeyReads run(CacheAside one, CacheAside two, MockPrimaryStore primary, String id,
            Duration duration) throws Exception {
        ReadersUnderLoad onOne = ReadersUnderLoad.start(one, List.of(id), 4, 1, () -> {
        });
        ReadersUnderLoad onTwo = ReadersUnderLoad.start(two, List.of(id), 4, 1, () -> {
        });
        Thread.sleep(duration.toMillis());
        onOne.stop();
        onTwo.stop();
        Await.until("refreshes in flight to end", Duration.ofSeconds(30),
                () -> primary.reads() == 1 + one.stats().refreshes() + two.stats().refreshes());
        List<Outcome> outcomes = new ArrayList<>(onOne.phase(0));
        outcomes.addAll(onTwo.phase(0));
        return new HotKeyReads(outcomes.size(), outcomes, one.stats().refreshes() + two.stats().refreshes(),
                onOne.failures() + onTwo.failures());
    }

    public long count(Outcome outcome) {
        return outcomes.stream().filter(outcome::equals).count();
    }
}
