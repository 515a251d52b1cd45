package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

func serverURL(cfg *mysql.Config, db string) string {
	return fmt.Sprintf("mysql://%s@%s/%s", cfg.User, cfg.Addr, db)
}

// The switcher opens another database of the same server. A store is
// closed once the TUI works on a newer one — never the one it shows, not
// when an open fails, not when the TUI drops an opened store and stays.
func TestOpenDatabaseClosesOnlyStoresTheTUILeft(t *testing.T) {
	first, second := testdb.New(t), testdb.New(t)
	t.Chdir(t.TempDir())
	a := &app{}
	a.g.databaseURL = serverURL(first, first.DBName)
	c := openForTUI(t, a)
	dbs := newDatabases(a, c)
	deps := a.tuiDeps(c, dbs)
	if deps.OpenDatabase == nil || deps.ChooseDatabase || deps.Actions == nil {
		t.Fatalf("deps: OpenDatabase set %v, ChooseDatabase %v, actions %v", deps.OpenDatabase != nil, deps.ChooseDatabase, deps.Actions)
	}
	ctx := t.Context()
	alive := func(st *store.Store) bool { return st.DB().PingContext(ctx) == nil }
	open := func(name string) switchedStore {
		t.Helper()
		st, act, label, err := deps.OpenDatabase(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		s := st.(switchedStore)
		if s.Database() != name || act == nil || act.DatabaseName() != name || !strings.HasSuffix(label, "/"+name) {
			t.Fatalf("opened %q, actions on %v, label %q", s.Database(), act, label)
		}
		return s
	}

	s1 := open(second.DBName)
	if !alive(c.store) {
		t.Fatal("the store the TUI shows was closed when another one opened")
	}
	// The TUI moves to s1: it lists its tables.
	if _, err := s1.Tables(ctx); err != nil {
		t.Fatal(err)
	}
	dbs.closing.Wait()
	if alive(c.store) {
		t.Error("the store the TUI left is still open")
	}
	if _, _, _, err := deps.OpenDatabase(ctx, "dbt_no_such_database"); err == nil || !strings.Contains(err.Error(), "dbt_no_such_database") {
		t.Fatalf("an unknown database: %v", err)
	}
	// Opened, but the TUI stays on s1 (the switcher was closed meanwhile).
	dropped := open(first.DBName)
	dbs.closing.Wait()
	if !alive(s1.Store) {
		t.Fatal("the store the TUI shows was closed by an open it dropped")
	}
	s3 := open(second.DBName)
	if _, err := s3.Info(ctx); err != nil {
		t.Fatal(err)
	}
	dbs.closing.Wait()
	if alive(s1.Store) || alive(dropped.Store) {
		t.Error("stores older than the one in use are still open")
	}
	// A late request to an old store changes nothing.
	_, _ = s1.Tables(ctx)
	dbs.closing.Wait()
	if !alive(s3.Store) {
		t.Fatal("a late request to an old store closed the current one")
	}
	dbs.Close()
	if alive(s3.Store) {
		t.Error("Close left the current store open")
	}
}

// A read-only session opens every database read-only and without actions.
func TestOpenDatabaseKeepsReadOnly(t *testing.T) {
	first, second := testdb.New(t), testdb.New(t)
	t.Chdir(t.TempDir())
	a := &app{}
	a.g.databaseURL, a.g.readOnly = serverURL(first, first.DBName), true
	c := openForTUI(t, a)
	dbs := newDatabases(a, c)
	t.Cleanup(dbs.Close)
	st, act, _, err := dbs.open(t.Context(), second.DBName)
	if err != nil {
		t.Fatal(err)
	}
	if act != nil || !st.(switchedStore).ReadOnly() {
		t.Fatalf("actions %v, read-only %v", act, st.(switchedStore).ReadOnly())
	}
	if _, err := st.(switchedStore).DB().ExecContext(t.Context(), "CREATE TABLE `x` (`id` int PRIMARY KEY)"); err == nil {
		t.Fatal("the switched-to store wrote")
	}
}

// A URL without a database opens the TUI on the server with the switcher
// first and no actions; a command still needs a database and says so.
func TestURLWithoutDatabase(t *testing.T) {
	cfg := testdb.New(t)
	t.Chdir(t.TempDir())
	url := serverURL(cfg, "")
	a := &app{}
	a.g.databaseURL = url
	c := openForTUI(t, a)
	deps := a.tuiDeps(c, newDatabases(a, c))
	if !deps.ChooseDatabase || deps.Actions != nil || c.store.Database() != "" {
		t.Fatalf("ChooseDatabase %v, actions %v, database %q", deps.ChooseDatabase, deps.Actions, c.store.Database())
	}
	if _, _, _, err := deps.OpenDatabase(t.Context(), cfg.DBName); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"pull", "seed", "reset", "push"} {
		code, _, errOut := runCLI(t, cmd, "--yes", "--database-url", url)
		if cmd == "pull" {
			code, _, errOut = runCLI(t, cmd, "--database-url", url)
		}
		if code != 1 || !strings.Contains(errOut, "names no database") {
			t.Errorf("%s: exit %d, stderr %q", cmd, code, errOut)
		}
	}
}
