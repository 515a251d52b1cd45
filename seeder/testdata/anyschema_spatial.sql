-- Spatial columns, for engines that have them.
CREATE TABLE places (
  id INT NOT NULL AUTO_INCREMENT,
  name VARCHAR(40) NOT NULL,
  pt POINT NOT NULL,
  area POLYGON NULL,
  path LINESTRING NULL,
  shape GEOMETRY NOT NULL,
  PRIMARY KEY (id)
);
