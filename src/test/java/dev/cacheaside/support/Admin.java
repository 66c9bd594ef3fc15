package dev.cacheaside.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The credentials of the application under test: {@code admin} with role cache-admin, and {@code viewer}, a user
 * without it. Passwords are made afresh for each test JVM (a system property, so that the test resources and the
 * tests, loaded by different class loaders, agree), and the application gets only their digests.
 */
public final class Admin {

    public static final String USER = "admin";
    public static final String VIEWER = "viewer";

    private Admin() {
    }

    /** A request signed in as {@link #USER}. */
    public static RequestSpecification given() {
        return RestAssured.given().auth().preemptive().basic(USER, password(USER));
    }

    /** A request signed in as {@link #VIEWER}, who lacks the admin role. */
    public static RequestSpecification viewer() {
        return RestAssured.given().auth().preemptive().basic(VIEWER, password(VIEWER));
    }

    public static String password(String user) {
        return System.getProperties().computeIfAbsent("cache-aside.test.password." + user, key -> {
            byte[] bytes = new byte[16];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }).toString();
    }

    /** What the application under test is given: the two users' digests, and no write limit to speak of. */
    public static Map<String, String> config() {
        return Map.of(
                "cache.admin.password-digest", digest(USER, password(USER)),
                "quarkus.security.users.embedded.users." + VIEWER, digest(VIEWER, password(VIEWER)),
                "quarkus.security.users.embedded.roles." + VIEWER, "reader",
                // every test client shares one address; the limit itself is tested with its own profile
                "cache.admin.write-limit.burst", "1000000");
    }

    /** The hex SHA-512 of {@code user:cache-aside:password}, as {@code cache.admin.password-digest} takes it. */
    public static String digest(String user, String password) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            return HexFormat.of().formatHex(
                    sha512.digest((user + ":cache-aside:" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
