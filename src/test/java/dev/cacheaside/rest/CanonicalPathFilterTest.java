package dev.cacheaside.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathFilterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/products/p-001;x         | matrix parameters (';') are not accepted
            /api/products/p-001;x=1/      | matrix parameters (';') are not accepted
            /api/products/.               | dot segments ('.' and '..') are not accepted
            /api/products/..              | dot segments ('.' and '..') are not accepted
            /api/products/%2e             | dot segments ('.' and '..') are not accepted
            /api/products/%2E%2E/p-001    | dot segments ('.' and '..') are not accepted
            /api/products/%FF             | the path must be percent-encoded UTF-8
            /api/products/%C3             | the path must be percent-encoded UTF-8
            /api/products/%ED%A0%80       | the path must be percent-encoded UTF-8
            /api/products/%zz             | the path must be percent-encoded UTF-8
            /api/products/%4              | the path must be percent-encoded UTF-8
            """)
    void aNonCanonicalPathIsNamed(String path, String problem) {
        assertEquals(problem, CanonicalPathFilter.problem(path));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/products", "/api/products/p-001", "/api/products/%F0%9F%8D%9E",
            "/api/products/a.b", "/api/products/...", "/api/admin/cache/products/p-001", "/api/products/%70-001" })
    void aCanonicalPathPasses(String path) {
        assertNull(CanonicalPathFilter.problem(path));
    }
}
