package seeder

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// auxStore is a MariaDB (10.6+) store with the schema and the 12-user
// dataset, or a skip elsewhere: the auxiliary-database swap is MariaDB's
// (see swap_aux.go).
func auxStore(t *testing.T) *store.Store {
	t.Helper()
	st := seededStoreOn(t, atomicRename,
		"the auxiliary-database swap runs on MariaDB 10.6 or later only (atomic multi-table RENAME that carries foreign-key names across databases, verified there)")
	t.Cleanup(func() {
		// Whatever a failed test left; never another test's (each has its
		// own database, hence its own auxiliary names).
		for _, db := range auxNames(st.Database()) {
			_, _ = st.DB().Exec("DROP DATABASE IF EXISTS " + quoteIdent(db))
		}
	})
	return st
}

// withAuxThreshold runs fn with the swap's row threshold set to rows.
// Not parallel: it sets a package variable.
func withAuxThreshold(t *testing.T, rows int64, fn func()) {
	t.Helper()
	saved := auxSwapMinRows
	auxSwapMinRows = rows
	defer func() { auxSwapMinRows = saved }()
	fn()
}

// auxLeftovers lists the auxiliary databases of st's database that exist.
func auxLeftovers(t *testing.T, st *store.Store) []string {
	t.Helper()
	fresh, old := auxDatabases(st.Database())
	names, err := store.QueryRows(context.Background(), st.DB(),
		"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?, ?) ORDER BY 1", []any{fresh, old},
		func(rows *sql.Rows) (string, error) {
			var n string
			return n, rows.Scan(&n)
		})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// catalog describes the database's keys as information_schema shows them:
// every constraint with its type, every index column, every foreign key
// with the schema and table it references (the schema as "same" or
// "other"). Two databases with the same catalog have the same names.
func catalog(t *testing.T, st *store.Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT CONCAT_WS(' ', 'constraint', TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()",
		"SELECT CONCAT_WS(' ', 'index', TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()",
		"SELECT CONCAT_WS(' ', 'references', TABLE_NAME, CONSTRAINT_NAME, IF(UNIQUE_CONSTRAINT_SCHEMA = DATABASE(), 'same', 'other'), REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
		"SELECT CONCAT_WS(' ', 'key column', TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, IF(REFERENCED_TABLE_SCHEMA = DATABASE(), 'same', 'other'), REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()",
	} {
		rows, err := store.QueryRows(context.Background(), st.DB(), q, nil, func(rows *sql.Rows) (string, error) {
			var s string
			return s, rows.Scan(&s)
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rows...)
	}
	slices.Sort(out)
	return out
}

// sawAux is a progress callback that records whether the swap's
// auxiliary database existed while the rows were loading: proof that the
// seed took the swap.
type sawAux struct {
	t    *testing.T
	st   *store.Store
	mu   sync.Mutex
	seen bool
}

func (s *sawAux) event(e Event) {
	if e.Phase != PhaseLoad || e.Done != 0 {
		return
	}
	fresh, _ := auxDatabases(s.st.Database())
	var n int
	if err := s.st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", fresh, e.Table).Scan(&n); err != nil {
		s.t.Error(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = s.seen || n == 1
}

// counts reads the row counts of users, sessions and scores in one
// statement, the way one reader sees them at one moment.
func counts(ctx context.Context, db *sql.DB) (string, error) {
	var u, s, sc int64
	err := db.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM `users`), (SELECT COUNT(*) FROM `sessions`), (SELECT COUNT(*) FROM `scores`)").Scan(&u, &s, &sc)
	return fmt.Sprintf("%d/%d/%d", u, s, sc), err
}

// A reseed through the auxiliary database gives exactly the new dataset,
// leaves no auxiliary database, keeps every constraint and index name (push
// has nothing to change), restarts the ids, and a reader running all along
// sees the old dataset or the new one, never a mix.
func TestAuxSwapSeed(t *testing.T) {
	st := auxStore(t)
	ctx := context.Background()
	before := catalog(t, st)
	old := DefaultOptions()
	o := DefaultOptions()
	o.Seed, o.Users = 99, 40
	want, err := DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	oldCounts := fmt.Sprintf("%d/%d/%d", old.Users, old.Users*old.SessionsPerUser, old.Users*old.SessionsPerUser*old.ScoresPerSession)
	newCounts := fmt.Sprintf("%d/%d/%d", o.Users, o.Users*o.SessionsPerUser, o.Users*o.SessionsPerUser*o.ScoresPerSession)

	readCtx, stopReading := context.WithCancel(ctx)
	var reads int
	var seen []string
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for readCtx.Err() == nil {
			got, err := counts(readCtx, st.DB())
			if readCtx.Err() != nil {
				return
			}
			if err != nil {
				readErr = err
				return
			}
			reads++
			if len(seen) == 0 || seen[len(seen)-1] != got {
				seen = append(seen, got)
			}
		}
	}()

	saw := &sawAux{t: t, st: st}
	o.Progress = saw.event
	var stats Stats
	withAuxThreshold(t, 1, func() { stats, err = Seed(ctx, st, o) })
	// Read on a little after the swap.
	for i := 0; i < 20; i++ {
		if _, err := counts(ctx, st.DB()); err != nil {
			t.Fatal(err)
		}
	}
	stopReading()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !saw.seen {
		t.Error("the seed did not go through the auxiliary database")
	}
	if stats.Total() != o.TotalRows() || stats.Method != LoadInfile {
		t.Errorf("stats %+v", stats)
	}
	if got, err := Checksum(ctx, st); err != nil || got != want {
		t.Errorf("checksum %s, %v; want the dataset's %s", got, err, want)
	}
	checkSwappedIn(t, st, before)
	// The foreign keys hold on the swapped-in tables, pointing at them.
	if _, err := st.DB().ExecContext(ctx, "INSERT INTO `sessions` (`user_id`, `created_at`, `duration`) VALUES (999999, NOW(), 1)"); err == nil {
		t.Error("a session of a missing user was accepted after the swap")
	}
	checkNextLevelID(t, st, int64(o.Levels)+1)

	if readErr != nil {
		t.Errorf("a reader failed during the swap: %v", readErr)
	}
	t.Logf("%d reads saw %v", reads, seen)
	if len(seen) == 0 || seen[0] != oldCounts || seen[len(seen)-1] != newCounts {
		t.Errorf("the reader saw %v, want %s then %s", seen, oldCounts, newCounts)
	}
	for _, s := range seen {
		if s != oldCounts && s != newCounts {
			t.Errorf("a reader saw %s: neither the old dataset (%s) nor the new (%s)", s, oldCounts, newCounts)
		}
	}
}

// A reset through the auxiliary database swaps in empty tables.
func TestAuxSwapReset(t *testing.T) {
	st := auxStore(t)
	ctx := context.Background()
	before := catalog(t, st)
	var err error
	withAuxThreshold(t, 1, func() { err = Reset(ctx, st, nil) })
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := counts(ctx, st.DB()); got != "0/0/0" {
		t.Errorf("counts after the reset: %s", got)
	}
	checkSwappedIn(t, st, before)
	checkNextLevelID(t, st, 1)
}

// A swap cancelled while it loads leaves the previous data and no
// auxiliary database.
func TestAuxSwapCancel(t *testing.T) {
	st := auxStore(t)
	ctx := context.Background()
	before := auxChecksum(t, st)
	o := DefaultOptions()
	o.Users = 400
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	saw := &sawAux{t: t, st: st}
	o.Progress = func(e Event) {
		saw.event(e)
		// In the middle of the LOAD DATA of the last table.
		if e.Phase == PhaseLoad && e.Table == "scores" && e.Done > 0 && e.Done < e.Total {
			cancel()
		}
	}
	var err error
	withAuxThreshold(t, 1, func() { _, err = Seed(cctx, st, o) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled swap: %v", err)
	}
	t.Log(err)
	if !saw.seen {
		t.Error("the seed did not go through the auxiliary database")
	}
	if got := auxChecksum(t, st); got != before {
		t.Error("the cancelled swap changed the data")
	}
	if l := auxLeftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
}

// What a killed swap leaves (the shadows' database before the RENAME, the
// old tables' after it) makes the next seed take the swap, whatever the
// row count, and that swap drops it first.
func TestAuxSwapDropsLeftovers(t *testing.T) {
	st := auxStore(t)
	ctx := context.Background()
	fresh, old := auxDatabases(st.Database())
	for _, db := range []string{fresh, old} {
		auxExec(t, st, "CREATE DATABASE "+quoteIdent(db),
			"CREATE TABLE "+quoteIdent(db)+".`users` (`id` INT PRIMARY KEY, CONSTRAINT `sessions_user_id_fk` FOREIGN KEY (`id`) REFERENCES "+quoteIdent(db)+".`users` (`id`))")
	}
	o, want, saw := watchedSeed(t, st)
	if _, err := Seed(ctx, st, o); err != nil {
		t.Fatal(err)
	}
	if !saw.seen {
		t.Error("the seed did not go through the auxiliary database")
	}
	if got := auxChecksum(t, st); got != want {
		t.Errorf("checksum %s, want %s", got, want)
	}
	if l := auxLeftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
}

// A connection that breaks during the RENAME leaves the outcome unknown
// (ErrCommitUnknown) and, the RENAME having run, the new data with the
// auxiliary databases beside it (the old tables in one), which the next
// seed drops.
func TestAuxSwapConnectionLostAtRename(t *testing.T) {
	p, st := openProxied(t, testdb.New(t))
	if f := st.Flavor(); !atomicRename(f) {
		t.Skipf("the auxiliary-database swap runs on MariaDB 10.6 or later only; this is %s", f)
	}
	ctx := context.Background()
	if err := Bootstrap(ctx, st, true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, db := range auxNames(st.Database()) {
			_, _ = st.DB().Exec("DROP DATABASE IF EXISTS " + quoteIdent(db))
		}
	})
	o := DefaultOptions()
	o.Seed, o.Users = 7, 20
	want, err := DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	p.swallowAnswerTo("RENAME TABLE `")
	withAuxThreshold(t, 1, func() { _, err = Seed(ctx, st, o) })
	if !errors.Is(err, ErrCommitUnknown) {
		t.Fatalf("a swap cut at its RENAME: %v", err)
	}
	if got := auxChecksum(t, st); got != want {
		t.Errorf("checksum %s after the RENAME ran, want the new dataset's %s", got, want)
	}
	if l := auxLeftovers(t, st); !slices.Equal(l, auxNames(st.Database())) {
		t.Errorf("left %v, want both auxiliary databases (the shadows' empty)", l)
	}
	o.Seed = 8
	if want, err = DatasetChecksum(o); err != nil {
		t.Fatal(err)
	}
	if _, err := Seed(ctx, st, o); err != nil {
		t.Fatal(err)
	}
	if got := auxChecksum(t, st); got != want {
		t.Errorf("checksum %s, want %s", got, want)
	}
	if l := auxLeftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
}

// Where the swap cannot work — a trigger on a table (RENAME refuses to
// move it to another database), a foreign key from another table into
// them, an account that may not create databases — a reseed over many
// rows takes the transactional path, and still replaces the data.
func TestAuxSwapFallsBack(t *testing.T) {
	for name, setup := range map[string]func(t *testing.T, st *store.Store) *store.Store{
		"trigger": func(t *testing.T, st *store.Store) *store.Store {
			auxExec(t, st, "CREATE TRIGGER `levels_touch` BEFORE INSERT ON `levels` FOR EACH ROW SET NEW.`difficulty` = NEW.`difficulty`")
			return st
		},
		"outside reference": func(t *testing.T, st *store.Store) *store.Store {
			auxExec(t, st, "CREATE TABLE `ext` (`id` INT PRIMARY KEY, `user_id` INT, CONSTRAINT `ext_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`))")
			return st
		},
		"one-database account": func(t *testing.T, st *store.Store) *store.Store {
			user, pass := "dbt_aux_"+randomHexAux(t), randomHexAux(t)
			auxExec(t, st,
				"CREATE USER '"+user+"'@'%' IDENTIFIED BY '"+pass+"'",
				"GRANT ALL ON `"+st.Database()+"`.* TO '"+user+"'@'%'")
			t.Cleanup(func() { _, _ = st.DB().Exec("DROP USER IF EXISTS '" + user + "'@'%'") })
			cfg := st.Config().Clone()
			cfg.User, cfg.Passwd = user, pass
			ust, err := store.Open(context.Background(), cfg, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = ust.Close() })
			return ust
		},
	} {
		t.Run(name, func(t *testing.T) {
			st := auxStore(t)
			ctx := context.Background()
			seeding := setup(t, st)
			o, want, saw := watchedSeed(t, st)
			var err error
			withAuxThreshold(t, 1, func() { _, err = Seed(ctx, seeding, o) })
			if err != nil {
				t.Fatal(err)
			}
			if saw.seen {
				t.Error("the seed went through the auxiliary database")
			}
			if got := auxChecksum(t, st); got != want {
				t.Errorf("checksum %s, want %s", got, want)
			}
			if l := auxLeftovers(t, st); len(l) != 0 {
				t.Errorf("left behind: %v", l)
			}
			withAuxThreshold(t, 1, func() { err = Reset(ctx, seeding, nil) })
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := counts(ctx, st.DB()); got != "0/0/0" {
				t.Errorf("counts after the reset: %s", got)
			}
		})
	}
}

// Below the threshold, with no leftovers, a reseed keeps the
// transactional path; the auxiliary names fit MySQL's 64 characters for
// any database name.
func TestAuxSwapChoice(t *testing.T) {
	st := auxStore(t)
	conn, err := st.DB().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx := context.Background()
	if useAuxSwap(ctx, st, conn, dataset) {
		t.Error("389 rows took the swap at the default threshold")
	}
	withAuxThreshold(t, 1, func() {
		if !useAuxSwap(ctx, st, conn, dataset) {
			t.Error("389 rows did not take the swap at a threshold of 1")
		}
	})
	fresh, old := auxDatabases(strings.Repeat("x", 64))
	if len(fresh) > 64 || len(old) > 64 || fresh == old {
		t.Errorf("auxiliary names %q %q", fresh, old)
	}
	for _, f := range []struct {
		f    store.Flavor
		want bool
	}{
		{store.Flavor{Kind: store.FlavorMariaDB, Version: "10.11.19"}, true},
		{store.Flavor{Kind: store.FlavorMariaDB, Version: "10.6.0"}, true},
		{store.Flavor{Kind: store.FlavorMariaDB, Version: "11.4.2"}, true},
		{store.Flavor{Kind: store.FlavorMariaDB, Version: "10.5.22"}, false},
		{store.Flavor{Kind: store.FlavorMySQL, Version: "8.0.36"}, false},
		{store.Flavor{Kind: store.FlavorTiDB, Version: "v8.4.0"}, false},
		{store.Flavor{Kind: store.FlavorEmbedded}, false},
	} {
		if got := atomicRename(f.f); got != f.want {
			t.Errorf("atomicRename(%s) = %v", f.f, got)
		}
	}
}

func auxChecksum(t *testing.T, st *store.Store) string {
	t.Helper()
	sum, err := Checksum(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func auxExec(t *testing.T, st *store.Store, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func randomHexAux(t *testing.T) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// While another swap holds the database's lock, a swap refuses and
// changes nothing.
func TestAuxSwapBesideAnother(t *testing.T) {
	st := auxStore(t)
	ctx := context.Background()
	before := auxChecksum(t, st)
	holder, err := st.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	var got int
	if err := holder.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", swapLock(st.Database())).Scan(&got); err != nil || got != 1 {
		t.Fatalf("GET_LOCK: %d, %v", got, err)
	}
	o := DefaultOptions()
	o.Users = 20
	withAuxThreshold(t, 1, func() { _, err = Seed(ctx, st, o) })
	if err == nil || !strings.Contains(err.Error(), "another seed or reset is swapping") {
		t.Errorf("a swap beside another: %v", err)
	}
	if got := auxChecksum(t, st); got != before {
		t.Error("the refused swap changed the data")
	}
	if l := auxLeftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
}

// checkSwappedIn checks what every swap leaves: no auxiliary database,
// the keys and constraints as before (catalog), nothing for push to do.
func checkSwappedIn(t *testing.T, st *store.Store, before []string) {
	t.Helper()
	if l := auxLeftovers(t, st); len(l) != 0 {
		t.Errorf("left behind: %v", l)
	}
	if after := catalog(t, st); !slices.Equal(before, after) {
		t.Errorf("the keys changed:\nbefore %q\nafter  %q", before, after)
	}
	plan, err := PlanPush(context.Background(), st, demobots.Schema)
	if err != nil || !plan.Empty() {
		t.Errorf("push after the swap would change: %v %+v", err, plan)
	}
}

// watchedSeed is a 20-user seed of st, its dataset's checksum, and the
// watcher of its progress that tells whether it went through the
// auxiliary database.
func watchedSeed(t *testing.T, st *store.Store) (Options, string, *sawAux) {
	t.Helper()
	o := DefaultOptions()
	o.Users = 20
	want, err := DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	saw := &sawAux{t: t, st: st}
	o.Progress = saw.event
	return o, want, saw
}
