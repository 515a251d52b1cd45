package testdb

import (
	"context"
	"testing"
)

func TestNewCreatesUsableDatabase(t *testing.T) {
	cfg := New(t)
	db := Open(t, cfg)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO t VALUES (1, 'héllo')"); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := db.QueryRowContext(ctx, "SELECT v FROM t WHERE id = ?", 1).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != "héllo" {
		t.Fatalf("got %q", v)
	}
	t.Logf("ran on %s", Describe(t))
}
