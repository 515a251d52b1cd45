package seeder_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

func planWith(t *testing.T, st *store.Store, desired string, o seeder.PushOptions) *seeder.Plan {
	t.Helper()
	plan, err := seeder.PlanPushWith(context.Background(), st, desired, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range plan.Changes {
		t.Logf("%s\n  -- %s (destructive=%v rows=%d views=%v) %s", c.SQL, c.Comment, c.Destructive, c.Rows, c.Views, c.Warning)
	}
	for _, n := range plan.Notices() {
		t.Logf("NOTE %s", n)
	}
	return plan
}

func tableExists(t *testing.T, st *store.Store, name string) bool {
	t.Helper()
	return count(t, st, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", st.Database(), name) > 0
}

// Push manages the tables schema.sql declares and nothing else: a table of
// the user's own (with rows and a foreign key into users), a view and a
// stored procedure are listed and left alone; only pruning drops them,
// each drop destructive with its row count.
func TestPushLeavesUnmanagedObjectsAlone(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	push(t, st, demobots.Schema)
	seed(t, st, seedOpts(3))
	exec(t, st,
		"CREATE TABLE `notes` (`id` int PRIMARY KEY, `user_id` int, KEY `notes_user_idx` (`user_id`), CONSTRAINT `notes_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE)",
		"INSERT INTO `notes` VALUES (1, 1), (2, 2)",
		"CREATE VIEW `note_users` AS SELECT n.id, u.username FROM notes n JOIN users u ON u.id = n.user_id",
	)
	// The embedded engine lists no routines; TiDB has none.
	routines := !testdb.Embedded(t) && st.Flavor().Kind != store.FlavorTiDB
	if routines {
		exec(t, st, "CREATE PROCEDURE `tidy`() SELECT 1")
	}

	plan := planWith(t, st, demobots.Schema, seeder.PushOptions{})
	if !plan.Empty() || plan.NeedsTypedConfirmation() {
		t.Fatalf("plan for an up-to-date database with objects of its own: %+v", plan.Changes)
	}
	want := []seeder.Object{{Kind: seeder.ObjectTable, Name: "notes", Rows: 2}, {Kind: seeder.ObjectView, Name: "note_users"}}
	if routines {
		want = append(want, seeder.Object{Kind: seeder.ObjectProcedure, Name: "tidy"})
	}
	if !slices.Equal(plan.Unmanaged, want) {
		t.Errorf("unmanaged %+v, want %+v", plan.Unmanaged, want)
	}
	if !slices.ContainsFunc(plan.Notices(), func(n string) bool {
		return strings.HasPrefix(n, "not managed — left alone") && strings.Contains(n, "table `notes` (2 rows)")
	}) {
		t.Errorf("notices %q do not list notes as left alone", plan.Notices())
	}
	// A changed schema.sql still leaves them alone.
	wider := strings.Replace(demobots.Schema, "`username` varchar(20) NOT NULL,", "`username` varchar(30) NOT NULL,", 1)
	push(t, st, wider)
	if n := count(t, st, "SELECT COUNT(*) FROM `notes`"); n != 2 || !tableExists(t, st, "note_users") {
		t.Fatalf("push touched what it does not manage: %d notes", n)
	}

	plan = planWith(t, st, wider, seeder.PushOptions{Prune: true})
	if !plan.NeedsTypedConfirmation() || len(plan.Unmanaged) != 0 {
		t.Fatalf("pruning plan: typed=%v unmanaged=%+v", plan.NeedsTypedConfirmation(), plan.Unmanaged)
	}
	drops := map[string]seeder.Change{}
	for _, c := range plan.Changes {
		drops[c.SQL] = c
	}
	wantDrops := []string{"DROP VIEW `note_users`", "DROP TABLE `notes`"}
	if routines {
		wantDrops = append(wantDrops, "DROP PROCEDURE `tidy`")
	}
	for _, sql := range wantDrops {
		c, ok := drops[sql]
		if !ok || !c.Destructive {
			t.Errorf("no destructive %q in the pruning plan", sql)
		}
	}
	if c := drops["DROP TABLE `notes`"]; c.Rows != 2 || !strings.Contains(c.Warning, "2 rows") {
		t.Errorf("drop of notes: rows %d, warning %q; want its 2 rows", c.Rows, c.Warning)
	}
	if _, err := seeder.ApplyPush(ctx, st, plan, nil); err != nil {
		t.Fatal(err)
	}
	if tableExists(t, st, "notes") || tableExists(t, st, "note_users") {
		t.Error("pruning left notes or note_users")
	}
	if n := count(t, st, "SELECT COUNT(*) FROM `users`"); n != 3 {
		t.Errorf("pruning changed the managed data: %d users", n)
	}
}

// A database that holds none of schema.sql's tables but tables of its own
// is most likely the wrong one: the plan says so first and needs typed
// confirmation; seed and reset refuse without suggesting push.
func TestForeignDatabase(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	for _, name := range []string{"orders", "customers", "products", "invoices", "payments", "stock"} {
		exec(t, st, "CREATE TABLE `"+name+"` (`id` int PRIMARY KEY)")
	}
	exec(t, st, "INSERT INTO `orders` VALUES (1)")
	plan := planWith(t, st, demobots.Schema, seeder.PushOptions{})
	if plan.Foreign == nil || *plan.Foreign != (seeder.ForeignDatabase{Tables: 6, Adds: 5}) {
		t.Fatalf("foreign = %+v, want 6 own tables and 5 to add", plan.Foreign)
	}
	if plan.Destructive() || !plan.NeedsTypedConfirmation() {
		t.Errorf("destructive=%v typed=%v; want a typed confirmation for a plan that only adds", plan.Destructive(), plan.NeedsTypedConfirmation())
	}
	if n := plan.Notices(); len(n) == 0 || !strings.HasPrefix(n[0], "this is not a demobots database") || !strings.Contains(n[0], "add 5 tables beside its 6") {
		t.Errorf("first notice %q", n)
	}
	_, err := seeder.Seed(ctx, st, seeder.DefaultOptions())
	if !errors.Is(err, seeder.ErrNotDemobots) || strings.Contains(err.Error(), "push") {
		t.Errorf("seed: %v, want ErrNotDemobots without a suggestion to push", err)
	}
	err = seeder.Reset(ctx, st, nil)
	if !errors.Is(err, seeder.ErrNotDemobots) || strings.Contains(err.Error(), "push") {
		t.Errorf("reset: %v, want ErrNotDemobots without a suggestion to push", err)
	}
	t.Log(err)
	if n := count(t, st, "SELECT COUNT(*) FROM `orders`"); n != 1 {
		t.Error("a refused reset changed the data")
	}
	// An empty database is no foreign one: push is the way there.
	empty, _ := newStore(t)
	if plan := planWith(t, empty, demobots.Schema, seeder.PushOptions{}); plan.Foreign != nil || plan.NeedsTypedConfirmation() {
		t.Errorf("empty database: foreign=%+v typed=%v", plan.Foreign, plan.NeedsTypedConfirmation())
	}
	if _, err := seeder.Seed(ctx, empty, seeder.DefaultOptions()); !errors.Is(err, seeder.ErrSchemaMismatch) || !strings.Contains(err.Error(), "push") {
		t.Errorf("seed of an empty database: %v, want ErrSchemaMismatch suggesting push", err)
	}
}

// A view that reads a table the plan changes (directly or through another
// view) is named on the change and on the plan.
func TestPushNamesAffectedViews(t *testing.T) {
	st, _ := newStore(t)
	push(t, st, demobots.Schema)
	exec(t, st,
		"CREATE VIEW `user_names` AS SELECT `id`, `username` FROM `users`",
		"CREATE VIEW `short_names` AS SELECT `id` FROM `user_names` WHERE CHAR_LENGTH(`username`) < 5",
		"CREATE VIEW `level_names` AS SELECT `name` FROM `levels`",
	)
	desired := strings.Replace(demobots.Schema, "`username` varchar(20) NOT NULL,", "`username` varchar(20) NOT NULL,\n  `nickname` varchar(20) DEFAULT NULL,", 1)
	plan := planWith(t, st, desired, seeder.PushOptions{})
	if len(plan.Changes) != 1 {
		t.Fatalf("plan: %+v", plan.Changes)
	}
	want := []string{"short_names", "user_names"}
	if got := slices.Sorted(slices.Values(plan.Changes[0].Views)); !slices.Equal(got, want) {
		t.Errorf("views on the change: %v, want %v", got, want)
	}
	if !slices.Equal(plan.AffectedViews, want) {
		t.Errorf("affected views %v, want %v", plan.AffectedViews, want)
	}
}

// Views the schema file declares are created, and replaced when their
// definition changes; an unchanged one plans nothing.
func TestPushManagesDeclaredViews(t *testing.T) {
	st, _ := newStore(t)
	withView := demobots.Schema + "\nCREATE VIEW `veterans` AS SELECT `id`, `username` FROM `users` WHERE `created_at` < '2025-01-15';\n"
	plan := push(t, st, withView)
	if c := plan.Changes[len(plan.Changes)-1]; !strings.HasPrefix(c.SQL, "CREATE VIEW `veterans`") || c.Destructive {
		t.Fatalf("last change %+v, want the view created", c)
	}
	seed(t, st, seeder.DefaultOptions())
	if again := planWith(t, st, withView, seeder.PushOptions{}); !again.Empty() {
		t.Fatalf("an unchanged view plans %+v", again.Changes)
	}
	changed := strings.Replace(withView, "'2025-01-15'", "'2025-01-20'", 1)
	plan = push(t, st, changed)
	if len(plan.Changes) != 1 || !strings.HasPrefix(plan.Changes[0].SQL, "CREATE OR REPLACE VIEW `veterans`") {
		t.Fatalf("plan %+v, want the view replaced", plan.Changes)
	}
	if n, want := count(t, st, "SELECT COUNT(*) FROM `veterans`"), count(t, st, "SELECT COUNT(*) FROM `users` WHERE `created_at` < '2025-01-20'"); n != want {
		t.Errorf("the view shows %d users, want %d", n, want)
	}
}

// A scratch database left by an interrupted push (its lock free) is
// dropped by the next push, which names it; one whose lock another
// session holds (a push planning right now) survives.
func TestPushDropsLeftoverScratchDatabases(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	leftover := fmt.Sprintf("demobots_scratch_%d_%s", time.Now().Unix(), randomHex(t))
	busy := fmt.Sprintf("demobots_scratch_%d_%s", time.Now().Unix(), randomHex(t))
	for _, name := range []string{leftover, busy} {
		exec(t, st, "CREATE DATABASE `"+name+"`")
		t.Cleanup(func() { _, _ = st.DB().Exec("DROP DATABASE IF EXISTS `" + name + "`") })
	}
	holder, err := st.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	var got int
	if err := holder.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", busy).Scan(&got); err != nil || got != 1 {
		t.Fatalf("GET_LOCK: %d, %v", got, err)
	}

	plan := planWith(t, st, demobots.Schema, seeder.PushOptions{})
	if !slices.Contains(plan.DroppedScratch, leftover) || slices.Contains(plan.DroppedScratch, busy) {
		t.Errorf("dropped %v; want %s and not %s", plan.DroppedScratch, leftover, busy)
	}
	if !slices.ContainsFunc(plan.Notices(), func(n string) bool {
		return strings.Contains(n, "left by interrupted pushes") && strings.Contains(n, leftover)
	}) {
		t.Errorf("notices %q do not name %s", plan.Notices(), leftover)
	}
	if schemaExists(t, st, leftover) || !schemaExists(t, st, busy) {
		t.Fatalf("after the push: %s exists=%v, %s exists=%v", leftover, schemaExists(t, st, leftover), busy, schemaExists(t, st, busy))
	}
	// The push that held it is gone: its session ends (a plain Close
	// would hand the session, lock and all, back to the pool).
	_ = holder.Raw(func(any) error { return driver.ErrBadConn })
	holder.Close()
	waitLockFree(t, st, busy)
	plan = planWith(t, st, demobots.Schema, seeder.PushOptions{})
	// Any push on the server drops it now: a push of another test running
	// at the same moment may have been first. Either way it is gone.
	if schemaExists(t, st, busy) {
		t.Errorf("once its lock was free, %s was not dropped (dropped %v)", busy, plan.DroppedScratch)
	}
}

// waitLockFree waits until the server sees a lock as free. MariaDB and the
// embedded engine free a lock as its session ends; TiDB holds a lock in a
// transaction of its own that outlives a closed connection for a moment.
func waitLockFree(t *testing.T, st *store.Store, name string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var free sql.NullInt64
		if err := st.DB().QueryRow("SELECT IS_FREE_LOCK(?)", name).Scan(&free); err == nil && free.Int64 == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the lock %s is still held a minute after its session ended", name)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func schemaExists(t *testing.T, st *store.Store, name string) bool {
	t.Helper()
	return count(t, st, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name) > 0
}

func randomHex(t *testing.T) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// Only managed tables are inspected: a table of the user's own that atlas
// cannot inspect (MariaDB's INVISIBLE columns) is no obstacle, and a key
// from a managed table into an unmanaged one is compared like any other
// part of the managed table (schema.sql does not declare it: dropping it
// is destructive).
func TestPushInspectsOnlyManagedTables(t *testing.T) {
	st, _ := newStore(t)
	push(t, st, demobots.Schema)
	seed(t, st, seedOpts(2))
	exec(t, st,
		"CREATE TABLE `teams` (`id` int PRIMARY KEY)",
		"INSERT INTO `teams` VALUES (1)",
		// Three statements: TiDB cannot add a column and a key on it in one.
		"ALTER TABLE `users` ADD COLUMN `team_id` int NULL",
		"ALTER TABLE `users` ADD KEY `users_team_idx` (`team_id`)",
		"ALTER TABLE `users` ADD CONSTRAINT `users_team_fk` FOREIGN KEY (`team_id`) REFERENCES `teams` (`id`)",
		"UPDATE `users` SET `team_id` = 1",
	)
	if !testdb.Embedded(t) && st.Flavor().Kind == store.FlavorMariaDB {
		exec(t, st, "CREATE TABLE `hidden` (`id` int PRIMARY KEY, `secret` int INVISIBLE)")
	}
	plan := planWith(t, st, demobots.Schema, seeder.PushOptions{})
	var dropsFK bool
	for _, c := range plan.Changes {
		if strings.Contains(c.SQL, "DROP FOREIGN KEY `users_team_fk`") && c.Destructive && strings.Contains(c.Warning, "2 rows that reference `teams`") {
			dropsFK = true
		}
		if strings.Contains(c.SQL, "`teams`") && strings.HasPrefix(c.SQL, "DROP TABLE") {
			t.Errorf("plans %s", c.SQL)
		}
	}
	if !dropsFK {
		t.Error("the key from users into teams is not dropped as a destructive change")
	}
}
