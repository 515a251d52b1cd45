package seeder

import (
	"context"
	"errors"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), testdb.New(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func schemaExists(t *testing.T, st *store.Store, name string) bool {
	t.Helper()
	var n int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// The scratch database is dropped on success, on error and on cancel, and
// a schema file the check refuses creates none.
func TestScratchDatabaseAlwaysDropped(t *testing.T) {
	st := openStore(t)
	var names []string
	var cancelOnCreate context.CancelFunc
	scratchCreated = func(name string) {
		names = append(names, name)
		if cancelOnCreate != nil {
			cancelOnCreate()
		}
	}
	t.Cleanup(func() { scratchCreated = func(string) {} })

	if _, err := PlanPush(context.Background(), st, demobots.Schema); err != nil {
		t.Fatal(err)
	}
	if _, err := PlanPush(context.Background(), st, "CREATE TABLE t (id int);\nCREATE TABLE t (id int);"); err == nil {
		t.Error("a schema the server refuses planned without error")
	}
	for _, refused := range []string{"CREATE TABLE broken (", "USE mysql; CREATE TABLE t (id int)"} {
		if _, err := PlanPush(context.Background(), st, refused); !errors.Is(err, ErrSchemaFile) {
			t.Errorf("%q: %v, want ErrSchemaFile", refused, err)
		}
	}
	if len(names) != 2 {
		t.Fatalf("%d scratch databases created, want 2 (none for a refused file)", len(names))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancelOnCreate = cancel
	if _, err := PlanPush(ctx, st, demobots.Schema); err == nil {
		t.Error("cancelled plan returned no error")
	}
	if len(names) != 3 {
		t.Fatalf("%d scratch databases created, want 3", len(names))
	}
	for _, n := range names {
		if !strings.HasPrefix(n, scratchPrefix) || len(n) > 64 {
			t.Errorf("scratch database %q lacks the prefix or is too long for a lock name", n)
		}
		if schemaExists(t, st, n) {
			t.Errorf("scratch database %s was left behind", n)
		}
	}
}

// What runs in the scratch database is the statement without its
// comments, with the contents of executable comments kept.
func TestSchemaStatementsRunWithoutComments(t *testing.T) {
	d, err := ParseSchema("s.sql", "-- head\nCREATE TABLE `t` ( -- the key\n  `id` int /* c */ NOT NULL # why\n) /*!50100 COMMENT 'x' */ /*M!100301 ENGINE=InnoDB*/;")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(d.stmts[0].sql), " ")
	if want := "CREATE TABLE `t` ( `id` int NOT NULL ) COMMENT 'x' ENGINE=InnoDB"; got != want {
		t.Errorf("runs %q, want %q", got, want)
	}
	if d.stmts[0].line != 2 {
		t.Errorf("line %d, want 2", d.stmts[0].line)
	}
}
