package dev.cacheaside.rest;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class DemoPageResourceIT extends DemoPageResourceTest {
}
