package seeder_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
)

func TestParseSchemaAcceptsRealSchemaFiles(t *testing.T) {
	d, err := seeder.ParseSchema("schema.sql", demobots.Schema)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Tables(); !slices.Equal(got, demobots.Tables) {
		t.Errorf("tables %v, want %v", got, demobots.Tables)
	}
	// What MariaDB 10.11's SHOW CREATE TABLE writes (pull's output) for
	// every type family, MariaDB's own types and attributes included:
	// uuid, inet6, year(4), /*M!100301 COMPRESSED*/, INVISIBLE, JSON as
	// LONGTEXT with a CHECK, system versioning, partitions, Aria options.
	b, err := os.ReadFile("testdata/mariadb_pull.sql")
	if err != nil {
		t.Fatal(err)
	}
	d, err = seeder.ParseSchema("mariadb_pull.sql", string(b))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Tables(), []string{"parent", "every", "aria", "ver", "part", "sq", "ids"}; !slices.Equal(got, want) {
		t.Errorf("tables %v, want %v", got, want)
	}
	for _, ok := range []string{
		"CREATE TABLE t (id int) /*!50100 PARTITION BY HASH (id) PARTITIONS 2 */;",
		"CREATE TABLE `t` (`a` int, `b` int AS (`a` + 1) PERSISTENT, `c` varchar(5) COMPRESSED, KEY `k` (`a`) USING BTREE COMMENT 'x') COMMENT='see ; and -- and /* inside strings';",
		"CREATE TABLE t (`compressed` int, `uuid` uuid DEFAULT uuid());\nCREATE INDEX i ON t (`compressed`);\nCREATE UNIQUE INDEX u ON t (`uuid`);",
		"CREATE TABLE t (id int PRIMARY KEY);\nCREATE VIEW v AS SELECT a.id, (SELECT COUNT(*) FROM t) AS n FROM t AS a;\nCREATE OR REPLACE VIEW w AS SELECT id FROM v;",
		"CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int, ENGINE=InnoDB, ADD KEY k (c);\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES t (id);",
		"CREATE TABLE t (`engine` varchar(10)) ENGINE=Aria; # a comment\n-- another\n/* and another */",
	} {
		if _, err := seeder.ParseSchema("ok.sql", ok); err != nil {
			t.Errorf("refused %q: %v", ok, err)
		}
	}
}

func TestParseSchemaRefusesEverythingElse(t *testing.T) {
	head := "CREATE TABLE `t` (`id` int NOT NULL);\n"
	for _, tc := range []struct {
		name, sql string
		line      int
		want      string
	}{
		{"delete", "DELETE FROM `mydb`.`scores` WHERE `id` <= 10;", 2, "not DELETE"},
		{"drop other database", "DROP TABLE IF EXISTS otherdb.important;", 2, "not DROP TABLE"},
		{"drop", "DROP TABLE t;", 2, "not DROP TABLE"},
		{"insert", "INSERT INTO t VALUES (1);", 2, "not INSERT"},
		{"update", "UPDATE t SET id = 2;", 2, "not UPDATE"},
		{"truncate", "TRUNCATE TABLE t;", 2, "not TRUNCATE"},
		{"use", "USE mysql;", 2, "not USE"},
		{"grant", "GRANT ALL ON *.* TO 'x'@'%';", 2, "not GRANT"},
		{"set global", "SET GLOBAL max_connections = 1;", 2, "not SET GLOBAL"},
		{"set names", "/*!40101 SET NAMES utf8mb4 */;", 2, "not SET"},
		{"create user", "CREATE USER evil IDENTIFIED BY 'x';", 2, "not CREATE USER"},
		{"create database", "CREATE DATABASE evil;", 2, "not CREATE DATABASE"},
		{"create procedure", "CREATE PROCEDURE p() SELECT 1;", 2, "not CREATE PROCEDURE"},
		{"create trigger", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.id = 1;", 2, "not CREATE TRIGGER"},
		{"rename", "RENAME TABLE t TO u;", 2, "not RENAME TABLE"},
		{"load data", "LOAD DATA INFILE '/etc/passwd' INTO TABLE t;", 2, "not LOAD DATA"},
		{"select into outfile", "SELECT 1 INTO OUTFILE '/tmp/x';", 2, "not SELECT"},
		{"qualified create", "CREATE TABLE `mydb`.`x` (`id` int);", 2, "`mydb`.`x` is qualified"},
		{"qualified index", "CREATE INDEX i ON mydb.t (id);", 2, "`mydb`.`t` is qualified"},
		{"qualified alter", "ALTER TABLE mydb.t ADD COLUMN c int;", 2, "`mydb`.`t` is qualified"},
		{"rename to other database", "ALTER TABLE t RENAME TO other.t;", 2, "`other`.`t` is qualified"},
		{"exchange partition", "ALTER TABLE t EXCHANGE PARTITION p WITH TABLE other.t;", 2, "`other`.`t` is qualified"},
		{"qualified reference", "CREATE TABLE u (id int, FOREIGN KEY (id) REFERENCES other.t (id));", 2, "`other`.`t` is qualified"},
		{"qualified like", "CREATE TABLE u LIKE other.t;", 2, "`other`.`t` is qualified"},
		{"qualified view", "CREATE VIEW v AS SELECT id FROM other.secret;", 2, "`other`.`secret` is qualified"},
		{"qualified column in view", "CREATE VIEW v AS SELECT other.t.id FROM t;", 2, "`other`.`t` is qualified"},
		{"qualified function", "CREATE TABLE u (id int DEFAULT (other.f()));", 2, "`other`.`f` is qualified"},
		{"create as select", "CREATE TABLE u AS SELECT * FROM t;", 2, "copies data"},
		{"temporary", "CREATE TEMPORARY TABLE u (id int);", 2, "TEMPORARY"},
		{"subquery in check", "ALTER TABLE t ADD CONSTRAINT c CHECK (id IN (SELECT id FROM t));", 2, "subquery"},
		{"data directory", "CREATE TABLE u (id int) DATA DIRECTORY='/tmp';", 2, "DIRECTORY"},
		{"alter data directory", "ALTER TABLE t DATA DIRECTORY='/tmp';", 2, "DIRECTORY"},
		{"federated", "CREATE TABLE u (id int) ENGINE=FEDERATED CONNECTION='mysql://u@h/db/t';", 2, "FEDERATED is not allowed"},
		{"merge", "CREATE TABLE u (id int) ENGINE=MERGE UNION=(t);", 2, "MERGE is not allowed"},
		{"alter engine", "ALTER TABLE t ENGINE=CSV;", 2, "CSV is not allowed"},
		{"syntax error", "CREATE TABLE u (id int) garbage;", 2, "does not understand"},
		{"syntax error on a later line", "CREATE TABLE u (\n  id int,\n  x nonsense nonsense\n);", 4, "does not understand"},
		{"unterminated string", "CREATE TABLE u (id int COMMENT 'oops);", 2, "cannot read"},
		// The parser takes any "--" for a comment; MySQL wants a blank
		// after it, so "--1" is minus minus one there. Comments are
		// removed before the check and before the run: both see the same.
		{"dash dash", "CREATE TABLE u --1\nAS SELECT * FROM other.t;", 2, "copies data"},
		// MariaDB runs /*M! … */; the parser would skip it as a comment.
		{"mariadb executable comment", "CREATE TABLE u (id int) /*M!100000 SELECT * FROM other.t */;", 2, "does not understand"},
		{"comment in executable comment", "CREATE TABLE u (id int /*! -- x */);", 2, "comment inside an executable comment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := seeder.ParseSchema("s.sql", head+tc.sql)
			var se *seeder.SchemaFileError
			if !errors.As(err, &se) || !errors.Is(err, seeder.ErrSchemaFile) {
				t.Fatalf("accepted or wrong error: %v", err)
			}
			if se.File != "s.sql" || se.Line != tc.line {
				t.Errorf("at %s:%d, want s.sql:%d: %v", se.File, se.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), "nothing was run") {
				t.Errorf("error %q does not say that nothing ran", err)
			}
		})
	}
}

func TestParseSchemaQuotesControlCharacters(t *testing.T) {
	_, err := seeder.ParseSchema("s.sql", "DELETE FROM t WHERE x = '\x1b]0;pwned\x07';")
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Fatalf("error %q carries control characters", err)
	}
}
