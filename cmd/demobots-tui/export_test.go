package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

func TestParseWhere(t *testing.T) {
	cases := map[string]store.Filter{
		"level_id=3":               {Column: "level_id", Op: store.OpEq, Value: "3"},
		" name = a=b ":             {Column: "name", Op: store.OpEq, Value: " a=b "},
		"score>=4000":              {Column: "score", Op: store.OpGe, Value: "4000"},
		"score<=1":                 {Column: "score", Op: store.OpLe, Value: "1"},
		"score<1":                  {Column: "score", Op: store.OpLt, Value: "1"},
		"score>1":                  {Column: "score", Op: store.OpGt, Value: "1"},
		"id!=7":                    {Column: "id", Op: store.OpNe, Value: "7"},
		"username LIKE a%":         {Column: "username", Op: store.OpLike, Value: "a%"},
		"note is null":             {Column: "note", Op: store.OpIsNull},
		"note IS NOT NULL":         {Column: "note", Op: store.OpNotNull},
		"x='; DROP TABLE users --": {Column: "x", Op: store.OpEq, Value: "'; DROP TABLE users --"},
	}
	for in, want := range cases {
		got, err := parseWhere(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "score", "=3", " IS NULL", "a!b"} {
		if _, err := parseWhere(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// newExportDB is a database with a small table for the export command.
func newExportDB(t *testing.T) string {
	t.Helper()
	url, st := testURL(t)
	for _, s := range []string{
		"CREATE TABLE items (id INT NOT NULL PRIMARY KEY, name VARCHAR(40) NULL, score INT NOT NULL)",
		"INSERT INTO items VALUES (1, 'a,b', 10), (2, NULL, 20), (3, '', 30), (4, 'NULL', 40), (5, 'x''; DROP TABLE items; --', 50)",
	} {
		if _, err := st.DB().ExecContext(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
	return url
}

func TestExportCommand(t *testing.T) {
	url := newExportDB(t)
	code, out, errOut := runIn(t, "", "--database-url", url, "export", "--table", "items", "--where", "score>=20", "--where", "id!=5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "id,name,score\r\n2,,20\r\n3,\"\",30\r\n4,NULL,40\r\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	if !strings.Contains(errOut, "Exported 3 rows of items") {
		t.Errorf("stderr %q", errOut)
	}
	// The injection attempt is a value, compared as a placeholder.
	code, out, errOut = runIn(t, "", "--database-url", url, "export", "--table", "items", "--format", "jsonl", "--where", "name=x'; DROP TABLE items; --")
	if code != 0 || out != `{"id":5,"name":"x'; DROP TABLE items; --","score":50}`+"\n" {
		t.Errorf("exit %d, %q %s", code, out, errOut)
	}
	code, out, _ = runIn(t, "", "--database-url", url, "export", "--table", "items", "--format", "sql", "--create-table", "--sort", "score", "--desc", "--where", "id<=2")
	if code != 0 || !strings.Contains(out, "CREATE TABLE `items`") || !strings.Contains(out, "VALUES\n(2, NULL, 20),\n(1, 'a,b', 10);\n") {
		t.Errorf("exit %d, SQL:\n%s", code, out)
	}
}

func TestExportCommandFile(t *testing.T) {
	url := newExportDB(t)
	path := filepath.Join(t.TempDir(), "items.json")
	args := []string{"--database-url", url, "export", "--table", "items", "--format", "json", "--out", path}
	if code, _, errOut := runIn(t, "", args...); code != 0 || !strings.Contains(errOut, "to "+path) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(b), "[\n{\"id\":1,") || !strings.HasSuffix(string(b), "\n]\n") {
		t.Fatalf("%q, %v", b, err)
	}
	if err := os.WriteFile(path, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runIn(t, "", args...)
	if code != 1 || !strings.Contains(errOut, "exists already") || !strings.Contains(errOut, "--force") {
		t.Errorf("over an existing file: exit %d, %s", code, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Errorf("the file changed: %q", b)
	}
	if code, _, errOut := runIn(t, "", append(args, "--force")...); code != 0 {
		t.Errorf("--force: exit %d, %s", code, errOut)
	}
	if es, _ := os.ReadDir(filepath.Dir(path)); len(es) != 1 {
		t.Errorf("left in the directory: %v", es)
	}
}

func TestExportCommandErrors(t *testing.T) {
	url := newExportDB(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export"}, 2, "--table"},
		{[]string{"export", "--table", "items", "--format", "xml"}, 2, "csv, jsonl, json or sql"},
		{[]string{"export", "--table", "items", "--where", "score"}, 2, "COL=VALUE"},
		{[]string{"export", "--table", "items", "--desc"}, 2, "--sort"},
		{[]string{"export", "--table", "items", "--where", "nope=1"}, 1, `"nope"`},
		{[]string{"export", "--table", "items", "--where", "score=ten"}, 1, "holds whole numbers"},
		{[]string{"export", "--table", "missing"}, 1, "missing"},
		{[]string{"export", "--table", "items", "--sort", "nope"}, 1, `"nope"`},
	} {
		code, _, errOut := runIn(t, "", append([]string{"--database-url", url}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q: %s", tc.args, code, tc.code, tc.want, errOut)
		}
	}
}
