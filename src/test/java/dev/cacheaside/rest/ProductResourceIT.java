package dev.cacheaside.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The REST checks again, against the packaged application (the jar here, the native binary with -Dnative). */
@QuarkusIntegrationTest
class ProductResourceIT extends ProductResourceTest {
}
