package dev.cacheaside.rest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

/**
 * Every API path has one form, so that one id is reached one way and names one key. Before routing, a path under
 * {@code /api/} is refused with a 400 when it carries a matrix parameter ({@code /api/products/p-001;x} used to
 * write p-001), a dot segment ({@code /api/products/.} used to answer the list), or percent-encoded bytes that are
 * not UTF-8 (they used to decode to U+FFFD, so distinct ids shared one key).
 */
public class CanonicalPathFilter {

    @ServerRequestFilter(preMatching = true)
    public Optional<RestResponse<ErrorBody>> refuseNonCanonicalPaths(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !path.startsWith("/api/")) {
            return Optional.empty();
        }
        String problem = problem(path);
        return problem == null
                ? Optional.empty()
                : Optional.of(ErrorMapper.json(Status.BAD_REQUEST, new ErrorBody("invalid path", problem)));
    }

    /** What is wrong with a raw (undecoded) path, or {@code null} when it is canonical. */
    static String problem(String rawPath) {
        if (rawPath.indexOf(';') >= 0) {
            return "matrix parameters (';') are not accepted";
        }
        if (rawPath.indexOf('%') < 0 && rawPath.indexOf('.') < 0) {
            // nothing to decode and no dot: canonical, as nearly every request is (this runs on each of them)
            return null;
        }
        String decoded;
        try {
            decoded = decodeStrictly(rawPath);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return "the path must be percent-encoded UTF-8";
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments ('.' and '..') are not accepted";
            }
        }
        return null;
    }

    /** Percent-decodes and fails on any byte sequence that is not UTF-8, where the usual decoder puts U+FFFD. */
    private static String decodeStrictly(String raw) throws CharacterCodingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else if (c <= 0xFF) {
                // the request line arrives as bytes, one char each
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
    }
}
