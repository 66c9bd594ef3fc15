package dev.cacheaside.cache;

import java.util.List;

/**
 * Names the Redis keys of one cache: {@code <namespace>:product:{<id>}} for a record and
 * {@code <namespace>:lock:product:{<id>}} for its single-flight lock.
 * <p>
 * The braces are a Redis Cluster hash tag: a record and its lock hash to the same slot, so a Lua
 * script or a transaction that touches both stays legal on a cluster. That is also why an id may not
 * contain a brace: it would move the tag.
 */
public final class CacheKeys {

    /** Longest id accepted, in characters. */
    public static final int MAX_ID_LENGTH = 128;

    private final String recordPrefix;
    private final String lockPrefix;
    private final String recordPattern;

    public CacheKeys(String namespace) {
        if (namespace == null || namespace.isEmpty() || namespace.indexOf('{') >= 0 || namespace.indexOf('}') >= 0) {
            throw new IllegalArgumentException("The cache namespace must be non-empty and free of braces: " + namespace);
        }
        this.recordPrefix = namespace + ":product:{";
        this.lockPrefix = namespace + ":lock:product:{";
        this.recordPattern = namespace + ":product:*";
    }

    public String record(String id) {
        return recordPrefix + id + "}";
    }

    public String lock(String id) {
        return lockPrefix + id + "}";
    }

    /** The keys every script takes, in order: the record, then its lock. */
    public List<String> of(String id) {
        return List.of(record(id), lock(id));
    }

    /** A {@code SCAN} pattern that matches every record of this namespace and nothing outside it. */
    public String recordPattern() {
        return recordPattern;
    }

    /**
     * Checks that an id can name a key.
     *
     * @throws InvalidIdException when the id is empty, too long, or holds a control character or a brace
     */
    public static String validateId(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidIdException("id must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new InvalidIdException("id must be at most " + MAX_ID_LENGTH + " characters, got " + id.length());
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidIdException("id must not contain control characters");
        }
        if (id.indexOf('{') >= 0 || id.indexOf('}') >= 0) {
            throw new InvalidIdException("id must not contain '{' or '}': they delimit the Redis Cluster hash tag");
        }
        return id;
    }
}
