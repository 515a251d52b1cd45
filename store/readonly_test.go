package store

import (
	"errors"
	"testing"
)

func TestReadOnlyGuard(t *testing.T) {
	t.Parallel()
	allowed := []string{
		"SELECT 1",
		"  select * from `users` where id = ?",
		"(SELECT 1) UNION (SELECT 2)",
		"/* comment */ SELECT 1",
		"-- leading comment\nSELECT 1",
		"# hash comment\nSHOW TABLES",
		"SHOW CREATE TABLE `order`",
		"DESCRIBE users",
		"desc users",
		"EXPLAIN SELECT 1",
		"WITH x AS (SELECT 1) SELECT * FROM x",
		"SELECT 'DELETE FROM users'",
		"SELECT `update` FROM t",
		"SELECT * FROM t FOR UPDATE",
		"SET SESSION TRANSACTION READ ONLY",
		"SET NAMES utf8mb4",
		"SET @x = 1",
		"START TRANSACTION READ ONLY",
		"BEGIN",
		"COMMIT",
		"ROLLBACK",
		"USE demobots",
		"SELECT 1; SELECT 2",
		"SELECT 1;",
		"KILL QUERY 42",
		"",
	}
	for _, q := range allowed {
		if err := readOnlyGuard(q); err != nil {
			t.Errorf("refused %q: %v", q, err)
		}
	}
	refused := []string{
		"INSERT INTO t VALUES (1)",
		"insert into t values (1)",
		"UPDATE t SET a = 1",
		"DELETE FROM t",
		"REPLACE INTO t VALUES (1)",
		"CREATE TABLE x (id int)",
		"DROP TABLE users",
		"ALTER TABLE users ADD c int",
		"TRUNCATE users",
		"RENAME TABLE a TO b",
		"LOAD DATA LOCAL INFILE 'x' INTO TABLE t",
		"CALL proc()",
		"GRANT ALL ON *.* TO x",
		"/* SELECT */ DELETE FROM t",
		"/*!40101 DELETE FROM t */",
		"SELECT 1; DELETE FROM t",
		"SELECT ';'; DROP TABLE t",
		"WITH x AS (SELECT 1) DELETE FROM t",
		"SET GLOBAL read_only = 0",
		"SET SESSION TRANSACTION READ WRITE",
		"SET tx_read_only = 0",
		"SET @@session.transaction_read_only = 0",
		"START TRANSACTION READ WRITE",
		"(DELETE FROM t)",
		"KILL 42",
		"KILL CONNECTION 42",
	}
	for _, q := range refused {
		err := readOnlyGuard(q)
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("allowed %q (err %v)", q, err)
		}
	}
}

func TestStatementWords(t *testing.T) {
	t.Parallel()
	got := statementWords("select 'a;b', `c;d` -- x;y\n from t; drop /* ; */ x")
	if len(got) != 2 || len(got[0]) != 3 || got[0][0] != "SELECT" || got[0][2] != "T" || got[1][0] != "DROP" || got[1][1] != "X" {
		t.Errorf("statementWords = %q", got)
	}
}
