package dev.cacheaside.stampede;

/** A stampede test that cannot run as asked; nothing was invalidated or read. */
public class InvalidStampedeException extends RuntimeException {

    private final String detail;

    public InvalidStampedeException(String error, String detail) {
        super(error);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
