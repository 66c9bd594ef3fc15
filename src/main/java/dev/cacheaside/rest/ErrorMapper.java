package dev.cacheaside.rest;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.cacheaside.cache.CacheUnavailableException;
import dev.cacheaside.cache.InvalidIdException;
import dev.cacheaside.cache.PrimaryTimeoutException;
import dev.cacheaside.cache.UpdateConflictException;
import dev.cacheaside.primary.InvalidUpdateException;
import dev.cacheaside.primary.PrimaryUnavailableException;
import dev.cacheaside.product.ProductNotFoundException;
import dev.cacheaside.security.AdminConfig;
import dev.cacheaside.security.WriteLimitExceededException;
import dev.cacheaside.stampede.InvalidStampedeException;
import dev.cacheaside.stampede.StampedeBusyException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;

/** Turns every failure into a JSON {@link ErrorBody}: a 4xx for bad input, a 5xx only for a real fault. */
public class ErrorMapper {

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badRequest(BadRequestException e) {
        return json(Status.BAD_REQUEST, new ErrorBody(e.getMessage(), e.detail()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidId(InvalidIdException e) {
        return json(Status.BAD_REQUEST, new ErrorBody("invalid id", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidUpdate(InvalidUpdateException e) {
        return json(Status.BAD_REQUEST, new ErrorBody(e.getMessage(), e.detail()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidStampede(InvalidStampedeException e) {
        return json(Status.BAD_REQUEST, new ErrorBody(e.getMessage(), e.detail()));
    }

    /** 429 with a Retry-After: a stampede test takes well under a second. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> stampedeBusy(StampedeBusyException e) {
        return ResponseBuilder.create(Status.TOO_MANY_REQUESTS, new ErrorBody("stampede running", e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> writeLimit(WriteLimitExceededException e) {
        return ResponseBuilder.create(Status.TOO_MANY_REQUESTS, new ErrorBody("too many writes", e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** No credentials on an admin route. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return challenge(request, new ErrorBody("authentication required",
                "this route needs role " + AdminConfig.ROLE + ": sign in with HTTP Basic"));
    }

    /** Credentials that do not match: the answer does not say whether the user or the password was wrong. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return challenge(request, new ErrorBody("authentication failed", "wrong user name or password"));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> forbidden(ForbiddenException e) {
        return json(Status.FORBIDDEN, new ErrorBody("forbidden", "this route needs role " + AdminConfig.ROLE));
    }

    /**
     * A 401 carries the Basic challenge, except for a script that says it is one ({@code X-Requested-With}, as the
     * demo page sends): the browser would otherwise show its own sign-in dialog over the page's.
     */
    private static RestResponse<ErrorBody> challenge(HttpServerRequest request, ErrorBody body) {
        ResponseBuilder<ErrorBody> response = ResponseBuilder.create(Status.UNAUTHORIZED, body)
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (request.getHeader("X-Requested-With") == null) {
            response.header("WWW-Authenticate", "Basic realm=\"cache-aside\", charset=\"UTF-8\"");
        }
        return response.build();
    }

    /** The detail says what is wrong in the client's terms: never a Jackson message, which names Java types. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> malformedJson(JsonProcessingException e) {
        return json(Status.BAD_REQUEST, new ErrorBody("malformed JSON body", JsonProblem.describe(e)));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownProperty(UnrecognizedPropertyException e) {
        return json(Status.BAD_REQUEST, new ErrorBody("unknown property",
                "'" + e.getPropertyName() + "' is not one of " + e.getKnownPropertyIds()));
    }

    /** Well-formed JSON of the wrong shape (an array, a string where an object belongs). */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> notFound(ProductNotFoundException e) {
        return json(Status.NOT_FOUND,
                new ErrorBody(e.getMessage(), "no product has the id '" + e.id() + "'"));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> conflict(UpdateConflictException e) {
        return json(Status.CONFLICT, new ErrorBody("update conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> cacheUnavailable(CacheUnavailableException e) {
        return unavailable("cache unavailable", "Redis cannot be reached; try again shortly", "a Redis-only operation", e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> primaryUnavailable(PrimaryUnavailableException e) {
        return unavailable("primary unavailable", "the primary store cannot be reached; cached records are still served",
                "the primary", e);
    }

    /** A 503 whose cause's own words (addresses, ports, users, auth errors) go to the log only, under an error id. */
    private static RestResponse<ErrorBody> unavailable(String error, String detail, String what, RuntimeException e) {
        String errorId = errorId();
        Log.warnf("Error id %s: %s failed: %s", errorId, what, e.getMessage());
        return json(Status.SERVICE_UNAVAILABLE, new ErrorBody(error, detail + " (error id " + errorId + ")"));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> primaryTimeout(PrimaryTimeoutException e) {
        return json(Status.GATEWAY_TIMEOUT, new ErrorBody("primary timeout", e.getMessage()));
    }

    /**
     * An unknown path: JSON, except in dev mode outside {@code /api/}, where a person in a browser gets a page of
     * where to go instead (the demo page itself answers at {@code /}, so Quarkus's own 404 page never shows).
     */
    @ServerExceptionMapper
    public RestResponse<Object> unknownPath(NotFoundException e, HttpServerRequest request) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT && !request.path().startsWith("/api/")) {
            return ResponseBuilder.<Object> create(Status.NOT_FOUND, DEV_NOT_FOUND).type(MediaType.TEXT_HTML_TYPE).build();
        }
        return ResponseBuilder.<Object> create(Status.NOT_FOUND, new ErrorBody("not found", "no route has this path"))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static final String DEV_NOT_FOUND = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found (dev mode)</title></head>
            <body><h1>Nothing here</h1><p>Dev mode. Try:</p><ul>
            <li><a href="/">/</a>: the demo page</li>
            <li><a href="/api/products">/api/products</a>, <a href="/api/stats">/api/stats</a>: the API (README, API)</li>
            <li><a href="/q/swagger-ui/">/q/swagger-ui</a>: every route, to try out; <a href="/q/openapi">/q/openapi</a></li>
            <li><a href="/q/dev-ui/">/q/dev-ui</a>: Quarkus's Dev UI (configuration, beans, endpoints)</li>
            <li><a href="/q/health">/q/health</a>, <a href="/q/metrics">/q/metrics</a></li>
            </ul></body></html>
            """;

    /** Framework rejections (wrong method or media type, ...) keep their status, with a JSON body. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> web(WebApplicationException e) {
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return unknownProperty(unknown);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        Status known = Status.fromStatusCode(status);
        return json(known == null ? Status.INTERNAL_SERVER_ERROR : known,
                new ErrorBody(known == null ? "error" : known.getReasonPhrase().toLowerCase(Locale.ROOT), e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(Throwable e) {
        String errorId = errorId();
        Log.errorf(e, "Error id %s: request failed", errorId);
        return json(Status.INTERNAL_SERVER_ERROR,
                new ErrorBody("internal error", "the log has the details under error id " + errorId));
    }

    /** Short, random enough to find one line in a day's log; not a secret. */
    private static String errorId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    /** Always JSON, whatever the request accepted: an error must not turn into a record's toString(). */
    static RestResponse<ErrorBody> json(Status status, ErrorBody body) {
        return ResponseBuilder.create(status, body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
