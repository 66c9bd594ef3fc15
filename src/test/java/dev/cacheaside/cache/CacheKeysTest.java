package dev.cacheaside.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheKeysTest {

    private final CacheKeys keys = new CacheKeys("shop");

    @Test
    void aRecordAndItsLockShareOneHashTag() {
        assertEquals("shop:product:{p-001}", keys.record("p-001"));
        assertEquals("shop:lock:product:{p-001}", keys.lock("p-001"));
        assertEquals(List.of("shop:product:{p-001}", "shop:lock:product:{p-001}"), keys.of("p-001"));
    }

    @Test
    void thePurgePatternMatchesRecordsOfTheNamespaceOnly() {
        assertEquals("shop:product:*", keys.recordPattern());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a{b", "a}b", "a\nb", "a\u0000b", "a\ud800b", "\udc00" })
    void idsThatWouldBreakTheKeyLayoutAreRejected(String id) {
        assertThrows(InvalidIdException.class, () -> CacheKeys.validateId(id));
    }

    @Test
    void idsUpToTheLimitAreTakenCountingCharactersNotUtf16Units() {
        String bread = "\uD83C\uDF5E";
        assertEquals(bread.repeat(128), CacheKeys.validateId(bread.repeat(128)));
        assertThrows(InvalidIdException.class, () -> CacheKeys.validateId(bread.repeat(129)));
        assertEquals("x".repeat(128), CacheKeys.validateId("x".repeat(128)));
        assertThrows(InvalidIdException.class, () -> CacheKeys.validateId("x".repeat(129)));
        assertThrows(InvalidIdException.class, () -> CacheKeys.validateId(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a{b", "a}b" })
    void namespacesThatWouldMoveTheHashTagAreRefused(String namespace) {
        assertThrows(IllegalArgumentException.class, () -> new CacheKeys(namespace));
    }
}
