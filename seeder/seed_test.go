package seeder_test

import (
	"context"
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
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
const defaultChecksum = "20f8be04bfe80cc7abf956a901b2e3c178f7a549cda83d39d186f6917289c68e"
