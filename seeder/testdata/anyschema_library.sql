-- A library for the any-schema seed tests: an authors ↔ books cycle whose
-- nullable side is authors.favourite_book_id, a junction table keyed by
-- two foreign keys, composite unique keys of a foreign key and a number
-- and of two text columns, and a self-reference with a string key.
CREATE TABLE authors (
  id INT NOT NULL AUTO_INCREMENT,
  full_name VARCHAR(60) NOT NULL,
  favourite_book_id INT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE books (
  id INT NOT NULL AUTO_INCREMENT,
  author_id INT NOT NULL,
  title VARCHAR(100) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT books_author_fk FOREIGN KEY (author_id) REFERENCES authors (id)
);
ALTER TABLE authors ADD CONSTRAINT authors_favourite_fk FOREIGN KEY (favourite_book_id) REFERENCES books (id);
CREATE TABLE book_authors (
  book_id INT NOT NULL,
  author_id INT NOT NULL,
  PRIMARY KEY (book_id, author_id),
  CONSTRAINT ba_book_fk FOREIGN KEY (book_id) REFERENCES books (id),
  CONSTRAINT ba_author_fk FOREIGN KEY (author_id) REFERENCES authors (id)
);
CREATE TABLE editions (
  id INT NOT NULL AUTO_INCREMENT,
  book_id INT NOT NULL,
  edition_no TINYINT UNSIGNED NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY editions_book_no (book_id, edition_no),
  CONSTRAINT editions_book_fk FOREIGN KEY (book_id) REFERENCES books (id)
);
CREATE TABLE shelves (
  code VARCHAR(12) NOT NULL,
  parent_code VARCHAR(12) NULL,
  room VARCHAR(10) NOT NULL,
  label VARCHAR(20) NOT NULL,
  PRIMARY KEY (code),
  UNIQUE KEY shelves_room_label (room, label),
  CONSTRAINT shelves_parent_fk FOREIGN KEY (parent_code) REFERENCES shelves (code)
);
