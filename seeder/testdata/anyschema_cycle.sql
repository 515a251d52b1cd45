-- A cycle of NOT NULL foreign keys: no row can be inserted first.
CREATE TABLE teams (
  id INT NOT NULL,
  captain_id INT NOT NULL,
  PRIMARY KEY (id)
);
CREATE TABLE players (
  id INT NOT NULL,
  team_id INT NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT players_team_fk FOREIGN KEY (team_id) REFERENCES teams (id)
);
ALTER TABLE teams ADD CONSTRAINT teams_captain_fk FOREIGN KEY (captain_id) REFERENCES players (id);
