package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// queryDB is a test database with a table of awkward values, and its URL.
func queryDB(t *testing.T) (string, *store.Store) {
	t.Helper()
	url, st := testURL(t)
	for _, q := range []string{
		"CREATE TABLE vals (id INT NOT NULL PRIMARY KEY, s VARCHAR(40) NULL, b VARBINARY(8) NULL, d DECIMAL(30,10) NULL, j JSON NULL, big LONGTEXT NULL)",
		"INSERT INTO vals VALUES (1, NULL, NULL, NULL, NULL, NULL)",
		"INSERT INTO vals VALUES (2, '', 0x00ff, 12345678901234567890.0123456789, '{\"a\": [1, 2]}', REPEAT('x', 5000))",
		"INSERT INTO vals VALUES (3, 'NULL', X'', -1.5, '\"text\"', 'é')",
		"INSERT INTO vals VALUES (4, 'a, \"quoted\"\nline', NULL, 0, NULL, ' lead')",
	} {
		if _, err := st.DB().ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return url, st
}

func TestQueryCSV(t *testing.T) {
	url, _ := queryDB(t)
	code, out, errOut := runIn(t, "", "query", "--database-url", url, "--format", "csv", "SELECT id, s, b, d, big FROM vals ORDER BY id")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\r\n")
	if lines[0] != "id,s,b,d,big" {
		t.Fatalf("header %q", lines[0])
	}
	// NULL is an empty unquoted field, '' a quoted empty one; binary is
	// hex, as the export command writes it.
	if lines[1] != "1,,,," || !strings.HasPrefix(lines[2], `2,"",00ff,12345678901234567890.0123456789,`) {
		t.Fatalf("rows:\n%s", out)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	if len(recs) != 5 || recs[2][4] != strings.Repeat("x", 5000) || recs[3][1] != "NULL" || recs[4][1] != "a, \"quoted\"\nline" || recs[4][4] != " lead" {
		t.Fatalf("records %q", recs)
	}
}

func TestQueryJSON(t *testing.T) {
	url, st := queryDB(t)
	code, out, errOut := runIn(t, "", "query", "--database-url", url, "--format", "json", "SELECT id, s, b, d, j, id AS id FROM vals ORDER BY id")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(rows) != 4 || rows[0]["s"] != nil || rows[1]["s"] != "" || rows[2]["s"] != "NULL" {
		t.Fatalf("rows %v", rows)
	}
	// DECIMAL is a string, so no JSON reader rounds it (as the export
	// command writes it).
	if rows[1]["b"] != "AP8=" || rows[1]["d"] != "12345678901234567890.0123456789" || rows[0]["id_2"] != json.Number("1") {
		t.Fatalf("binary, decimal or repeated name: %v", rows[1])
	}
	if st.Flavor().Kind == store.FlavorMariaDB {
		// MariaDB's JSON is LONGTEXT: a result does not say a value is
		// JSON, so it comes as a string.
		if rows[1]["j"] != `{"a": [1, 2]}` {
			t.Fatalf("MariaDB JSON value: %#v", rows[1]["j"])
		}
	} else if j, ok := rows[1]["j"].(map[string]any); !ok || j["a"] == nil {
		t.Fatalf("JSON value not embedded: %#v", rows[1]["j"])
	}
	// jsonl: one object a line, from standard input.
	code, out, errOut = runIn(t, "SELECT id FROM vals ORDER BY id;", "query", "--database-url", url, "--format", "jsonl")
	if code != 0 || out != "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n{\"id\":4}\n" {
		t.Fatalf("jsonl: exit %d %q %s", code, out, errOut)
	}
}

func TestQueryTable(t *testing.T) {
	url, _ := queryDB(t)
	code, out, errOut := runIn(t, "", "query", "--database-url", url, "SELECT id, s FROM vals ORDER BY id")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "id | s\n" +
		"---+-" + strings.Repeat("-", len(`a, "quoted"\nline`)) + "\n" +
		" 1 | NULL\n" +
		" 2 |\n" +
		" 3 | NULL\n" +
		` 4 | a, "quoted"\nline` + "\n"
	if out != want {
		t.Fatalf("table:\n%s\nwant:\n%s", out, want)
	}
}

func TestQueryWritesAndErrors(t *testing.T) {
	url, st := queryDB(t)
	ctx := context.Background()
	count := func(q string) int {
		var n int
		if err := st.DB().QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Statements run in order in one transaction, committed at the end.
	code, out, errOut := runIn(t, "", "query", "--database-url", url, "--format", "csv",
		"UPDATE vals SET s = 'w' WHERE id = 1; SELECT s FROM vals WHERE id = 1")
	if code != 0 || out != "s\r\nw\r\n" || !strings.Contains(errOut, "UPDATE: 1 row changed") || !strings.Contains(errOut, "Committed: 1 row changed") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	if count("SELECT COUNT(*) FROM vals WHERE s = 'w'") != 1 {
		t.Fatal("not committed")
	}
	// The first error stops the run, rolls back and exits 1 with the server's error.
	code, _, errOut = runIn(t, "", "query", "--database-url", url,
		"UPDATE vals SET s = 'z' WHERE id = 2; SELECT * FROM nosuch; UPDATE vals SET s = 'z' WHERE id = 3")
	if code != 1 || !strings.Contains(errOut, "nosuch") {
		t.Fatalf("error: exit %d, %q", code, errOut)
	}
	if count("SELECT COUNT(*) FROM vals WHERE s = 'z'") != 0 {
		t.Fatal("the statements before the error were committed")
	}
	// Statements that touch every row or the schema need --yes.
	code, _, errOut = runIn(t, "", "query", "--database-url", url, "DELETE FROM vals")
	if code != 2 || !strings.Contains(errOut, "--yes") || count("SELECT COUNT(*) FROM vals") != 4 {
		t.Fatalf("delete without --yes: exit %d, %q", code, errOut)
	}
	code, _, errOut = runIn(t, "", "query", "--database-url", url, "--yes", "DELETE FROM vals")
	if code != 0 || count("SELECT COUNT(*) FROM vals") != 0 {
		t.Fatalf("delete with --yes: exit %d, %q", code, errOut)
	}
	// Read-only: the store refuses writes.
	code, _, errOut = runIn(t, "", "query", "--database-url", url, "--read-only", "INSERT INTO vals (id) VALUES (9)")
	if code != 1 || !strings.Contains(errOut, "read-only") || count("SELECT COUNT(*) FROM vals") != 0 {
		t.Fatalf("read-only: exit %d, %q", code, errOut)
	}
	// Usage errors.
	for _, args := range [][]string{
		{"query", "--database-url", url, "--format", "xml", "SELECT 1"},
		{"query", "--database-url", url, "SELECT 1", "SELECT 2"},
		{"query", "--database-url", url, " -- only a comment"},
	} {
		if code, _, errOut := runIn(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, %q", args[3:], code, errOut)
		}
	}
}

// TestQueryStreams prints 100,000 rows: they come out whole and in order.
func TestQueryStreams(t *testing.T) {
	url, st := testURL(t)
	if _, err := st.DB().Exec("CREATE TABLE digits (n INT NOT NULL PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec("INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)"); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runIn(t, "", "query", "--database-url", url, "--format", "jsonl",
		"SELECT a.n + 10*b.n + 100*c.n + 1000*d.n + 10000*e.n AS n FROM digits a, digits b, digits c, digits d, digits e ORDER BY n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sc := bufio.NewScanner(bytes.NewReader([]byte(out)))
	i := 0
	for sc.Scan() {
		var row struct{ N int }
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil || row.N != i {
			t.Fatalf("line %d: %s (%v)", i, sc.Text(), err)
		}
		i++
	}
	if i != 100_000 {
		t.Fatalf("%d rows", i)
	}
}
