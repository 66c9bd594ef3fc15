package dev.cacheaside.rest;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests the HTTP layer refuses before JAX-RS sees them still get the API's {@code {error, detail}} JSON: a body
 * over {@code quarkus.http.limits.max-body-size} (413), a chunked body under {@code /api/} (411: the size limit
 * would not stop it), and an HTTP/1.1 request without a {@code Host} header (400). Neither is logged as an ERROR: they are the client's mistakes. (A request line or
 * headers over the limits are refused by the HTTP codec itself, before any route: 414 and 431, without a body.)
 */
@ApplicationScoped
public class HttpFailures {

    private final long maxBodyBytes;

    public HttpFailures(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max) {
        this.maxBodyBytes = max.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            String encoding = context.request().getHeader("Transfer-Encoding");
            if (length != null && tooLong(length)) {
                // a declared length over the limit is refused before anything reads the body
                tooLarge(context);
            } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")
                    && context.request().path().startsWith("/api/")) {
                // the JSON bodies of this API are small and sent whole; a chunked body would be read in full
                // whatever its size (the size limit is only checked against a declared length)
                reply(context, 411, "length required", "send the body with a Content-Length, not chunked");
            } else {
                context.next();
            }
        });
        // what Quarkus's own handlers refuse (a 413 outside /api/, a request without Host) arrives as a failure
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void tooLarge(RoutingContext context) {
        Log.debugf("Refused a body over the size limit on %s", context.request().path());
        reply(context, 413, "body too large", "a request body may be at most " + maxBodyBytes
                + " bytes (quarkus.http.limits.max-body-size)");
    }

    private void handle(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        if (context.statusCode() == 413) {
            tooLarge(context);
        } else if (context.failure() != null && String.valueOf(context.failure().getMessage()).contains("'Host' header")) {
            reply(context, 400, "missing Host header", "an HTTP/1.1 request must name the host it is for");
        } else {
            context.next();
        }
    }

    private static void reply(RoutingContext context, int status, String error, String detail) {
        context.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject().put("error", error).put("detail", detail).encode());
    }
}
