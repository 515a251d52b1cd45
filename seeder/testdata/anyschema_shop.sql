-- A shop for the any-schema seed tests: a stores ↔ employees cycle with a
-- nullable manager_id, a categories tree (parent_id), order_items with a
-- composite primary key and shipments with a composite foreign key to it,
-- a junction table whose primary key is two foreign keys, and a column of
-- every type family (spatial ones are in anyschema_spatial.sql).
CREATE TABLE stores (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  name VARCHAR(40) NOT NULL,
  city VARCHAR(30) NOT NULL,
  code CHAR(6) NOT NULL,
  manager_id INT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY stores_code (code),
  KEY stores_manager (manager_id)
);
CREATE TABLE employees (
  id INT NOT NULL AUTO_INCREMENT,
  store_id INT UNSIGNED NOT NULL,
  first_name VARCHAR(30) NOT NULL,
  last_name VARCHAR(30) NOT NULL,
  email VARCHAR(60) NOT NULL,
  salary DECIMAL(8,2) NOT NULL,
  hired_on DATE NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY employees_email (email),
  CONSTRAINT employees_store_fk FOREIGN KEY (store_id) REFERENCES stores (id)
);
ALTER TABLE stores ADD CONSTRAINT stores_manager_fk FOREIGN KEY (manager_id) REFERENCES employees (id);
CREATE TABLE categories (
  id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  parent_id SMALLINT UNSIGNED NULL,
  name VARCHAR(50) NOT NULL,
  slug VARCHAR(60) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY categories_slug (slug),
  CONSTRAINT categories_parent_fk FOREIGN KEY (parent_id) REFERENCES categories (id)
);
CREATE TABLE products (
  id BIGINT NOT NULL AUTO_INCREMENT,
  category_id SMALLINT UNSIGNED NOT NULL,
  sku CHAR(12) NOT NULL,
  title VARCHAR(80) NOT NULL,
  price DECIMAL(10,2) UNSIGNED NOT NULL,
  price_with_tax DECIMAL(12,2) AS (price * 1.2) STORED,
  weight FLOAT NOT NULL,
  rating DOUBLE NULL,
  stock MEDIUMINT NOT NULL,
  tiny TINYINT NOT NULL,
  active TINYINT(1) NOT NULL,
  status ENUM('draft','active','retired soon') NOT NULL,
  tags SET('new','sale','eco') NOT NULL,
  attrs JSON NOT NULL,
  image BLOB NULL,
  thumb VARBINARY(16) NOT NULL,
  uid BINARY(16) NOT NULL,
  flags BIT(5) NOT NULL,
  launched YEAR NOT NULL,
  opens TIME NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME(3) NULL,
  description TEXT NOT NULL,
  note TINYTEXT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY products_sku (sku),
  UNIQUE KEY products_uid (uid),
  CONSTRAINT products_category_fk FOREIGN KEY (category_id) REFERENCES categories (id)
);
CREATE TABLE product_stores (
  product_id BIGINT NOT NULL,
  store_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (product_id, store_id),
  CONSTRAINT ps_product_fk FOREIGN KEY (product_id) REFERENCES products (id),
  CONSTRAINT ps_store_fk FOREIGN KEY (store_id) REFERENCES stores (id)
);
CREATE TABLE orders (
  id INT NOT NULL AUTO_INCREMENT,
  store_id INT UNSIGNED NOT NULL,
  customer_email VARCHAR(80) NOT NULL,
  placed_at DATETIME NOT NULL,
  total DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT orders_store_fk FOREIGN KEY (store_id) REFERENCES stores (id)
);
CREATE TABLE order_items (
  order_id INT NOT NULL,
  line_no SMALLINT NOT NULL,
  product_id BIGINT NOT NULL,
  quantity INT NOT NULL,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
  CONSTRAINT items_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
);
CREATE TABLE shipments (
  id INT NOT NULL AUTO_INCREMENT,
  order_id INT NOT NULL,
  line_no SMALLINT NOT NULL,
  tracking VARCHAR(20) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY shipments_tracking (tracking),
  CONSTRAINT shipments_item_fk FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no)
);
CREATE VIEW store_names AS SELECT id, name FROM stores;
