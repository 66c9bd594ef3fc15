package dev.cacheaside.primary;

/** A field update that breaks {@link ProductSchema}; nothing was written. */
public class InvalidUpdateException extends RuntimeException {

    private final String detail;

    public InvalidUpdateException(String error, String detail) {
        super(error);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
