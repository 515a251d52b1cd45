package project

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseRelations(t *testing.T) {
	t.Parallel()
	src := `# relations the schema keeps in the application
[[relation]]
name = "score_session"
from = "scores.session_id"
to = "sessions.id"

[[relation]]
from = "assignments.( team_id , member_no )"
to   = "team_members.(team_id, number)"

[[relation]]
from = "` + "`odd.table`.`a``b`" + `"
to = "users.id"
`
	f, err := Parse("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Relation{
		{Name: "score_session", At: Pos{"p.toml", 2, "relation"},
			From: Endpoint{"scores", []string{"session_id"}, Pos{"p.toml", 4, "relation.from"}},
			To:   Endpoint{"sessions", []string{"id"}, Pos{"p.toml", 5, "relation.to"}}},
		{At: Pos{"p.toml", 7, "relation"},
			From: Endpoint{"assignments", []string{"team_id", "member_no"}, Pos{"p.toml", 8, "relation.from"}},
			To:   Endpoint{"team_members", []string{"team_id", "number"}, Pos{"p.toml", 9, "relation.to"}}},
		{At: Pos{"p.toml", 11, "relation"},
			From: Endpoint{"odd.table", []string{"a`b"}, Pos{"p.toml", 12, "relation.from"}},
			To:   Endpoint{"users", []string{"id"}, Pos{"p.toml", 13, "relation.to"}}},
	}
	if !reflect.DeepEqual(f.Relations, want) {
		t.Errorf("relations\n got %+v\nwant %+v", f.Relations, want)
	}
	if !f.Found || f.Path != "p.toml" {
		t.Errorf("file %+v", f)
	}
}

func TestParseInlineArray(t *testing.T) {
	t.Parallel()
	f, err := Parse("p.toml", []byte("relation = [\n  { from = \"a.x\", to = \"b.id\" },\n]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Relations) != 1 || f.Relations[0].From.Table != "a" || f.Relations[0].From.At.Line != 2 {
		t.Errorf("relations %+v", f.Relations)
	}
}

// TestParseErrors checks that every problem reads file:line: key: problem,
// with the line of the key at fault.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		want      []string // each error, in order
	}{
		{"unknown section", "title = 'x'\n\n[[relation]]\nfrom = 'a.b'\nto = 'c.d'\n",
			[]string{"p.toml:1: title: unknown section; the known ones here are relation"}},
		{"unknown key in a relation", "[[relation]]\nfrom = 'a.b'\nto = 'c.d'\n\n[[relation]]\nform = 'a.b'\nto = 'c.d'\n",
			[]string{"p.toml:6: relation.form: unknown key; the known ones here are from, name, to"}},
		{"unknown key in an inline entry", "relation = [{from = 'a.b', to = 'c.d', x = 1}]\n",
			[]string{"p.toml:1: relation.x: unknown key; the known ones here are from, name, to"}},
		{"unknown table section", "[seeds]\nusers = 3\n",
			[]string{"p.toml:1: seeds: unknown section; the known ones here are relation, seed"}},
		{"unknown key in seed", "[seed]\nusers = 3\n",
			[]string{"p.toml:2: seed.users: unknown key; the known ones here are seed, tables"}},
		{"wrong type", "[[relation]]\nfrom = 3\nto = 'c.d'\n",
			[]string{"p.toml:2: relation.from: expected a string, not an integer"}},
		{"syntax", "[[relation]]\nfrom = 'a.b\n",
			[]string{"p.toml:2: literal strings cannot have new lines"}},
		{"repeated key", "[[relation]]\nfrom = 'a.b'\nfrom = 'c.d'\n",
			[]string{"p.toml:3: relation.from: key from is already defined"}},
		{"missing side", "[[relation]]\nfrom = 'a.b'\n",
			[]string{`p.toml:1: relation.to: missing: write to = "table.column" (or "table.(column, column)" for a composite key)`}},
		{"no column", "\n[[relation]]\nfrom = 'scores'\nto = 'sessions.id'\n",
			[]string{`p.toml:3: relation.from: "scores": expected "." after the table name: write "table.column" or "table.(column, column)"`}},
		{"schema-qualified", "[[relation]]\nfrom = 'db.scores.session_id'\nto = 'sessions.id'\n",
			[]string{`p.toml:2: relation.from: "db.scores.session_id": a second "."`}},
		{"column counts differ", "[[relation]]\nfrom = 'a.(x, y)'\nto = 'b.id'\n",
			[]string{"p.toml:3: relation.to: names 1 columns and from names 2"}},
		{"to itself", "[[relation]]\nfrom = 'a.x'\nto = 'a.x'\n",
			[]string{"p.toml:3: relation.to: is the from side itself"}},
		{"repeated", "[[relation]]\nfrom = 'a.x'\nto = 'b.id'\n[[relation]]\nfrom = 'a.x'\nto = 'b.id'\n",
			[]string{"p.toml:4: relation: repeats the relation of line 1 (a.x → b.id)"}},
		{"name taken", "[[relation]]\nname = 'n'\nfrom = 'a.x'\nto = 'b.id'\n[[relation]]\nname = 'n'\nfrom = 'a.y'\nto = 'b.id'\n",
			[]string{`p.toml:6: relation.name: "n" already names the relation of line 1`}},
		{"single brackets", "[relation]\nfrom = 'a.x'\nto = 'b.id'\n",
			[]string{"p.toml:1: relation: a relation is an entry of an array of tables: write [[relation]]"}},
		{"column twice", "[[relation]]\nfrom = 'a.(x, x)'\nto = 'b.(i, j)'\n",
			[]string{`p.toml:2: relation.from: "a.(x, x)": column "x" is listed twice`}},
		{"two problems", "[[relation]]\nfrom = 'a'\nto = 'b'\n",
			[]string{`p.toml:2: relation.from: "a": expected "."`, `p.toml:3: relation.to: "b": expected "."`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("p.toml", []byte(tc.src))
			if err == nil {
				t.Fatal("no error")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("errors:\n%v\nwant %d", err, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("error %d\n got %s\nwant %s…", i, lines[i], w)
				}
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Errorf("%T is not a *project.Error", err)
			}
		})
	}
}

func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Endpoint{
		"t.c":                {Table: "t", Columns: []string{"c"}},
		" t . c ":            {Table: "t", Columns: []string{"c"}},
		"t.(a,b)":            {Table: "t", Columns: []string{"a", "b"}},
		"`a.b`.`c d`":        {Table: "a.b", Columns: []string{"c d"}},
		"`x``y`.(`(`, `,`)":  {Table: "x`y", Columns: []string{"(", ","}},
		"Users.userId":       {Table: "Users", Columns: []string{"userId"}},
		"t.(only)":           {Table: "t", Columns: []string{"only"}},
		"`t`.(`a` , `b`   )": {Table: "t", Columns: []string{"a", "b"}},
	} {
		got, err := ParseEndpoint(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseEndpoint(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		// String writes what ParseEndpoint reads back.
		if again, err := ParseEndpoint(got.String()); err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("round trip of %q via %q: %+v, %v", in, got.String(), again, err)
		}
	}
	for _, bad := range []string{"", "t", "t.", ".c", "t.()", "t.(a", "t.(a b)", "t.c extra", "`t.c", "``.c", "t.(a,)"} {
		if e, err := ParseEndpoint(bad); err == nil {
			t.Errorf("ParseEndpoint(%q) = %+v, want an error", bad, e)
		}
	}
}

func TestLocate(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	f, err := Locate("")
	if err != nil || f.Found || f.Path != DefaultFile || len(f.Relations) != 0 {
		t.Fatalf("without a file: %+v, %v", f, err)
	}
	if _, err := Locate("nope.toml"); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "nope.toml") {
		t.Errorf("a missing --config file: %v", err)
	}
	write(t, DefaultFile, "[[relation]]\nfrom = 'a.x'\nto = 'b.id'\n")
	if f, err := Locate(""); err != nil || !f.Found || len(f.Relations) != 1 {
		t.Errorf("the default file: %+v, %v", f, err)
	}
	write(t, "other.toml", "[[relation]]\nfrom = 'a.x'\n")
	if _, err := Locate("other.toml"); err == nil || !strings.HasPrefix(err.Error(), "other.toml:1: relation.to: missing") {
		t.Errorf("a broken --config file: %v", err)
	}
}

func TestAppendRelations(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DefaultFile)
	ep := func(s string) Endpoint {
		e, err := ParseEndpoint(s)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	inferred := []Relation{
		{From: ep("scores.session_id"), To: ep("sessions.id")},
		{From: ep("sessions.user_id"), To: ep("users.id")},
		{From: ep("sessions.user_id"), To: ep("users.id")}, // a repeat
	}

	// No file yet: it is created.
	f := &File{Path: path}
	added, err := f.AppendRelations(inferred[:1], []string{"Inferred from column names: review them."})
	if err != nil || len(added) != 1 {
		t.Fatalf("create: %v, %v", added, err)
	}
	want := "# Inferred from column names: review them.\n\n[[relation]]\nfrom = \"scores.session_id\"\nto   = \"sessions.id\"\n"
	if got := read(t, path); got != want {
		t.Errorf("created\n%s\nwant\n%s", got, want)
	}
	// A file created meanwhile is not replaced.
	if _, err := (&File{Path: path}).AppendRelations(inferred, nil); err == nil {
		t.Error("replaced a file that appeared meanwhile")
	}

	// An existing file keeps everything it holds; a from side it declares
	// is not added again, nor is a repeat.
	own := "# mine\n[[relation]]\nname = \"x\"\nfrom = \"scores.session_id\"\nto = \"old_sessions.id\"" // no final newline
	write(t, path, own)
	f, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	added, err = f.AppendRelations(inferred, []string{"more"})
	if err != nil || len(added) != 1 || added[0].From.Table != "sessions" {
		t.Fatalf("append: %+v, %v", added, err)
	}
	want = own + "\n\n# more\n\n[[relation]]\nfrom = \"sessions.user_id\"\nto   = \"users.id\"\n"
	if got := read(t, path); got != want {
		t.Errorf("appended\n%s\nwant\n%s", got, want)
	}
	f, err = Load(path)
	if err != nil || len(f.Relations) != 2 {
		t.Fatalf("reload: %+v, %v", f, err)
	}
	// Nothing new: nothing written.
	if added, err := f.AppendRelations(inferred, []string{"again"}); err != nil || len(added) != 0 || read(t, path) != want {
		t.Errorf("nothing to add: %v, %v", added, err)
	}
}

func TestTOMLString(t *testing.T) {
	t.Parallel()
	f, err := Parse("p", []byte("[[relation]]\nname = "+tomlString("a\"b\\c\td\x01")+"\nfrom = 'a.x'\nto = 'b.id'\n"))
	if err != nil || f.Relations[0].Name != "a\"b\\c\td\x01" {
		t.Errorf("%+v, %v", f, err)
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
