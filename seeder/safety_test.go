package seeder_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"

	demobots "github.com/demobots/demobots-tui"
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
