package seeder_test

import (
	"context"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
	"github.com/go-sql-driver/mysql"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// newStore opens a store on a fresh, empty test database.
func newStore(t *testing.T) (*store.Store, *mysql.Config) {
	t.Helper()
	cfg := testdb.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.Open(ctx, cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, cfg
}

// createSchema runs schema.sql's statements directly (not through push),
// so that the seed tests do not depend on the planner.
func createSchema(t *testing.T, st *store.Store) {
	t.Helper()
	stmts, err := migrate.Stmts(demobots.Schema)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := st.DB().Exec(s.Text); err != nil {
			t.Fatalf("create schema: %v", err)
		}
	}
}

func count(t *testing.T, st *store.Store, query string, args ...any) int64 {
	t.Helper()
	var n float64 // SUM and friends come back as DOUBLE on the embedded engine
	if err := st.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return int64(n)
}

func seedOpts(users int) seeder.Options {
	o := seeder.DefaultOptions()
	o.Users = users
	return o
}
