package dev.cacheaside.cache;

import io.smallrye.mutiny.Uni;

/**
 * Sets one field of a cached record, only if the record is cached, with {@code WATCH}/{@code MULTI}/{@code EXEC}
 * through the transactional data source API. The entry keeps its expiry: a record updated often must still be
 * reloaded within its TTL. Contended updates are retried a bounded number of times, then given up.
 */
final class FieldUpdater {

    private final GuardedRedis redis;
    private final CacheKeys keys;
    private final int retries;

    FieldUpdater(GuardedRedis redis, CacheKeys keys, int retries) {
        this.redis = redis;
        this.keys = keys;
        this.retries = retries;
    }

    /** @return whether the record was cached and updated; a key of another type is no cached record */
    Uni<Boolean> update(String id, String field, String value) {
        return attempt(id, keys.record(id), field, value, 1)
                .onFailure(CorruptEntryException.class).recoverWithItem(false);
    }

    private Uni<Boolean> attempt(String id, String key, String field, String value, int attempt) {
        return redis.call(ds -> ds.withTransaction(
                watched -> watched.key().exists(key).chain(exists -> exists
                        ? watched.hash(String.class).hexists(key, ReadReply.ABSENT_FIELD).map(absent -> !absent)
                        : Uni.createFrom().item(false)),
                (cached, tx) -> cached ? tx.hash(String.class).hset(key, field, value) : tx.discard(),
                key))
                .chain(result -> {
                    if (!result.getPreTransactionResult()) {
                        return Uni.createFrom().item(false);
                    }
                    if (!result.discarded()) {
                        return Uni.createFrom().item(true);
                    }
                    if (attempt > retries) {
                        return Uni.createFrom().failure(new UpdateConflictException(id, attempt));
                    }
                    return attempt(id, key, field, value, attempt + 1);
                });
    }
}
