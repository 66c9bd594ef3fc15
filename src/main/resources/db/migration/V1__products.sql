-- The products the cache sits in front of, with the seed's four. The checks are the service's own rules
-- (primary/ProductSchema), so a row written around the service is still one the service can serve.
CREATE TABLE products (
    id          text   PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 128),
    name        text   NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    price_cents bigint NOT NULL CHECK (price_cents >= 0),
    stock       bigint NOT NULL CHECK (stock >= 0)
);

INSERT INTO products (id, name, price_cents, stock) VALUES
    ('p-001', 'Sourdough Loaf', 650, 42),
    ('p-002', 'Espresso Beans 250g', 1495, 120),
    ('p-003', 'Olive Oil 500ml', 1200, 8),
    ('p-004', 'Sea Salt Flakes', 475, 60);
