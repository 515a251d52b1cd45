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

func TestSeedDefaultDataset(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	ctx := context.Background()
	var events []seeder.Event
	o := seeder.DefaultOptions()
	o.Progress = func(e seeder.Event) { events = append(events, e) }
	stats, err := seeder.Seed(ctx, st, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d rows with %s in %v on %s", stats.Total(), stats.Method, stats.Duration, testdb.Describe(t))
	want := map[string]int64{"users": 12, "user_profiles": 12, "sessions": 60, "levels": 5, "scores": 300}
	for table, n := range want {
		if got := count(t, st, "SELECT COUNT(*) FROM `"+table+"`"); got != n {
			t.Errorf("%s: %d rows, want %d", table, got, n)
		}
		if stats.Rows[table] != n {
			t.Errorf("stats for %s: %d, want %d", table, stats.Rows[table], n)
		}
	}
	checkRules(t, st, o)
	checkStory(t, st, o)
	sum, err := seeder.Checksum(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := seeder.DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	if sum != gen {
		t.Errorf("database checksum %s differs from the generated dataset's %s", sum, gen)
	}
	if sum != defaultChecksum {
		t.Errorf("default dataset checksum is %s, pinned %s: did the generator or gofakeit change? If on purpose, update defaultChecksum", sum, defaultChecksum)
	}
	if len(events) == 0 || events[len(events)-1].Phase != seeder.PhaseDone {
		t.Errorf("progress events end with %+v, want phase done", events[len(events)-1:])
	}
}

// defaultChecksum pins the default dataset (seed 1234, 12 users) as
// generated with gofakeit v7.18.2.
const defaultChecksum = "c8b065d138947903950a6ff9463d3e3fffdf0580f30ae8c225fb1457fc35515b"

func checksum(t *testing.T, st *store.Store) string {
	t.Helper()
	sum, err := seeder.Checksum(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func seed(t *testing.T, st *store.Store, o seeder.Options) seeder.Stats {
	t.Helper()
	stats, err := seeder.Seed(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

func TestSeedDeterministic(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	o := seedOpts(40)
	o.Seed = 7
	seed(t, st, o)
	a := checksum(t, st)
	seed(t, st, o) // over the previous rows
	if b := checksum(t, st); a != b {
		t.Errorf("same seed, different contents: %s vs %s", a, b)
	}
	if gen, _ := seeder.DatasetChecksum(o); gen != a {
		t.Errorf("database %s, generator %s", a, gen)
	}
	o.Seed = 8
	seed(t, st, o)
	if c := checksum(t, st); c == a {
		t.Error("another seed gave identical contents")
	}
	checkRules(t, st, o)
}

func TestSeedScaledCounts(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	o := seeder.Options{Seed: 99, Users: 25, ProfilesPerUser: 2, SessionsPerUser: 3, ScoresPerSession: 4, Levels: 3}
	stats := seed(t, st, o)
	want := map[string]int64{"users": 25, "user_profiles": 50, "sessions": 75, "levels": 3, "scores": 300}
	for table, n := range want {
		if got := count(t, st, "SELECT COUNT(*) FROM `"+table+"`"); got != n || stats.Rows[table] != n {
			t.Errorf("%s: %d rows (stats %d), want %d", table, got, stats.Rows[table], n)
		}
	}
	if stats.Total() != o.TotalRows() {
		t.Errorf("total %d, want %d", stats.Total(), o.TotalRows())
	}
	checkRules(t, st, o)
}

// Both load methods store identical contents.
func TestSeedLoadMethodsAgree(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	o := seedOpts(30)
	want, _ := seeder.DatasetChecksum(o)
	for _, m := range []seeder.LoadMethod{seeder.LoadInsert, seeder.LoadInfile} {
		if m == seeder.LoadInfile && testdb.Embedded(t) {
			t.Log("the embedded engine has no LOAD DATA LOCAL INFILE: insert only")
			continue
		}
		o.Method = m
		stats := seed(t, st, o)
		if stats.Method != m {
			t.Errorf("method %s used, want %s", stats.Method, m)
		}
		if got := checksum(t, st); got != want {
			t.Errorf("%s: checksum %s, want %s", m, got, want)
		}
	}
}

func TestResetRestartsIDs(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	ctx := context.Background()
	seed(t, st, seedOpts(12))
	var phases []seeder.Phase
	if err := seeder.Reset(ctx, st, func(e seeder.Event) { phases = append(phases, e.Phase) }); err != nil {
		t.Fatal(err)
	}
	for _, table := range demobots.Tables {
		if n := count(t, st, "SELECT COUNT(*) FROM `"+table+"`"); n != 0 {
			t.Errorf("%s has %d rows after reset", table, n)
		}
	}
	if len(phases) == 0 || phases[len(phases)-1] != seeder.PhaseDone {
		t.Errorf("phases %v", phases)
	}
	if id := insertUser(t, st, "fresh"); id != 1 {
		t.Errorf("first id after reset is %d, want 1", id)
	}
	// After a reseed, new rows continue after the dataset's ids, even
	// when the previous data had larger ones.
	seed(t, st, seedOpts(30))
	seed(t, st, seedOpts(12))
	if id := insertUser(t, st, "later"); id != 13 {
		t.Errorf("first id after seeding 12 users is %d, want 13", id)
	}
}

func insertUser(t *testing.T, st *store.Store, name string) int64 {
	t.Helper()
	res, err := st.DB().Exec("INSERT INTO users (created_at, username, date_of_birth) VALUES ('2025-01-02 00:00:00', ?, '2000-01-01')", name)
	if err != nil {
		t.Fatal(err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Reset is all or nothing: a failure deleting a parent table (here a
// foreign key from a table outside the schema) leaves every row in place.
func TestResetAllOrNothing(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	seed(t, st, seedOpts(12))
	before := checksum(t, st)
	for _, q := range []string{
		"CREATE TABLE `notes` (`id` int NOT NULL, `user_id` int NOT NULL, PRIMARY KEY (`id`), KEY `notes_user_id_idx` (`user_id`), CONSTRAINT `notes_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`))",
		"INSERT INTO `notes` VALUES (1, 3)",
	} {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := seeder.Reset(context.Background(), st, nil); !errors.Is(err, seeder.ErrOutsideReferences) || !strings.Contains(err.Error(), "refused by rows of `notes` (1 row)") {
		t.Fatalf("reset with users that a note references: %v", err)
	}
	if after := checksum(t, st); after != before {
		t.Error("a failed reset changed the data")
	}
}

// Cancelling a reseed midway (Ctrl-C) leaves the previous data intact.
func TestSeedCancelledMidwayKeepsPreviousData(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	seed(t, st, seeder.DefaultOptions())
	before := checksum(t, st)

	users := 20000 // 640,000 rows
	if testdb.Embedded(t) {
		users = 100 // the embedded engine is slow at scale
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := seedOpts(users)
	o.Progress = func(e seeder.Event) {
		if e.Phase == seeder.PhaseLoad && e.Table == "scores" && e.Done > 0 {
			cancel() // midway: the parents are loaded, scores are streaming
		}
	}
	if _, err := seeder.Seed(ctx, st, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled seed returned %v", err)
	}
	if after := checksum(t, st); after != before {
		t.Error("a cancelled seed changed the data")
	}
}
