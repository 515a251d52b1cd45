package seeder

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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

// The scratch database is dropped on success, on error and on cancel.
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
	if _, err := PlanPush(context.Background(), st, "CREATE TABLE broken ("); err == nil {
		t.Error("invalid SQL planned without error")
	}
	if _, err := PlanPush(context.Background(), st, "USE mysql; CREATE TABLE t (id int)"); err == nil || !strings.Contains(err.Error(), "only table definitions") {
		t.Errorf("USE in the desired schema: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancelOnCreate = cancel
	if _, err := PlanPush(ctx, st, demobots.Schema); err == nil {
		t.Error("cancelled plan returned no error")
	}
	if len(names) != 4 {
		t.Fatalf("%d scratch databases created, want 4", len(names))
	}
	for _, n := range names {
		if !strings.HasPrefix(n, scratchPrefix) {
			t.Errorf("scratch database %q lacks the prefix", n)
		}
		if schemaExists(t, st, n) {
			t.Errorf("scratch database %s was left behind", n)
		}
	}
}

// A leftover of a killed push is dropped once it is old.
func TestStaleScratchDropped(t *testing.T) {
	st := openStore(t)
	old := scratchPrefix + "1000000000_deadbeef"
	fresh := fmt.Sprintf("%s%d_cafe", scratchPrefix, time.Now().Unix()) // another push, running now
	for _, n := range []string{old, fresh} {
		if _, err := st.DB().Exec("CREATE DATABASE " + quoteIdent(n)); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.DB().Exec("DROP DATABASE IF EXISTS " + quoteIdent(n)) })
	}
	dropStale(context.Background(), st.DB())
	if schemaExists(t, st, old) {
		t.Error("stale scratch database kept")
	}
	if !schemaExists(t, st, fresh) {
		t.Error("recent scratch database dropped")
	}
}
