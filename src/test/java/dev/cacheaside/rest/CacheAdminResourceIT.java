package dev.cacheaside.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class CacheAdminResourceIT extends CacheAdminResourceTest {
}
