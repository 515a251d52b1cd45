package seeder_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

func exec(t *testing.T, st *store.Store, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// A table outside the dataset whose foreign key would cascade (or set
// NULL) when the demobots rows are deleted makes seed and reset refuse,
// before anything changes, naming the table, the key and its rows.
func TestOutsideCascadeRefused(t *testing.T) {
	for _, rule := range []string{"CASCADE", "SET NULL"} {
		t.Run(strings.ReplaceAll(rule, " ", "_"), func(t *testing.T) {
			st, _ := newStore(t)
			createSchema(t, st)
			seed(t, st, seeder.DefaultOptions())
			exec(t, st,
				"CREATE TABLE `notes` (`id` int PRIMARY KEY, `user_id` int, `body` varchar(50), KEY `notes_user_idx` (`user_id`), CONSTRAINT `notes_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE "+rule+")",
				"INSERT INTO `notes` VALUES (1, 3, 'a'), (2, 4, 'b'), (3, NULL, 'no user')",
			)
			before := checksum(t, st)
			for name, run := range map[string]func() error{
				"seed":  func() error { _, err := seeder.Seed(context.Background(), st, seedOpts(5)); return err },
				"reset": func() error { return seeder.Reset(context.Background(), st, nil) },
			} {
				err := run()
				if !errors.Is(err, seeder.ErrOutsideReferences) {
					t.Fatalf("%s with a note referencing users ON DELETE %s: %v", name, rule, err)
				}
				t.Log(err)
				for _, want := range []string{name + " would", "`notes` (2 rows)", "notes_user_fk", "ON DELETE " + rule} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("%s: error %q does not say %q", name, err, want)
					}
				}
				if n := count(t, st, "SELECT COUNT(*) FROM `notes` WHERE `user_id` IS NOT NULL"); n != 2 {
					t.Fatalf("%s: notes has %d rows with a user left, want 2", name, n)
				}
				if after := checksum(t, st); after != before {
					t.Errorf("%s: a refused %s changed the demobots data", name, name)
				}
			}
		})
	}
}

// An empty outside table with a cascading key is no obstacle: nothing of
// it can be deleted.
func TestOutsideCascadeEmptyTableAllowed(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	seed(t, st, seedOpts(3))
	exec(t, st, "CREATE TABLE `notes` (`id` int PRIMARY KEY, `user_id` int, KEY `notes_user_idx` (`user_id`), CONSTRAINT `notes_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE)")
	if st.Flavor().Kind == store.FlavorTiDB {
		// No gap locks: even an empty table with such a key is refused
		// (TestOutsideInsertDuringDeleteIsNeverCascaded).
		if _, err := seeder.Seed(context.Background(), st, seeder.DefaultOptions()); !errors.Is(err, seeder.ErrOutsideReferences) {
			t.Fatalf("seed on TiDB with an outside cascading key: %v", err)
		}
		return
	}
	seed(t, st, seeder.DefaultOptions())
	if got := checksum(t, st); got != defaultChecksum {
		t.Errorf("checksum %s after the seed, want %s", got, defaultChecksum)
	}
	if err := seeder.Reset(context.Background(), st, nil); err != nil {
		t.Fatal(err)
	}
}

// cancelAtCommit returns a progress function that cancels when COMMIT has
// returned: what a Ctrl-C at that moment does.
func cancelAtCommit(cancel context.CancelFunc) func(seeder.Event) {
	return func(e seeder.Event) {
		if e.Phase == seeder.PhaseCommit && e.Done == 1 {
			cancel()
		}
	}
}

// A Ctrl-C after COMMIT does not stop the AUTO_INCREMENT restart, and the
// seed or reset succeeds: its data is committed.
func TestCancelAfterCommitStillRestartsCounters(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	seed(t, st, seedOpts(30))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := seedOpts(12)
	o.Progress = cancelAtCommit(cancel)
	if _, err := seeder.Seed(ctx, st, o); err != nil {
		t.Fatalf("seed cancelled after COMMIT: %v", err)
	}
	if id := insertUser(t, st, "after-seed"); id != 13 {
		t.Errorf("first id after seeding 12 users is %d, want 13", id)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	if err := seeder.Reset(ctx, st, cancelAtCommit(cancel)); err != nil {
		t.Fatalf("reset cancelled after COMMIT: %v", err)
	}
	if id := insertUser(t, st, "after-reset"); id != 1 {
		t.Errorf("first id after reset is %d, want 1", id)
	}
}

// A failure after COMMIT says the data is committed (ErrCommitted), so
// that no caller reports it as rolled back.
func TestFailureAfterCommitIsErrCommitted(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	seed(t, st, seedOpts(30))
	// Dropping a table between COMMIT and the AUTO_INCREMENT restart makes
	// the restart fail (scores: nothing references it).
	dropScores := func(e seeder.Event) {
		if e.Phase == seeder.PhaseCommit && e.Done == 1 {
			exec(t, st, "DROP TABLE `scores`")
		}
	}
	o := seedOpts(12)
	o.Progress = dropScores
	_, err := seeder.Seed(context.Background(), st, o)
	if !errors.Is(err, seeder.ErrCommitted) || !strings.Contains(err.Error(), "the new data is committed") {
		t.Fatalf("seed failing after COMMIT: %v", err)
	}
	t.Log(err)
	if !errors.Is(err, store.ErrNoTable) {
		t.Errorf("the cause is not classified: %v", err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM `users`"); n != 12 {
		t.Errorf("%d users after the committed seed, want 12", n)
	}

	createTable(t, st, "scores")
	err = seeder.Reset(context.Background(), st, dropScores)
	if !errors.Is(err, seeder.ErrCommitted) {
		t.Fatalf("reset failing after COMMIT: %v", err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM `users`"); n != 0 {
		t.Errorf("%d users after the committed reset, want 0", n)
	}
}

// createTable creates one table of schema.sql.
func createTable(t *testing.T, st *store.Store, table string) {
	t.Helper()
	stmts, err := migrate.Stmts(demobots.Schema)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if strings.Contains(s.Text, "CREATE TABLE `"+table+"`") {
			exec(t, st, s.Text)
			return
		}
	}
	t.Fatalf("schema.sql has no table %s", table)
}

// A row inserted into an outside table while a seed or reset deletes the
// demobots rows must never be silently deleted (CASCADE) or changed (SET
// NULL) by that delete: the check for referencing rows locks their range,
// so the insert waits, then succeeds against the new data or fails
// cleanly (its foreign key, or a deadlock the server resolves) — or the
// seed itself fails and rolls back. A RESTRICT key takes no lock: the
// insert goes through, and the DELETE fails on it.
func TestOutsideInsertDuringDeleteIsNeverCascaded(t *testing.T) {
	for _, rule := range []string{"CASCADE", "SET NULL", "RESTRICT"} {
		for _, op := range []string{"seed", "reset"} {
			t.Run(op+"_"+strings.ReplaceAll(rule, " ", "_"), func(t *testing.T) {
				ctx := context.Background()
				st, cfg := newStore(t)
				createSchema(t, st)
				seed(t, st, seedOpts(30))
				exec(t, st, "CREATE TABLE `ext` (`id` int PRIMARY KEY, `user_id` int, KEY `ext_user_idx` (`user_id`), CONSTRAINT `ext_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE "+rule+")")
				run := func(progress func(seeder.Event)) error {
					if op == "reset" {
						return seeder.Reset(ctx, st, progress)
					}
					o := seedOpts(12)
					o.Progress = progress
					_, err := seeder.Seed(ctx, st, o)
					return err
				}
				if testdb.Embedded(t) {
					// What can be run here: the locking read is accepted and
					// the operation works with the empty outside table.
					if err := run(nil); err != nil {
						t.Fatal(err)
					}
					t.Skip("the embedded engine takes no row or gap locks (it runs one statement at a time, not one transaction at a time), so an insert between the check and the DELETE cannot be held back there; run with TEST_DATABASE_URL for the race")
				}
				if st.Flavor().Kind == store.FlavorTiDB && rule != "RESTRICT" {
					// TiDB has no gap locks: nothing could hold the insert
					// back, so such a key is refused before anything
					// changes, empty as the table is.
					err := run(nil)
					if !errors.Is(err, seeder.ErrOutsideReferences) || !strings.Contains(err.Error(), "no gap locks") {
						t.Fatalf("%s with an outside ON DELETE %s key on TiDB: %v", op, rule, err)
					}
					if n := count(t, st, "SELECT COUNT(*) FROM `users`"); n != 30 {
						t.Fatalf("the refused %s changed users: %d rows", op, n)
					}
					return
				}
				if st.Flavor().Kind == store.FlavorTiDB {
					// RESTRICT needs no lock: the DELETE itself fails on a
					// referencing row. Without the race (TiDB lacks the
					// lock tables the race below watches), the plain run.
					if err := run(nil); err != nil {
						t.Fatal(err)
					}
					return
				}

				other := testdb.Open(t, cfg)
				conn, err := other.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				var inserterID int64
				if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&inserterID); err != nil {
					t.Fatal(err)
				}
				var once sync.Once
				result := make(chan error, 1)
				done := make(chan struct{})
				waited := false
				opErr := run(func(e seeder.Event) {
					// Just before the users rows are deleted: the outside
					// check has run, the cascade is about to.
					if e.Phase != seeder.PhaseReset || e.Table != "users" {
						return
					}
					once.Do(func() {
						go func() {
							_, err := conn.ExecContext(ctx, "INSERT INTO `ext` VALUES (1, 3)")
							result <- err
							close(done)
						}()
						waited = waitForLockWait(t, st, inserterID, done)
					})
				})
				var insErr error
				select {
				case insErr = <-result:
				case <-time.After(time.Minute):
					t.Fatal("the insert never ended")
				}
				var userID sql.NullInt64
				rowErr := st.DB().QueryRow("SELECT `user_id` FROM `ext` WHERE `id` = 1").Scan(&userID)
				t.Logf("%s: %v; the insert waited for a lock: %v, then: %v; ext row: %v (%v)", op, opErr, waited, insErr, userID, rowErr)
				if insErr == nil && (rowErr != nil || !userID.Valid || userID.Int64 != 3) {
					t.Fatalf("the insert succeeded, and the %s deleted or changed its row (ON DELETE %s): %v, %v", op, rule, userID, rowErr)
				}
				if insErr != nil && !errors.Is(rowErr, sql.ErrNoRows) {
					t.Fatalf("the insert failed (%v) but left a row: %v", insErr, rowErr)
				}
				if !waited && opErr == nil {
					t.Errorf("the insert went through without waiting for the %s, which succeeded", op)
				}
			})
		}
	}
}

// waitForLockWait waits until the transaction of connection id waits for
// a lock (true) or done is closed first (false). It bounds the wait only
// to fail instead of hanging.
func waitForLockWait(t *testing.T, st *store.Store, id int64, done <-chan struct{}) bool {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		default:
		}
		if lockWaiting(t, st, id) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	var state, info sql.NullString
	_ = st.DB().QueryRow("SELECT STATE, INFO FROM information_schema.PROCESSLIST WHERE ID = ?", id).Scan(&state, &info)
	t.Fatalf("the insert (connection %d) neither waited for a lock nor ended: it is %q in %q", id, state.String, info.String)
	return false
}

// lockWaiting reports whether connection id's transaction waits for an
// InnoDB lock. information_schema.INNODB_TRX says so, unless its cache
// was truncated (another session's huge transaction, on a shared server,
// fills it): then the monitor's own text, where each transaction's block
// names its thread and any LOCK WAIT, is read instead.
func lockWaiting(t *testing.T, st *store.Store, id int64) bool {
	t.Helper()
	var n int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT'", id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		return true
	}
	var typ, name, status string
	if err := st.DB().QueryRow("SHOW ENGINE INNODB STATUS").Scan(&typ, &name, &status); err != nil {
		t.Fatal(err)
	}
	thread := fmt.Sprintf("thread id %d,", id)
	for _, block := range strings.Split(status, "---TRANSACTION ") {
		if strings.Contains(block, thread) && strings.Contains(block, "LOCK WAIT") {
			return true
		}
	}
	return false
}
