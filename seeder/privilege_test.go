package seeder_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// An account whose rights cover only its own database (the usual hosted
// account) can seed and reset. Push, which plans in a scratch database,
// says which privilege it lacks and the GRANT that gives it — and that
// GRANT is enough.
func TestOneDatabaseAccount(t *testing.T) {
	if testdb.Embedded(t) {
		t.Skip("the embedded engine runs every connection as root, without privileges to restrict; run with TEST_DATABASE_URL")
	}
	ctx := context.Background()
	root, cfg := newStore(t)
	createSchema(t, root)
	user, pass := "dbt_one_"+randomHex(t), randomHex(t)+randomHex(t)
	exec(t, root,
		"CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+pass+"'",
		"GRANT ALL ON `"+cfg.DBName+"`.* TO '"+user+"'@'%'",
	)
	t.Cleanup(func() { _, _ = root.DB().Exec("DROP USER IF EXISTS '" + user + "'@'%'") })
	ucfg := cfg.Clone()
	ucfg.User, ucfg.Passwd = user, pass
	st, err := store.Open(ctx, ucfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.DB().Exec("CREATE DATABASE `" + user + "_probe`"); err == nil {
		t.Fatal("the account may create databases: the test proves nothing")
	}

	if err := seeder.CheckSchema(ctx, st); err != nil {
		t.Fatal(err)
	}
	seed(t, st, seeder.DefaultOptions())
	if got := checksum(t, root); got != defaultChecksum {
		t.Errorf("checksum %s after the seed, want %s", got, defaultChecksum)
	}
	if err := seeder.Reset(ctx, st, nil); err != nil {
		t.Fatal(err)
	}

	_, err = seeder.PlanPush(ctx, st, demobots.Schema)
	if !errors.Is(err, seeder.ErrScratchPrivilege) {
		t.Fatalf("push: %v, want ErrScratchPrivilege", err)
	}
	t.Log(err)
	grant := "GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW, SELECT ON `demobots\\_scratch\\_%`.* TO '" + user + "'@'%'"
	if !strings.Contains(err.Error(), grant) || strings.Contains(err.Error(), pass) {
		t.Fatalf("error does not name %q (or shows the password): %v", grant, err)
	}
	exec(t, root, grant)
	plan, err := seeder.PlanPush(ctx, st, demobots.Schema+"\nCREATE VIEW `v` AS SELECT `id` FROM `users`;")
	if err != nil {
		t.Fatalf("push after the GRANT: %v", err)
	}
	if len(plan.Changes) != 1 || !strings.HasPrefix(plan.Changes[0].SQL, "CREATE VIEW") {
		t.Errorf("plan %+v, want the view created", plan.Changes)
	}
}
