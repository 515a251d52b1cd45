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

// The switcher opens another database of the same server; each switch
// closes the store the TUI left and never the one it shows, and a failed
// switch closes nothing.
func TestOpenDatabaseClosesThePreviousStoreOnly(t *testing.T) {
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
	alive := func(st *store.Store) bool { return st.DB().PingContext(t.Context()) == nil }

	st, act, label, err := deps.OpenDatabase(t.Context(), second.DBName)
	if err != nil {
		t.Fatal(err)
	}
	s2 := st.(*store.Store)
	if s2.Database() != second.DBName || act == nil || act.DatabaseName() != second.DBName || !strings.HasSuffix(label, "/"+second.DBName) {
		t.Fatalf("opened %q, actions on %v, label %q", s2.Database(), act, label)
	}
	if _, _, _, err := deps.OpenDatabase(t.Context(), "dbt_no_such_database"); err == nil || !strings.Contains(err.Error(), "dbt_no_such_database") {
		t.Fatalf("an unknown database: %v", err)
	}
	st, _, _, err = deps.OpenDatabase(t.Context(), first.DBName)
	if err != nil {
		t.Fatal(err)
	}
	s3 := st.(*store.Store)
	dbs.closing.Wait()
	if alive(c.store) || alive(s2) {
		t.Error("a store the TUI left is still open")
	}
	if !alive(s3) {
		t.Fatal("the current store was closed")
	}
	dbs.Close()
	if alive(s3) {
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
	t.Cleanup(func() { dbs.Close() })
	st, act, _, err := dbs.open(t.Context(), second.DBName)
	if err != nil {
		t.Fatal(err)
	}
	if act != nil || !st.(*store.Store).ReadOnly() {
		t.Fatalf("actions %v, read-only %v", act, st.(*store.Store).ReadOnly())
	}
	if _, err := st.(*store.Store).DB().ExecContext(t.Context(), "CREATE TABLE `x` (`id` int PRIMARY KEY)"); err == nil {
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
