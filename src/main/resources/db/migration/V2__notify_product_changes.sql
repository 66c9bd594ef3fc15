-- Every change to a product row, however it is made (the service, psql, a migration, another application),
-- sends the id on channel product_changed; the service LISTENs and invalidates that id in the cache.
-- An UPDATE that changes the id announces both ids. Notifications are sent at commit, and not at all on rollback.
CREATE FUNCTION notify_product_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('product_changed', OLD.id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.id IS DISTINCT FROM OLD.id) THEN
        PERFORM pg_notify('product_changed', NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER products_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION notify_product_change();

-- TRUNCATE names no rows: an empty payload means "every product".
CREATE FUNCTION notify_products_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('product_changed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER products_notify_truncate
    AFTER TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_products_truncated();
