package seeder

import (
	"context"
	"fmt"
	"math"

	"github.com/demobots/demobots-tui/store"
)

// tableSpec is one table of the demobots dataset: its columns in the order
// the generator writes them, the generator and the row count.
type tableSpec struct {
	name    string
	columns []string
	// kinds has one letter per column: i integer, s string, t DATETIME,
	// d DATE, h a number with two decimals.
	kinds string
	gen   generator
	rows  func(o Options) int64
	// noAutoIncrement: the table has no AUTO_INCREMENT counter for Seed
	// and Reset to restart (at rows+1) after COMMIT.
	noAutoIncrement bool
	// after, when set, runs once every table is loaded, before COMMIT
	// (e.g. a second pass that fills the nullable side of a foreign-key
	// cycle). actual maps a table's name to the table being loaded (a
	// shadow's, on the swap path).
	after func(ctx context.Context, x execer, actual func(table string) string) error
}

// tableSet is the tables one seed or reset fills or empties, in load
// (parent-first) order; deletes go in the reverse order.
type tableSet []tableSpec

// names are the tables' names, in load order.
func (ts tableSet) names() []string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.name
	}
	return names
}

// dataset is the demobots dataset, in the order of demobots.Tables.
var dataset = tableSet{
	{
		name:    "users",
		kinds:   "itsd",
		columns: []string{"id", "created_at", "username", "date_of_birth"},
		gen:     genUsers,
		rows:    func(o Options) int64 { return int64(o.Users) },
	},
	{
		name:    "user_profiles",
		kinds:   "iisss",
		columns: []string{"id", "user_id", "first_name", "last_name", "title"},
		gen:     genProfiles,
		rows:    func(o Options) int64 { return int64(o.Users) * int64(o.ProfilesPerUser) },
	},
	{
		name:    "sessions",
		kinds:   "iiti",
		columns: []string{"id", "user_id", "created_at", "duration"},
		gen:     genSessions,
		rows:    func(o Options) int64 { return int64(o.Users) * int64(o.SessionsPerUser) },
	},
	{
		name:    "levels",
		kinds:   "isi",
		columns: []string{"id", "name", "difficulty"},
		gen:     genLevels,
		rows:    func(o Options) int64 { return int64(o.Levels) },
	},
	{
		name:    "scores",
		kinds:   "iiitiih",
		columns: []string{"id", "session_id", "level_id", "created_at", "score", "time_taken", "accuracy"},
		gen:     genScores,
		rows: func(o Options) int64 {
			return int64(o.Users) * int64(o.SessionsPerUser) * int64(o.ScoresPerSession)
		},
	},
}

// TotalRows is the number of rows the dataset o describes has.
func (o Options) TotalRows() int64 {
	var n int64
	for _, t := range dataset {
		n += t.rows(o)
	}
	return n
}

// Validate reports whether o describes a dataset the schema can hold.
func (o Options) Validate() error {
	switch {
	case o.Users < 0 || o.ProfilesPerUser < 0 || o.SessionsPerUser < 0 || o.ScoresPerSession < 0:
		return fmt.Errorf("seeder: counts must not be negative")
	case o.Levels < 0 || o.Levels > len(levelNames):
		return fmt.Errorf("seeder: levels must be between 0 and %d (%s..%s)", len(levelNames), levelNames[0], levelNames[len(levelNames)-1])
	case o.Levels == 0 && o.Users > 0 && o.SessionsPerUser > 0 && o.ScoresPerSession > 0:
		return fmt.Errorf("seeder: scores need at least one level")
	}
	// Ids are INT columns: every table's last id must fit. (Floats, so
	// that the product of huge counts cannot overflow.)
	u := float64(o.Users)
	for name, n := range map[string]float64{
		"users":         u,
		"user_profiles": u * float64(o.ProfilesPerUser),
		"sessions":      u * float64(o.SessionsPerUser),
		"scores":        u * float64(o.SessionsPerUser) * float64(o.ScoresPerSession),
	} {
		if n > math.MaxInt32 {
			return fmt.Errorf("seeder: %.0f rows of %s do not fit its INT id column", n, name)
		}
	}
	return nil
}

// runAfter runs each table's after step, in load order.
func runAfter(ctx context.Context, x execer, tables tableSet, actual func(string) string) error {
	for _, t := range tables {
		if t.after == nil {
			continue
		}
		if err := t.after(ctx, x, actual); err != nil {
			return fmt.Errorf("seeder: complete %s: %w", t.name, err)
		}
	}
	return nil
}

// tableSet is what o seeds: every base table of the database with
// AllTables, else the demobots dataset, refined by o.Refine.
func (o Options) tableSet(ctx context.Context, st *store.Store) (tableSet, error) {
	if o.AllTables {
		return anySchemaTables(ctx, st, o)
	}
	return refineDataset(o)
}
