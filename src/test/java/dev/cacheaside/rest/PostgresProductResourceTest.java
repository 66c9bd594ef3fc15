package dev.cacheaside.rest;

import jakarta.enterprise.inject.Typed;

import org.junit.jupiter.api.BeforeEach;

import dev.cacheaside.support.PostgresResource;
import dev.cacheaside.support.Settled;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The REST suite of {@link ProductResourceTest} with PostgreSQL as the primary (a database of its own, migrated by
 * the service): read, miss then hit, update then miss with the new value, 404, and every bad input leaving the
 * row and the cache entry as they were.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
// a test class is a bean: without this, looking up ProductResourceTest would find two
@Typed(PostgresProductResourceTest.class)
class PostgresProductResourceTest extends ProductResourceTest {

    /** After the base class's own preparation: the purge that comes with listening must not hit a test. */
    @BeforeEach
    void listening() {
        Settled.listening(null);
    }

    /** The trigger's notification may evict the entry before the write's own invalidation runs. */
    @Override
    protected boolean changeFeedMayInvalidateFirst() {
        return true;
    }

    /** A read of a row on loopback takes a few milliseconds, not the mock's 150. */
    @Override
    protected float missFloorMs() {
        return 0f;
    }
}
