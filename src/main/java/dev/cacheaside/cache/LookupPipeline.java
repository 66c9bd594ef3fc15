package dev.cacheaside.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The hit path's {@code HGETALL} + {@code PTTL} pairs, sent in pipelines: the lookups that one event loop starts
 * while it handles the connections that were ready at once are written to Redis together, as one batch, when the
 * loop turns to its queued tasks (later in the same turn, so no lookup waits for another turn or a timer). Under load
 * a batch carries several lookups: one guarded call, one pooled connection, one write and one read for all of them,
 * where each would otherwise pay its own; Redis too reads and answers them in one go. With one lookup at a time (no
 * load) a batch is that one pair, as before.
 * <p>
 * What each lookup gets is its own pair of replies, on its own Vert.x context. The batch is one call behind the
 * timeout and the circuit breaker: a timeout or an outage fails every lookup in it (each then bypasses Redis), and
 * the breaker counts the batch once. A reply that is about one key's data ({@code WRONGTYPE}) fails a Redis batch
 * as a whole, so then each lookup of that batch is sent again on its own, and only the bad key's lookup sees the
 * {@link CorruptEntryException}.
 * <p>
 * A lookup started outside an event loop (a worker thread, a test) is sent on its own at once.
 */
final class LookupPipeline {

    private final Function<List<Request>, Uni<List<Response>>> batchCall;
    private final int maxLookups;
    private final IntConsumer sent;
    /** The batch being filled on this event loop thread, if any: a loop runs one task at a time, so no locking. */
    private final ThreadLocal<Batch> open = new ThreadLocal<>();

    /**
     * @param batchCall sends requests as one guarded batch; its failures are already mapped to the cache's exceptions
     * @param maxLookups most lookups in one batch (a larger turn is split), 1 to send each lookup on its own
     * @param sent told the size of every batch sent
     */
    LookupPipeline(Function<List<Request>, Uni<List<Response>>> batchCall, int maxLookups, IntConsumer sent) {
        this.batchCall = batchCall;
        this.maxLookups = maxLookups;
        this.sent = sent;
    }

    /** A hash's fields (empty when it does not exist) and its PTTL, looked up with the others of this turn. */
    Uni<List<Response>> hashWithPttl(String key) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            if (maxLookups <= 1 || context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
                send(List.of(new Lookup(key, emitter, null)));
                return;
            }
            Batch batch = open.get();
            if (batch == null) {
                batch = new Batch();
                open.set(batch);
                // queued on this event loop: runs once the loop has handled the connections that were ready
                context.runOnContext(batch);
            }
            batch.lookups.add(new Lookup(key, emitter, context));
            if (batch.lookups.size() >= maxLookups) {
                // full: sent now, and its queued run finds it no longer open
                open.remove();
                send(batch.lookups);
            }
        });
    }

    private void send(List<Lookup> lookups) {
        sent.accept(lookups.size());
        List<Request> requests = new ArrayList<>(2 * lookups.size());
        for (Lookup lookup : lookups) {
            requests.add(Request.cmd(Command.HGETALL).arg(lookup.key));
            requests.add(Request.cmd(Command.PTTL).arg(lookup.key));
        }
        batchCall.apply(requests).subscribe().with(
                replies -> {
                    for (int i = 0; i < lookups.size(); i++) {
                        lookups.get(i).complete(List.of(replies.get(2 * i), replies.get(2 * i + 1)));
                    }
                },
                failure -> {
                    if (failure instanceof CorruptEntryException && lookups.size() > 1) {
                        // one key of the batch holds a value of the wrong type: find out which, each on its own
                        for (Lookup lookup : lookups) {
                            send(List.of(lookup));
                        }
                        return;
                    }
                    for (Lookup lookup : lookups) {
                        lookup.fail(failure);
                    }
                });
    }

    /** One reader's lookup, answered on the context it was started from (null: on whichever thread answers). */
    private record Lookup(String key, UniEmitter<? super List<Response>> emitter, Context context) {

        void complete(List<Response> pair) {
            answer(() -> emitter.complete(pair));
        }

        void fail(Throwable failure) {
            answer(() -> emitter.fail(failure));
        }

        private void answer(Runnable answer) {
            if (context == null || context == Vertx.currentContext()) {
                answer.run();
            } else {
                context.runOnContext(ignored -> answer.run());
            }
        }
    }

    /** The lookups of one turn of one event loop; sent when the loop runs it, unless it filled up and went first. */
    private final class Batch implements Handler<Void> {

        final List<Lookup> lookups = new ArrayList<>();

        @Override
        public void handle(Void ignored) {
            if (open.get() != this) {
                return;
            }
            open.remove();
            send(lookups);
        }
    }
}
