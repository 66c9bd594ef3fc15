package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import org.junit.jupiter.api.Test;

import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * {@code /q/openapi} is a valid OpenAPI document (parsed and checked by swagger-parser) that documents every JAX-RS
 * route of this application, with the JSON's snake_case names, the error body, the {@code X-Cache} header and the
 * admin routes' security requirement.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class OpenApiTest {

    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Z]");

    private static OpenAPI document() {
        String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json);
        assertEquals(List.of(), parsed.getMessages(), "the document is valid OpenAPI");
        assertNotNull(parsed.getOpenAPI());
        return parsed.getOpenAPI();
    }

    @Test
    void everyJaxRsRouteIsDocumented() throws Exception {
        OpenAPI openApi = document();
        List<String> routes = routes();
        assertTrue(routes.size() >= 10, "found the resources: " + routes);
        List<String> missing = new ArrayList<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            PathItem item = openApi.getPaths().get(route.substring(route.indexOf(' ') + 1));
            if (item == null || item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method)) == null) {
                missing.add(route);
            }
        }
        assertEquals(List.of(), missing, "routes missing from /q/openapi");
    }

    @Test
    void namesAreSnakeCaseAsTheJsonIs() {
        Map<String, Schema<?>> schemas = new TreeMap<>();
        document().getComponents().getSchemas().forEach(schemas::put);
        Schema<?> read = schemas.get("ProductRead");
        assertNotNull(read, "ProductRead in " + schemas.keySet());
        assertTrue(read.getProperties().keySet().containsAll(List.of("redis_latency_ms", "total_latency_ms",
                "ttl_remaining_ms")), read.getProperties().keySet().toString());
        List<String> camel = new ArrayList<>();
        schemas.forEach((name, schema) -> {
            if (schema.getProperties() != null) {
                for (String property : schema.getProperties().keySet()) {
                    if (CAMEL_CASE.matcher(property).find()) {
                        camel.add(name + "." + property);
                    }
                }
            }
        });
        assertEquals(List.of(), camel, "property names in camelCase");
    }

    @Test
    void errorsHaveTheErrorBodyAndAReadHasItsXCacheHeader() {
        OpenAPI openApi = document();
        Schema<?> error = openApi.getComponents().getSchemas().get("ErrorBody");
        assertEquals(new TreeSet<>(List.of("error", "detail")), new TreeSet<>(error.getProperties().keySet()));
        Operation read = openApi.getPaths().get("/api/products/{id}").getGet();
        assertTrue(read.getResponses().keySet().containsAll(List.of("200", "400", "404", "503")),
                read.getResponses().keySet().toString());
        assertNotNull(read.getResponses().get("200").getHeaders().get("X-Cache"));
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertEquals("#/components/schemas/ErrorBody", errorSchema(response), method + " " + path + " " + status);
                }
            });
        }));
    }

    @Test
    void adminRoutesRequireTheCacheAdminSchemeAndReadsDoNot() {
        OpenAPI openApi = document();
        assertEquals("basic", openApi.getComponents().getSecuritySchemes().get("cache-admin").getScheme());
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean admin = path.startsWith("/api/admin/")
                    || (path.equals("/api/products/{id}") && method == PathItem.HttpMethod.PATCH);
            boolean secured = operation.getSecurity() != null
                    && operation.getSecurity().stream().anyMatch(requirement -> requirement.containsKey("cache-admin"));
            assertEquals(admin, secured, method + " " + path);
            if (admin) {
                assertTrue(operation.getResponses().containsKey("401") && operation.getResponses().containsKey("403"),
                        method + " " + path + ": " + operation.getResponses().keySet());
            }
        }));
    }

    private static String errorSchema(ApiResponse response) {
        if (response.getContent() == null || response.getContent().get("application/json") == null) {
            return null;
        }
        return response.getContent().get("application/json").getSchema().get$ref();
    }

    /** {@code "GET /api/products/{id}"} for every resource method of the classes compiled into {@code rest/}. */
    private static List<String> routes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(ProductResource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/cacheaside/rest");
        List<String> routes = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("dev.cacheaside.rest." + name);
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        routes.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return routes;
    }

    private static String verb(Method method) {
        for (Class<? extends java.lang.annotation.Annotation> verb : List.of(GET.class, POST.class, PATCH.class,
                DELETE.class, PUT.class)) {
            if (method.isAnnotationPresent(verb)) {
                return verb.getSimpleName().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
