package export

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestFileCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("a\r\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the destination exists before Commit")
	}
	if err := f.Commit(false); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\r\n" {
		t.Errorf("%q, %v", b, err)
	}
	if es := entries(t, dir); len(es) != 1 {
		t.Errorf("left behind: %v", es)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if err := f.Abort(); err != nil {
		t.Errorf("abort after commit: %v", err)
	}
}

func TestFileNeverOverwritesUnasked(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ok, err := Exists(path); !ok || err != nil {
		t.Errorf("exists: %v %v", ok, err)
	}
	f, _ := Create(path)
	_, _ = f.Write([]byte("new"))
	if err := f.Commit(false); !errors.Is(err, ErrExists) {
		t.Fatalf("commit over a file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Errorf("the file was replaced: %q", b)
	}
	if es := entries(t, dir); len(es) != 1 {
		t.Errorf("left behind: %v", es)
	}
	f, _ = Create(path)
	_, _ = f.Write([]byte("new"))
	if err := f.Commit(true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("overwrite: %q", b)
	}
}

func TestFileAbort(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "out.sql"))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("partial"))
	if es := entries(t, dir); len(es) != 1 || es[0][0] != '.' {
		t.Errorf("while writing: %v", es)
	}
	if err := f.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := f.Abort(); err != nil {
		t.Errorf("second abort: %v", err)
	}
	if es := entries(t, dir); len(es) != 0 {
		t.Errorf("left behind: %v", es)
	}
	if _, err := Create(filepath.Join(dir, "missing", "out.csv")); err == nil {
		t.Error("a file in a missing directory")
	}
	if ok, err := Exists(filepath.Join(dir, "nope")); ok || err != nil {
		t.Errorf("exists: %v %v", ok, err)
	}
}
