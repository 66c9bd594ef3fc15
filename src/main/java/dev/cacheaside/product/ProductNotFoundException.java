package dev.cacheaside.product;

/** No product has this id in the primary store: answered 404. */
public class ProductNotFoundException extends RuntimeException {

    private final String id;

    public ProductNotFoundException(String id) {
        // an answer, not a fault: no stack trace to fill on each 404
        super("product not found", null, false, false);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
