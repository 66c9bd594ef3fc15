package dev.cacheaside.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the generated {@code /q/openapi} document, at build time, with what annotations on every method would
 * say less clearly: the error answers each route can give (all of them the {@link ErrorBody} JSON), and the
 * {@code X-Cache} header of a read.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {

    private static final String ERROR_BODY = "ErrorBody";

    /** The JSON's own naming (rest/JsonSettings), applied here in code: a configured strategy is a class name. */
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = new PropertyNamingStrategies.SnakeCaseStrategy();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().getSchemas().values().forEach(OpenApiDocument::snakeCase);
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        openAPI.getComponents().addSchema(ERROR_BODY, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("Every error: a stable message, and a detail in the client's terms (an error id for a 5xx)")
                .addProperty("error", text).addProperty("detail", text)
                .required(List.of("error", "detail")));
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> document(path, method, operation)));
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        if (!path.startsWith("/api/")) {
            return;
        }
        APIResponses responses = operation.getResponses();
        boolean admin = path.startsWith("/api/admin/");
        if (path.contains("{id}")) {
            error(responses, "400", "an id that cannot name a record, or a path not in its one canonical form");
        }
        if (operation.getRequestBody() != null) {
            error(responses, "400", "a body that is malformed, has unknown or repeated properties, or an invalid value");
            error(responses, "415", "a body that is not application/json");
        }
        if (method != PathItem.HttpMethod.GET) {
            error(responses, "429", "this client's write budget is spent (Retry-After)");
        }
        if (path.equals("/api/products/{id}")) {
            error(responses, "404", "no product has this id");
            error(responses, "503", "the primary cannot be reached (a cached record is still served)");
            if (method == PathItem.HttpMethod.GET) {
                error(responses, "504", "the primary took longer than cache.load-timeout");
                for (String status : new String[] { "200", "404" }) {
                    responses.getAPIResponse(status).addHeader("X-Cache", OASFactory.createHeader()
                            .description("HIT (Redis answered), MISS (the primary did) or BYPASS (Redis unavailable)")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                                    .enumeration(List.of("HIT", "MISS", "BYPASS"))));
                }
            }
        }
        if (admin && method != PathItem.HttpMethod.GET && !path.endsWith("/reset")) {
            error(responses, "503", "Redis cannot be reached: nothing was changed");
        }
        if (path.equals("/api/admin/cache/products/{id}") && method == PathItem.HttpMethod.PATCH) {
            error(responses, "409", "concurrent writers won every retry");
        }
        if (path.equals("/api/admin/stampede")) {
            error(responses, "429", "another stampede test is running (Retry-After), or the write budget is spent");
        }
        // 401 and 403 come from @RolesAllowed; every error gets the one body
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR_BODY))));
            }
        });
    }

    /** Renames a schema's properties (and its required list) the way Jackson names them on the wire. */
    private static void snakeCase(Schema schema) {
        if (schema.getProperties() != null) {
            Map<String, Schema> renamed = new LinkedHashMap<>();
            schema.getProperties().forEach((name, property) -> renamed.put(SNAKE_CASE.translate(name), property));
            schema.setProperties(renamed);
        }
        if (schema.getRequired() != null) {
            schema.setRequired(schema.getRequired().stream().map(SNAKE_CASE::translate).toList());
        }
    }

    private static void error(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            String known = responses.getAPIResponse(status).getDescription();
            if (known != null && !known.contains(description)) {
                responses.getAPIResponse(status).description(known + "; " + description);
            }
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
    }
}
