package tui

import (
	"time"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// Results of database work. Each carries the seq of its request, so that
// results of requests that are no longer current are dropped, and one err
// for failure. Results for a view or a dialog carry its id (target) and are
// delivered to it alone.

// infoLoadedMsg is the server description for the status line.
type infoLoadedMsg struct {
	seq  int
	info *store.ServerInfo
	err  error
}

// tablesLoadedMsg is the table list.
type tablesLoadedMsg struct {
	seq    int
	tables []store.Table
	err    error
}

// rowsCountedMsg is the exact row count of one table.
type rowsCountedMsg struct {
	seq   int
	table string
	rows  int64
	err   error
}

// rowsLoadedMsg is one or more pages of a grid, with the table description
// when the grid asked for it.
type rowsLoadedMsg struct {
	target, seq int
	mode        fetchMode
	info        *store.TableInfo
	gen         int // the catalog generation the description belongs to
	pages       []fetchedPage
	err         error
}

// matchesCountedMsg is the number of rows a grid's filters select.
type matchesCountedMsg struct {
	target, seq int
	filters     int // how many filters were counted
	rows        int64
	err         error
}

// relationsLoadedMsg is the relation menu of one row.
type relationsLoadedMsg struct {
	target, seq int
	table       string
	info        *store.TableInfo
	gen         int
	cols        []store.Column
	row         store.Row
	rels        []store.RelationCount
	countErr    error // the counts failed; rels have Rows -1
	err         error
}

// orphansCountedMsg is the number of orphans of each relation asked for
// (those counted before a failure, then err).
type orphansCountedMsg struct {
	target, seq int
	rels        []store.ForeignKey
	counts      []int64
	err         error
}

// userLoadedMsg is the content of a user view.
type userLoadedMsg struct {
	target, seq int
	summary     *store.UserSummary
	points      []store.ScorePoint
	err         error
}

// scoresLoadedMsg is the content of a session's scores view.
type scoresLoadedMsg struct {
	target, seq int
	scores      []store.ScoreRow
	err         error
}

// structureLoadedMsg is the content of a structure view.
type structureLoadedMsg struct {
	target, seq int
	info        *store.TableInfo
	gen         int
	ddl         string
	triggers    []store.Trigger
	err         error
}

// routinesLoadedMsg is the list of stored routines, for the table list.
type routinesLoadedMsg struct {
	seq      int
	routines []store.Routine
	err      error
}

// planLoadedMsg is a push plan, ready for review.
type planLoadedMsg struct {
	target int
	plan   *seeder.Plan
	err    error
}

// progressReportedMsg is one progress event of a running action.
type progressReportedMsg struct {
	target int
	ev     seeder.Event
	at     time.Time
}

// progressClosedMsg says a running action sends no more events.
type progressClosedMsg struct{ target int }

// progressTickedMsg redraws a running action's clock between events.
type progressTickedMsg struct{ target int }

// actionFinishedMsg ends a push, reset or reseed.
type actionFinishedMsg struct {
	target  int
	applied int // statements applied by a push
	at      time.Time
	err     error
}

// statusExpiredMsg clears the status message with that id, if still shown.
type statusExpiredMsg struct{ id int }

func (m rowsLoadedMsg) to() int       { return m.target }
func (m matchesCountedMsg) to() int   { return m.target }
func (m relationsLoadedMsg) to() int  { return m.target }
func (m orphansCountedMsg) to() int   { return m.target }
func (m userLoadedMsg) to() int       { return m.target }
func (m scoresLoadedMsg) to() int     { return m.target }
func (m structureLoadedMsg) to() int  { return m.target }
func (m planLoadedMsg) to() int       { return m.target }
func (m progressReportedMsg) to() int { return m.target }
func (m progressClosedMsg) to() int   { return m.target }
func (m progressTickedMsg) to() int   { return m.target }
func (m actionFinishedMsg) to() int   { return m.target }
