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

    /** Longest id accepted, in characters (Unicode code points, not UTF-16 units). */
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

    /** What every record key of this namespace starts with, and no lock key does: the near cache's tracking prefix. */
    public String recordPrefix() {
        return recordPrefix;
    }

    /** The id a record key names, or {@code null} when the key is not a record key of this namespace. */
    public String idOfRecord(String key) {
        if (key.length() <= recordPrefix.length() + 1 || !key.startsWith(recordPrefix) || !key.endsWith("}")) {
            return null;
        }
        return key.substring(recordPrefix.length(), key.length() - 1);
    }

    /** A {@code SCAN} pattern that matches every record of this namespace and nothing outside it. */
    public String recordPattern() {
        return recordPattern;
    }

    /**
     * Checks that an id can name a key: 1 to {@value #MAX_ID_LENGTH} characters (Unicode code points) of valid
     * UTF-16, no control character, no brace.
     *
     * @throws InvalidIdException when it cannot
     */
    public static String validateId(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidIdException("id must not be empty");
        }
        // a plain loop: this runs on every read, and a stream would allocate
        int codePoints = 0;
        for (int i = 0; i < id.length(); i++, codePoints++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidIdException("id must be valid Unicode (no lone surrogate)");
            } else if (Character.isISOControl(c)) {
                throw new InvalidIdException("id must not contain control characters");
            } else if (c == '{' || c == '}') {
                throw new InvalidIdException("id must not contain '{' or '}': they delimit the Redis Cluster hash tag");
            }
        }
        if (codePoints > MAX_ID_LENGTH) {
            throw new InvalidIdException("id must be at most " + MAX_ID_LENGTH + " characters, got " + codePoints);
        }
        return id;
    }
}
