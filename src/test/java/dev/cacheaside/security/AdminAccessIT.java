package dev.cacheaside.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AdminAccessTest} against the packaged application, which runs with the production defaults. */
@QuarkusIntegrationTest
class AdminAccessIT extends AdminAccessTest {
}
