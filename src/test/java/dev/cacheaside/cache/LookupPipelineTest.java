package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.cacheaside.primary.MockPrimaryStore;
import dev.cacheaside.support.Caches;
import dev.cacheaside.support.RedisServer;
import dev.cacheaside.support.RedisServerResource;
import dev.cacheaside.support.TestCacheConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * The hit path's lookups, started in one turn of an event loop as the requests of the connections that were ready
 * at once are: they go to Redis as one pipeline, and each read still gets its own answer, on its own context.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class LookupPipelineTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    Vertx vertx;

    RedisServer server() {
        return RedisServerResource.server();
    }

    @Test
    void readsStartedInOneTurnShareOnePipelineAndEachGetsItsOwnRecordOnItsOwnContext() throws Exception {
        Fixture fixture = new Fixture(TestCacheConfig.fresh());
        List<String> ids = fixture.filled(20);
        long hgetallBefore = server().commandCalls("hgetall");

        List<Read> reads = inOneTurn(fixture.cache, ids);

        for (int i = 0; i < ids.size(); i++) {
            Read read = reads.get(i);
            assertEquals(Outcome.HIT, read.result.outcome(), ids.get(i));
            assertEquals(ids.get(i), read.result.id());
            assertEquals(ids.get(i), read.result.record().get("id"), "the record of this read's key, not a neighbour's");
            assertTrue(read.answeredOnItsOwnContext, "read " + i + " answered on the context it started from");
        }
        assertEquals(1, fixture.pipelinesSent(), "one pipeline for the turn");
        assertEquals(20, fixture.lookupsSent(), "carrying every lookup of the turn");
        assertEquals(20, fixture.pipelines().max());
        assertEquals(20, server().commandCalls("hgetall") - hgetallBefore, "one HGETALL per read, no more");
        assertEquals(20, fixture.primary.reads(), "only the fills read the primary");
    }

    @Test
    void aTurnWithMoreLookupsThanTheMaximumIsSplit() throws Exception {
        Fixture fixture = new Fixture(TestCacheConfig.fresh());
        List<String> ids = fixture.filled(150);

        List<Read> reads = inOneTurn(fixture.cache, ids);

        assertEquals(150, reads.stream().filter(read -> read.result.outcome() == Outcome.HIT).count());
        assertEquals(3, fixture.pipelinesSent(), "64 + 64 + 22");
        assertEquals(150, fixture.lookupsSent());
        assertEquals(64, fixture.pipelines().max(), "none larger than the maximum");
    }

    @Test
    void withAMaximumOfOneEachLookupGoesAlone() throws Exception {
        Fixture fixture = new Fixture(TestCacheConfig.fresh().withMaxPipelinedLookups(1));
        List<String> ids = fixture.filled(20);

        List<Read> reads = inOneTurn(fixture.cache, ids);

        assertEquals(20, reads.stream().filter(read -> read.result.outcome() == Outcome.HIT).count());
        assertEquals(20, fixture.pipelinesSent());
        assertEquals(1, fixture.pipelines().max());
    }

    @Test
    void aKeyOfTheWrongTypeInAPipelineHurtsOnlyItsOwnRead() throws Exception {
        Fixture fixture = new Fixture(TestCacheConfig.fresh());
        List<String> ids = fixture.filled(10);
        String bad = ids.get(3);
        server().cli("SET", fixture.config.keys().record(bad), "x");

        List<Read> reads = inOneTurn(fixture.cache, ids);

        for (int i = 0; i < ids.size(); i++) {
            CacheResult result = reads.get(i).result;
            assertTrue(result.found(), ids.get(i));
            assertEquals(ids.get(i).equals(bad) ? Outcome.MISS : Outcome.HIT, result.outcome(), ids.get(i));
        }
        assertEquals(11, fixture.pipelinesSent(), "the turn's pipeline failed, then each lookup went alone");
        assertEquals(CircuitBreakerState.CLOSED, fixture.built.redis().breakerState(), "a data error is no outage");
        assertEquals(11, fixture.primary.reads(), "the bad key was reloaded, and only it");
        assertEquals("hash", server().cli("TYPE", fixture.config.keys().record(bad)), "the fill replaced it");
    }

    @Test
    void whenRedisIsGoneEveryReadOfThePipelineIsAnsweredByThePrimary() throws Exception {
        Fixture fixture = new Fixture(TestCacheConfig.fresh());
        List<String> ids = fixture.filled(10);
        server().stop();
        try {
            List<Read> reads = inOneTurn(fixture.cache, ids);

            for (int i = 0; i < ids.size(); i++) {
                assertEquals(Outcome.BYPASS, reads.get(i).result.outcome(), ids.get(i));
                assertEquals(ids.get(i), reads.get(i).result.record().get("id"));
            }
            assertEquals(20, fixture.primary.reads(), "10 fills, then 10 reads that bypassed Redis");
        } finally {
            server().restart();
        }
    }

    /** Starts one read per id in a single task of one event loop, each on a duplicated context of its own. */
    private List<Read> inOneTurn(CacheAside cache, List<String> ids) throws Exception {
        List<CompletableFuture<Read>> reads = new ArrayList<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
        assertTrue(loop.isEventLoopContext());
        loop.runOnContext(ignored -> {
            for (String id : ids) {
                ContextInternal own = loop.duplicate();
                CompletableFuture<Read> read = new CompletableFuture<>();
                reads.add(read);
                own.dispatch(() -> cache.get(id).subscribe().with(
                        result -> read.complete(new Read(result, Vertx.currentContext() == own)),
                        read::completeExceptionally));
            }
            started.complete(null);
        });
        started.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
        List<Read> done = new ArrayList<>();
        for (CompletableFuture<Read> read : reads) {
            done.add(read.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        return done;
    }

    private record Read(CacheResult result, boolean answeredOnItsOwnContext) {
    }

    /** A cache of its own, with meters the test can read, over this test's Redis. */
    private final class Fixture {

        final TestCacheConfig config;
        final MockPrimaryStore primary = new MockPrimaryStore(Duration.ofMillis(1), 200);
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final Caches.Built built;
        final CacheAside cache;
        long pipelinesBefore;
        double lookupsBefore;

        Fixture(TestCacheConfig config) {
            this.config = config;
            this.built = Caches.of(redis, config, primary, registry);
            this.cache = built.cache();
        }

        /** {@code n} ids read once from a test thread (misses, filled one at a time), so that they are cached. */
        List<String> filled(int n) {
            List<String> ids = IntStream.range(0, n).mapToObj("b-%012d"::formatted).toList();
            ids.forEach(id -> assertTrue(cache.get(id).await().atMost(AWAIT).found(), id));
            // the fills' lookups, read from this thread, each went alone
            assertEquals(n, pipelines().count());
            pipelinesBefore = pipelines().count();
            lookupsBefore = pipelines().totalAmount();
            return ids;
        }

        DistributionSummary pipelines() {
            return registry.get("cache.redis.pipelines").summary();
        }

        long pipelinesSent() {
            return pipelines().count() - pipelinesBefore;
        }

        long lookupsSent() {
            return (long) (pipelines().totalAmount() - lookupsBefore);
        }
    }
}
