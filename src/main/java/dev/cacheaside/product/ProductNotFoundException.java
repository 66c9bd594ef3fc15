package dev.cacheaside.product;

/** No product has this id in the primary store: answered 404. */
public class ProductNotFoundException extends RuntimeException {

    private final String id;

    public ProductNotFoundException(String id) {
        super("product not found");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
