package seeder

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// swapStore is a TiDB store with the schema and the 12-user dataset, or a
// skip elsewhere: the swap path is TiDB's (see swap.go).
func swapStore(t *testing.T) *store.Store {
	t.Helper()
	return seededStoreOn(t, func(f store.Flavor) bool { return f.Kind == store.FlavorTiDB },
		"the swap path is TiDB's (foreign key names are unique per table there)")
}

// seededStoreOn is a store on a fresh test database with the schema and
// the 12-user dataset, when the server's flavour passes on; otherwise the
// test is skipped, saying why (and what the server is).
func seededStoreOn(t *testing.T, on func(store.Flavor) bool, why string) *store.Store {
	t.Helper()
	cfg := testdb.New(t)
	st, err := store.Open(context.Background(), cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if f := st.Flavor(); !on(f) {
		t.Skipf("%s; this is %s", why, f)
	}
	if err := Bootstrap(context.Background(), st, true); err != nil {
		t.Fatal(err)
	}
	return st
}

// withForcedSwap runs fn with every seed taking the swap path, in small
// batches. Not parallel: it sets package variables.
func withForcedSwap(t *testing.T, fn func()) {
	t.Helper()
	forceSwap, swapChunk = true, 97
	defer func() { forceSwap, swapChunk = false, insertBatch }()
	fn()
}

func leftovers(t *testing.T, st *store.Store) []string {
	t.Helper()
	names, err := store.QueryRows(context.Background(), st.DB(),
		"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE '\\_demobots\\_new\\_%' OR TABLE_NAME LIKE '\\_demobots\\_old\\_%')", nil,
		func(rows *sql.Rows) (string, error) {
			var n string
			return n, rows.Scan(&n)
		})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// A seed through shadow tables gives exactly the dataset a one-transaction
// seed gives, leaves no shadow or old table, keeps the schema as push
// wants it, restarts the ids, and first drops what an interrupted swap
// left.
func TestSwapSeedOnTiDB(t *testing.T) {
	st := swapStore(t)
	ctx := context.Background()
	if _, err := st.DB().ExecContext(ctx, "CREATE TABLE `_demobots_new_users` (id INT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.Users = 30
	want, err := DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	var stats Stats
	withForcedSwap(t, func() { stats, err = Seed(ctx, st, o) })
	if err != nil {
		t.Fatal(err)
	}
	if !stats.Swapped || stats.Total() != o.TotalRows() {
		t.Errorf("stats %+v", stats)
	}
	if got, err := Checksum(ctx, st); err != nil || got != want {
		t.Errorf("checksum %s, %v; want the dataset's %s", got, err, want)
	}
	if l := leftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
	plan, err := PlanPush(ctx, st, demobots.Schema)
	if err != nil || !plan.Empty() {
		t.Errorf("push after the swap would change: %v %+v", err, plan)
	}
	checkNextLevelID(t, st, int64(o.Levels)+1)
}

// A reset too large for one transaction swaps in empty tables.
func TestSwapResetOnTiDB(t *testing.T) {
	st := swapStore(t)
	ctx := context.Background()
	var err error
	withForcedSwap(t, func() { err = Reset(ctx, st, nil) })
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, table := range []string{"users", "user_profiles", "sessions", "levels", "scores"} {
		if err := st.DB().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(table)).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows (%v) after the reset", table, n, err)
		}
	}
	if l := leftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
	checkNextLevelID(t, st, 1)
}

// A swap cancelled while it loads leaves the previous data and no shadow
// tables; one that a table outside the dataset references is refused
// before it starts.
func TestSwapSeedCancelAndRefusal(t *testing.T) {
	st := swapStore(t)
	ctx := context.Background()
	before, err := Checksum(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultOptions()
	o.Users = 30
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	o.Progress = func(e Event) {
		if e.Phase == PhaseLoad && e.Table == "scores" && e.Done > 0 {
			cancel()
		}
	}
	withForcedSwap(t, func() { _, err = Seed(cctx, st, o) })
	if err == nil {
		t.Fatal("a cancelled swap succeeded")
	}
	t.Log(err)
	if got, _ := Checksum(ctx, st); got != before {
		t.Error("the cancelled swap changed the data")
	}
	if l := leftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}

	// While another swap holds the database's lock, a swap refuses.
	holder, err := st.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got int
	if err := holder.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", swapLock(st.Database())).Scan(&got); err != nil || got != 1 {
		t.Fatalf("GET_LOCK: %d, %v", got, err)
	}
	withForcedSwap(t, func() { _, err = Seed(ctx, st, o) })
	_, _ = holder.ExecContext(ctx, "DO RELEASE_LOCK(?)", swapLock(st.Database()))
	_ = holder.Close()
	if err == nil || !strings.Contains(err.Error(), "another seed or reset is swapping") {
		t.Errorf("a swap beside another: %v", err)
	}
	if got, _ := Checksum(ctx, st); got != before {
		t.Error("the refused swap changed the data")
	}

	if _, err := st.DB().ExecContext(ctx, "CREATE TABLE ext (id INT PRIMARY KEY, user_id INT, CONSTRAINT ext_user_fk FOREIGN KEY (user_id) REFERENCES users (id))"); err != nil {
		t.Fatal(err)
	}
	o.Progress = nil
	withForcedSwap(t, func() { _, err = Seed(ctx, st, o) })
	if !errors.Is(err, ErrOutsideReferences) {
		t.Fatalf("a swap with an outside reference: %v", err)
	}
	if got, _ := Checksum(ctx, st); got != before {
		t.Error("the refused swap changed the data")
	}
}

// checkNextLevelID inserts a level and checks that it got id want: the
// AUTO_INCREMENT counter restarted after a swap.
func checkNextLevelID(t *testing.T, st *store.Store, want int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.DB().ExecContext(ctx, "INSERT INTO `levels` (`name`, `difficulty`) VALUES ('next', 9)"); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := st.DB().QueryRowContext(ctx, "SELECT MAX(`id`) FROM `levels`").Scan(&id); err != nil || id != want {
		t.Errorf("the first level after the swap got id %d (%v), want %d", id, err, want)
	}
}
