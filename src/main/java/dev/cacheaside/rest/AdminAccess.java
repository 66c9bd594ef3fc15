package dev.cacheaside.rest;

/** Who the caller is: {@code user} is null when the admin routes are open and the caller did not sign in. */
public record AdminAccess(String user, String role, boolean open) {
}
