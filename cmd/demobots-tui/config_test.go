package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadDotEnv(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	content := `# comment
DATABASE_URL="mysql://u:p%40ss@db:3306/db-demobots"
export OTHER='single quoted'
PLAIN=value # trailing comment
EMPTY=
`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	vars, err := readDotEnv(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"DATABASE_URL": "mysql://u:p%40ss@db:3306/db-demobots",
		"OTHER":        "single quoted",
		"PLAIN":        "value",
		"EMPTY":        "",
	}
	for k, v := range want {
		if vars[k] != v {
			t.Errorf("%s = %q, want %q", k, vars[k], v)
		}
	}
}

func TestReadDotEnvMissingFileIsNoError(t *testing.T) {
	vars, err := readDotEnv(filepath.Join(t.TempDir(), ".env"))
	if err != nil || len(vars) != 0 {
		t.Fatalf("got %v, %v", vars, err)
	}
}

func TestReadDotEnvBadLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("DATABASE_URL\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readDotEnv(path); err == nil {
		t.Fatal("want an error for a line without '='")
	}
}

// TestResolveURLPrecedence checks flag > environment > .env > embedded.
// It changes the working directory and the environment, so it is not parallel.
func TestResolveURLPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("DATABASE_URL", "")

	if raw, src, err := resolveURL(""); err != nil || raw != "" || src != sourceEmbedded {
		t.Fatalf("nothing configured: got %q %q %v", raw, src, err)
	}
	if err := os.WriteFile(".env", []byte("DATABASE_URL=mysql://from-dotenv/db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if raw, src, _ := resolveURL(""); raw != "mysql://from-dotenv/db" || src != sourceDotEnv {
		t.Fatalf(".env: got %q %q", raw, src)
	}
	t.Setenv("DATABASE_URL", "mysql://from-env/db")
	if raw, src, _ := resolveURL(""); raw != "mysql://from-env/db" || src != sourceEnv {
		t.Fatalf("env: got %q %q", raw, src)
	}
	if raw, src, _ := resolveURL("mysql://from-flag/db"); raw != "mysql://from-flag/db" || src != sourceFlag {
		t.Fatalf("flag: got %q %q", raw, src)
	}
}
