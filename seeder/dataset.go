package seeder

import (
	"fmt"
	"math"
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
}

// dataset lists the tables in load (foreign-key) order, the order of
// demobots.Tables; reset deletes in the reverse order.
var dataset = []tableSpec{
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
