package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestHistoryPath(t *testing.T) {
	t.Parallel()
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/state", "HOME": "/home/u"}, "/state/demobots-tui/history"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.local/state/demobots-tui/history"},
		// A relative XDG_STATE_HOME is invalid by the spec: ignored.
		{map[string]string{"XDG_STATE_HOME": "rel", "HOME": "/home/u"}, "/home/u/.local/state/demobots-tui/history"},
	} {
		got, err := historyPath(env(c.vars))
		if err != nil || got != c.want {
			t.Errorf("%v: %q, %v; want %q", c.vars, got, err, c.want)
		}
	}
	if _, err := historyPath(env(nil)); err == nil {
		t.Error("no HOME and no XDG_STATE_HOME: no error")
	}
}

func TestHistoryFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "demobots-tui", "history")
	for _, e := range []struct{ db, sql string }{
		{"demobots", "SELECT 1"},
		{"other", "SELECT 'other'"},
		{"demobots", "SELECT 2"},
		{"demobots", "SELECT 2"}, // a repeat
		{"demobots", "CREATE USER bob IDENTIFIED BY 'hunter2'"},
		{"demobots", "SET PASSWORD FOR bob = PASSWORD('hunter2')"},
		{"demobots", "ALTER USER bob IDENTIFIED WITH mysql_native_password BY 'x'"},
		{"demobots", "SELECT 'multi\nline'"},
	} {
		if err := appendHistory(path, e.db, e.sql); err != nil {
			t.Fatal(err)
		}
	}
	got, err := loadHistory(path, "demobots")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"SELECT 1", "SELECT 2", "SELECT 'multi\nline'"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("history %q, want %q", got, want)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "hunter2") || strings.Contains(strings.ToUpper(string(data)), "IDENTIFIED") {
		t.Fatalf("a password reached the history file:\n%s", data)
	}
	// Modes are tightened even when the file and directory exist already.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := appendHistory(path, "demobots", "SELECT 3"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(filepath.Dir(path)); fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v", fi.Mode().Perm())
	}
	// A damaged line is skipped; a missing file is an empty history.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("not json\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := loadHistory(path, "demobots"); err != nil || len(got) != 4 {
		t.Errorf("with a damaged line: %q, %v", got, err)
	}
	if got, err := loadHistory(filepath.Join(t.TempDir(), "none"), "demobots"); err != nil || got != nil {
		t.Errorf("missing file: %q, %v", got, err)
	}
}

func TestHistoryCompacts(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "history")
	var b strings.Builder
	for i := 0; i < historyMaxLines+10; i++ {
		fmt.Fprintf(&b, "{\"db\":\"d\",\"sql\":\"SELECT %d\"}\n", i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := loadHistory(path, "d")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != historyKeep || got[len(got)-1] != fmt.Sprintf("SELECT %d", historyMaxLines+9) {
		t.Fatalf("%d entries, last %q", len(got), got[len(got)-1])
	}
	data, _ := os.ReadFile(path)
	if n := strings.Count(string(data), "\n"); n != historyMaxLines/2 {
		t.Fatalf("compacted to %d lines, want %d", n, historyMaxLines/2)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("compacted file mode %v", fi.Mode().Perm())
	}
}

func TestHistoryWalk(t *testing.T) {
	t.Parallel()
	var h history
	h.add("a")
	h.add("b")
	h.add("b")
	if s, ok := h.prev("draft"); !ok || s != "b" {
		t.Fatalf("prev: %q %v", s, ok)
	}
	if s, ok := h.prev("b"); !ok || s != "a" {
		t.Fatalf("prev, prev: %q %v", s, ok)
	}
	if _, ok := h.prev("a"); ok {
		t.Fatal("prev past the oldest")
	}
	if s, _ := h.next(); s != "b" {
		t.Fatalf("next: %q", s)
	}
	if s, _ := h.next(); s != "draft" {
		t.Fatalf("back to the draft: %q", s)
	}
	if _, ok := h.next(); ok {
		t.Fatal("next past the draft")
	}
}
