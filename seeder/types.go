// Package seeder is the write side of demobots-tui: schema push (a reviewed
// atlas diff), pull, reset and the deterministic reseed of the demobots
// dataset, reporting progress events.
package seeder

import (
	"time"

	"github.com/demobots/demobots-tui/internal/project"
)

// Phase names a stage of a long operation, for progress events.
type Phase string

// The phases a reset or a seed goes through, in order.
const (
	PhaseCheck  Phase = "check"  // checking that the live schema matches schema.sql
	PhaseReset  Phase = "reset"  // deleting the old rows
	PhaseLoad   Phase = "load"   // generating and loading rows of Table
	PhaseCommit Phase = "commit" // committing the transaction
	PhaseDone   Phase = "done"
	// PhaseSwap: the data did not fit one transaction (TiDB); it is
	// loaded again into shadow tables, swapped in at the end.
	PhaseSwap Phase = "swap"
)

// Event is one progress report. Done and Total count rows of Table during
// PhaseLoad (Total is known up front, since counts are fixed by Options);
// in other phases they count steps.
type Event struct {
	Phase Phase
	Table string
	Done  int64
	Total int64
}

// Options sets the size and the seed of a generated dataset.
type Options struct {
	Seed             uint64
	Users            int
	ProfilesPerUser  int // 1 in the default dataset
	SessionsPerUser  int
	ScoresPerSession int
	Levels           int // at most 5: Beginner, Intermediate, Advanced, Expert, Master
	// Refine, when set, refines the dataset: the project file's [seed]
	// section (counts, children per parent, per-column generators).
	Refine *project.Seed
	// AllTables seeds every base table of the database, whatever its
	// schema, instead of the demobots tables (see anySchemaTables).
	AllTables bool
	// Rows is the row count of a table that AllTables seeds when
	// neither Refine nor a parent's with sets one.
	Rows int64
	// Method picks how rows are sent; LoadAuto (the zero value) is the
	// fastest one the server allows.
	Method LoadMethod
	// SkipSchemaCheck skips Seed's CheckSchema, for a caller that has just
	// run it (e.g. before asking for confirmation).
	SkipSchemaCheck bool
	// Progress, when set, receives events from the goroutine doing the
	// work; it must not block for long.
	Progress func(Event)
}

// DefaultOptions is the default dataset (the README describes it): seed 1234, 12 users,
// one profile each, 5 sessions per user, 5 scores per session, 5 levels.
func DefaultOptions() Options {
	return Options{Seed: 1234, Users: 12, ProfilesPerUser: 1, SessionsPerUser: 5, ScoresPerSession: 5, Levels: 5}
}

// PhaseApply is the phase of ApplyPush: Done and Total count statements.
const PhaseApply Phase = "apply"

// LoadMethod says how Seed sends rows to the server.
type LoadMethod string

// The load methods. LoadAuto picks LoadInfile when the server allows LOAD
// DATA LOCAL INFILE and falls back to LoadInsert otherwise.
const (
	LoadAuto   LoadMethod = ""
	LoadInfile LoadMethod = "load-data"
	LoadInsert LoadMethod = "insert"
)

// Stats is what Seed did.
type Stats struct {
	// Rows counts the rows loaded per table.
	Rows map[string]int64
	// Method is the load method actually used.
	Method   LoadMethod
	Duration time.Duration
	// Swapped says the data went in through shadow tables swapped in
	// with one RENAME TABLE: on TiDB because it did not fit one
	// transaction, on MariaDB because it replaced many rows (swap_aux.go).
	Swapped bool
}

// Total is the number of rows loaded into all tables.
func (s Stats) Total() int64 {
	var n int64
	for _, r := range s.Rows {
		n += r
	}
	return n
}
