package dev.cacheaside.rest;

/** A request the API rejects before doing anything: answered 400 with {@code error} and {@code detail}. */
public class BadRequestException extends RuntimeException {

    private final String detail;

    public BadRequestException(String error, String detail) {
        super(error);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
