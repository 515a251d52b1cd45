package store

import (
	"reflect"
	"testing"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sql     string
		kind    StatementKind
		verb    string
		tables  []string
		noWhere bool
		parsed  bool
	}{
		{"SELECT 1", KindRead, "SELECT", nil, false, true},
		{"  select * from users u join sessions s on s.user_id = u.id where u.id = 1 ;", KindRead, "SELECT", []string{"users", "sessions"}, false, true},
		{"(SELECT 1) UNION (SELECT 2)", KindRead, "UNION", nil, false, true},
		{"WITH x AS (SELECT 1) SELECT * FROM x", KindRead, "SELECT", []string{"x"}, false, true},
		{"SHOW TABLES", KindRead, "SHOW", nil, false, true},
		{"DESCRIBE users", KindRead, "DESCRIBE", nil, false, true},
		{"EXPLAIN SELECT * FROM users", KindRead, "EXPLAIN", nil, false, true},
		{"SELECT * FROM t FOR UPDATE", KindRead, "SELECT", []string{"t"}, false, true},
		{"UPDATE users SET username = 'x'", KindWrite, "UPDATE", []string{"users"}, true, true},
		{"UPDATE users SET username = 'x' WHERE id = 1", KindWrite, "UPDATE", []string{"users"}, false, true},
		{"update users set username = (select max(x) from u where 1) -- no top-level where", KindWrite, "UPDATE", []string{"users"}, true, true},
		{"UPDATE t1, t2 SET t1.a = t2.a", KindWrite, "UPDATE", []string{"t1", "t2"}, true, true},
		{"DELETE FROM scores", KindWrite, "DELETE", []string{"scores"}, true, true},
		{"DELETE FROM scores LIMIT 10", KindWrite, "DELETE", []string{"scores"}, true, true},
		{"DELETE FROM scores WHERE id = 3", KindWrite, "DELETE", []string{"scores"}, false, true},
		{"DELETE u FROM users u JOIN sessions s ON s.user_id = u.id WHERE s.id = 1", KindWrite, "DELETE", []string{"users", "sessions"}, false, true},
		{"WITH x AS (SELECT 1) UPDATE t SET a = 1", KindWrite, "UPDATE", []string{"t"}, true, true},
		{"INSERT INTO levels (name) VALUES ('x')", KindWrite, "INSERT", []string{"levels"}, false, true},
		{"REPLACE INTO levels VALUES (1, 'x', 1)", KindWrite, "REPLACE", []string{"levels"}, false, true},
		{"CALL refresh_scores()", KindWrite, "CALL", nil, false, true},
		{"CREATE TABLE t (id int)", KindDDL, "CREATE TABLE", []string{"t"}, false, true},
		{"ALTER TABLE users ADD COLUMN nick varchar(20)", KindDDL, "ALTER TABLE", []string{"users"}, false, true},
		{"DROP TABLE a, b", KindDDL, "DROP TABLE", []string{"a", "b"}, false, true},
		{"TRUNCATE scores", KindDDL, "TRUNCATE TABLE", []string{"scores"}, false, true},
		{"RENAME TABLE a TO b", KindDDL, "RENAME TABLE", []string{"a"}, false, true},
		{"CREATE INDEX i ON users (username)", KindDDL, "CREATE INDEX", []string{"users"}, false, true},
		{"CREATE VIEW v AS SELECT 1", KindDDL, "CREATE VIEW", []string{"v"}, false, true},
		{"DROP DATABASE demobots", KindDDL, "DROP DATABASE", nil, false, true},
		{"GRANT SELECT ON *.* TO u", KindDDL, "GRANT SELECT", nil, false, true},
		{"SET @a = 1", KindSession, "SET", nil, false, true},
		{"USE other", KindSession, "USE", nil, false, true},
		{"START TRANSACTION", KindTransaction, "BEGIN", nil, false, true},
		{"COMMIT", KindTransaction, "COMMIT", nil, false, true},
		{"ROLLBACK", KindTransaction, "ROLLBACK", nil, false, true},
		{"KILL QUERY 5", KindOther, "KILL", nil, false, true},
		// Syntax the parser does not know: classified by the first words.
		{"OPTIMIZE TABLE scores", KindOther, "OPTIMIZE", nil, false, false},
		{"DELETE FROM t WHERE id = 1 RETURNING id", KindWrite, "DELETE", nil, true, false},
		{"DO SLEEP(1)", KindRead, "DO", nil, false, false},
		{"/* a comment */ HELP 'select'", KindRead, "HELP", nil, false, false},
	}
	for _, c := range cases {
		st := Classify(c.sql)
		if st.Kind != c.kind || st.Verb != c.verb || st.NoWhere != c.noWhere || st.Parsed != c.parsed || !reflect.DeepEqual(st.Tables, c.tables) {
			t.Errorf("Classify(%q) = kind %v verb %q tables %q noWhere %v parsed %v; want %v %q %q %v %v",
				c.sql, st.Kind, st.Verb, st.Tables, st.NoWhere, st.Parsed, c.kind, c.verb, c.tables, c.noWhere, c.parsed)
		}
	}
}

func TestNeedsConfirmation(t *testing.T) {
	t.Parallel()
	for sql, want := range map[string]bool{
		"SELECT * FROM users":             false,
		"UPDATE users SET a = 1 WHERE id": false,
		"UPDATE users SET a = 1":          true,
		"DELETE FROM users":               true,
		"DROP TABLE users":                true,
		"TRUNCATE users":                  true,
		"INSERT INTO users VALUES (1)":    false,
		"UPDATE t SET a = 1 RETURNING a":  true, // unparsed: a WHERE cannot be checked for
	} {
		if got := Classify(sql).NeedsConfirmation(); got != want {
			t.Errorf("%q: NeedsConfirmation = %v, want %v", sql, got, want)
		}
	}
}

func TestClassifyDatabase(t *testing.T) {
	t.Parallel()
	if st := Classify("DROP DATABASE `demo bots`"); st.Database != "demo bots" {
		t.Errorf("database %q", st.Database)
	}
	if st := Classify("SELECT * FROM other.t JOIN t USING (id)"); !reflect.DeepEqual(st.Tables, []string{"other.t", "t"}) {
		t.Errorf("tables %q", st.Tables)
	}
}

func TestSplitStatements(t *testing.T) {
	t.Parallel()
	buf := "SELECT 1;\n\n-- a comment; not a statement\nSELECT ';' AS s, `a;b`, \"x;\" /* ; */ FROM t ;  \n# only a comment;\nUPDATE t SET a = 1\n"
	spans := SplitStatements(buf)
	want := []string{"SELECT 1", "-- a comment; not a statement\nSELECT ';' AS s, `a;b`, \"x;\" /* ; */ FROM t", "# only a comment;\nUPDATE t SET a = 1"}
	if len(spans) != len(want) {
		t.Fatalf("%d statements: %+v", len(spans), spans)
	}
	for i, sp := range spans {
		if sp.Text != want[i] || buf[sp.Start:sp.End] != sp.Text {
			t.Errorf("statement %d = %q [%d:%d], want %q", i, sp.Text, sp.Start, sp.End, want[i])
		}
	}
	// The line comment holds a semicolon, which must not end a statement;
	// "--x" is not a comment in MySQL.
	if got := SplitStatements("SELECT 1 --x\n; ;; SELECT 'it''s; fine'"); len(got) != 2 || got[1].Text != "SELECT 'it''s; fine'" {
		t.Errorf("got %+v", got)
	}
	if got := SplitStatements("  \n -- nothing\n ; /* at all */"); len(got) != 0 {
		t.Errorf("blank buffer gave %+v", got)
	}
	if got := SplitStatements("SELECT 'unterminated; string"); len(got) != 1 {
		t.Errorf("unterminated string: %+v", got)
	}
}

func TestStatementAt(t *testing.T) {
	t.Parallel()
	buf := "SELECT 1;\nSELECT 2;\n\nSELECT 3"
	spans := SplitStatements(buf)
	for pos, want := range map[int]string{
		0:            "SELECT 1",
		8:            "SELECT 1", // on the first statement's last character
		9:            "SELECT 1", // right after its semicolon
		10:           "SELECT 2",
		19:           "SELECT 2", // on the blank line after it
		len(buf):     "SELECT 3",
		len(buf) - 3: "SELECT 3",
	} {
		sp, ok := StatementAt(spans, pos)
		if !ok || sp.Text != want {
			t.Errorf("StatementAt(%d) = %q, %v; want %q", pos, sp.Text, ok, want)
		}
	}
	if _, ok := StatementAt(nil, 0); ok {
		t.Error("a statement in an empty buffer")
	}
}
