package dev.cacheaside.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts under {@code src/main/resources/lua/}, each read once and named by the SHA1 that
 * Redis will know it by, so {@code EVALSHA} works without asking Redis first.
 */
public enum LuaScript {
    /** Hit: fields and PTTL. Miss: try to take the single-flight lock. */
    READ("read.lua"),
    /** Write a loaded record, only while the caller still holds the lock, and release it. */
    FILL("fill.lua"),
    /** Release the lock if the caller still holds it. */
    RELEASE("release.lua"),
    /** Extend the lock if the caller still holds it. */
    RENEW("renew.lua"),
    /** Delete a record and its lock. */
    INVALIDATE("invalidate.lua");

    private final String source;
    private final String sha;

    LuaScript(String file) {
        this.source = readResource("lua/" + file);
        this.sha = sha1(source);
    }

    public String source() {
        return source;
    }

    public String sha() {
        return sha;
    }

    private static String readResource(String path) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
