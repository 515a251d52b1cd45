package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/store"
)

// runAt runs the program in-process in directory dir.
func runAt(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

// noFKSchema is the demobots schema without foreign keys, from the
// store's test data.
func noFKSchema(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", "schema_nofk.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var stmts []string
	for _, s := range strings.Split(string(b), ";") {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		if s := strings.TrimSpace(strings.Join(lines, "\n")); s != "" {
			stmts = append(stmts, s)
		}
	}
	return stmts
}

func TestProjectFileErrors(t *testing.T) {
	url, st := testURL(t)
	execSQL(t, st, noFKSchema(t)...)
	dir := t.TempDir()

	code, _, stderr := runAt(t, dir, "pull", "--config", "missing.toml", "--database-url", url)
	if code != 1 || !strings.Contains(stderr, "project file missing.toml does not exist") {
		t.Errorf("a missing --config file: exit %d, %s", code, stderr)
	}

	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, project.DefaultFile), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("[[relation]]\nform = 'scores.session_id'\nto = 'sessions.id'\n")
	code, _, stderr = runAt(t, dir, "pull", "--database-url", url)
	if code != 1 || !strings.HasPrefix(stderr, "demobots-tui: demobots-tui.toml:2: relation.form: unknown key; the known ones here are from, name, to\n") {
		t.Errorf("an unknown key: exit %d, %s", code, stderr)
	}

	// Checked against the database when the store opens.
	write("# relations\n\n[[relation]]\nfrom = 'scroes.session_id'\nto = 'sessions.id'\n")
	code, _, stderr = runAt(t, dir, "pull", "--database-url", url)
	want := `demobots-tui: demobots-tui.toml:4: relation.from: table "scroes" does not exist in database ` + st.Database() + ": correct or remove the entry\n"
	if code != 1 || stderr != want {
		t.Errorf("an unknown table: exit %d\n%s\nwant\n%s", code, stderr, want)
	}
	// push does not check them: they may name the tables it creates.
	empty, _ := testURL(t)
	if code, out, stderr := runAt(t, dir, "push", "--yes", "--database-url", empty); code != 0 {
		t.Errorf("push with relations naming missing tables: exit %d\n%s%s", code, out, stderr)
	}
}

func TestPullRelations(t *testing.T) {
	url, st := testURL(t)
	execSQL(t, st, noFKSchema(t)...)
	execSQL(t, st,
		"CREATE TABLE team (id int PRIMARY KEY)", "CREATE TABLE teams (id int PRIMARY KEY)",
		"CREATE TABLE players (id int PRIMARY KEY, team_id int)")
	dir := t.TempDir()
	path := filepath.Join(dir, project.DefaultFile)

	if code, _, _ := runAt(t, dir, "pull", "--relations", "--out", "x.sql", "--database-url", url); code != 2 {
		t.Errorf("--relations with --out: exit %d, want 2", code)
	}
	if code, _, _ := runAt(t, dir, "pull", "--force", "--database-url", url); code != 2 {
		t.Errorf("--force without --relations: exit %d, want 2", code)
	}

	code, stdout, stderr := runAt(t, dir, "pull", "--relations", "--database-url", url)
	if code != 0 || stdout != "" || !strings.Contains(stderr, "Wrote 4 relations inferred from the column names of") {
		t.Fatalf("pull --relations: exit %d\n%s%s", code, stdout, stderr)
	}
	f, err := project.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"scores.level_id → levels.id", "scores.session_id → sessions.id", "sessions.user_id → users.id", "user_profiles.user_id → users.id"}
	if got := relationLines(f.Relations); !reflect.DeepEqual(got, want) {
		t.Errorf("written %q, want %q", got, want)
	}
	text := readText(t, path)
	if !strings.Contains(text, "# Not inferred: players.team_id: its name fits the tables team and teams") {
		t.Errorf("the file does not say why players.team_id is not there:\n%s", text)
	}

	// An existing file is not touched without --force.
	own := "# Ours.\n[[relation]]\nname = \"played_in\"\nfrom = \"scores.session_id\"\nto = \"sessions.id\"\n"
	if err := os.WriteFile(path, []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runAt(t, dir, "pull", "--relations", "--database-url", url)
	if code != 1 || !strings.Contains(stderr, "demobots-tui.toml exists: pull --relations --force") || readText(t, path) != own {
		t.Errorf("without --force: exit %d, %s", code, stderr)
	}
	// With --force the file keeps what it holds and gains the relations it
	// lacks; the declared one is not inferred again.
	code, _, stderr = runAt(t, dir, "pull", "--relations", "--force", "--database-url", url)
	if code != 0 || !strings.Contains(stderr, "Wrote 3 relations") {
		t.Fatalf("--force: exit %d, %s", code, stderr)
	}
	if text := readText(t, path); !strings.HasPrefix(text, own+"\n# Relations inferred") {
		t.Errorf("the file's own content changed:\n%s", text)
	}
	f, err = project.Load(path)
	if err != nil || len(f.Relations) != 4 || f.Relations[0].Name != "played_in" {
		t.Fatalf("after --force: %+v, %v", f, err)
	}
	code, _, stderr = runAt(t, dir, "pull", "--relations", "--force", "--database-url", url)
	if code != 0 || !strings.Contains(stderr, "Nothing written") {
		t.Errorf("nothing left to add: exit %d, %s", code, stderr)
	}

	// --config names another file.
	code, _, stderr = runAt(t, dir, "pull", "--relations", "--config", "other.toml", "--database-url", url)
	if f, err := project.Load(filepath.Join(dir, "other.toml")); code != 0 || err != nil || len(f.Relations) != 4 {
		t.Errorf("--config other.toml: exit %d, %s, %v", code, stderr, err)
	}
}

// TestDeclaredRelationsReachTheStore: the store the TUI and the commands
// get holds the project file's relations, on a server and on the embedded
// engine.
func TestDeclaredRelationsReachTheStore(t *testing.T) {
	url, st := testURL(t)
	execSQL(t, st, noFKSchema(t)...)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(project.DefaultFile, []byte("[[relation]]\nname = 'by_name'\nfrom = 'user_profiles.first_name'\nto = 'users.username'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, g := range []globals{{databaseURL: url}, {embedded: true}} {
		a := &app{io: stdio{out: &bytes.Buffer{}, err: &bytes.Buffer{}}, g: g}
		if err := a.openLog(nil); err != nil {
			t.Fatal(err)
		}
		c, err := a.open(context.Background(), false, true)
		if err != nil {
			t.Fatal(err)
		}
		graph, err := c.store.RelationGraph(context.Background())
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range graph.Relations {
			found = found || r.Name == "by_name" && r.Origin == store.OriginDeclared
		}
		if !found {
			t.Errorf("%+v: the declared relation is not in the graph: %+v", g, graph.Relations)
		}
	}
}

func relationLines(rels []project.Relation) []string {
	var out []string
	for _, r := range rels {
		out = append(out, r.From.String()+" → "+r.To.String())
	}
	return out
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
