package tui

import (
	"time"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// Results of database work. Each carries the seq of its request (and the
// view it belongs to), so Update can drop the results of requests that are
// no longer current (M3), and one err for failure (M2).

// infoLoadedMsg is the server description for the status line.
type infoLoadedMsg struct {
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

// rowsLoadedMsg is one or more pages of a grid.
type rowsLoadedMsg struct {
	viewID, seq int
	mode        fetchMode
	pages       []fetchedPage
	err         error
}

// tableDescribedMsg is the catalog entry of a table, cached for relations
// and key markers.
type tableDescribedMsg struct {
	table string
	info  *store.TableInfo
	err   error
}

// relationsLoadedMsg is the relation menu of one row.
type relationsLoadedMsg struct {
	viewID, seq int
	table       string
	info        *store.TableInfo
	cols        []store.Column
	row         store.Row
	rels        []store.RelationCount
	countErr    error // the counts failed; rels have Rows -1
	err         error
}

// userLoadedMsg is the content of a user view.
type userLoadedMsg struct {
	viewID, seq int
	summary     *store.UserSummary
	points      []store.ScorePoint
	err         error
}

// scoresLoadedMsg is the content of a session's scores view.
type scoresLoadedMsg struct {
	viewID, seq int
	scores      []store.ScoreRow
	err         error
}

// structureLoadedMsg is the content of a structure view.
type structureLoadedMsg struct {
	viewID, seq int
	info        *store.TableInfo
	ddl         string
	err         error
}

// planLoadedMsg is a push plan, ready for review.
type planLoadedMsg struct {
	seq  int
	plan *seeder.Plan
	err  error
}

// progressReportedMsg is one progress event of a running action.
type progressReportedMsg struct {
	op int
	ev seeder.Event
	at time.Time
}

// progressClosedMsg says a running action sends no more events.
type progressClosedMsg struct{ op int }

// actionFinishedMsg ends a push, reset or reseed.
type actionFinishedMsg struct {
	op      int
	kind    actionKind
	applied int // statements applied by a push
	at      time.Time
	err     error
}

// statusExpiredMsg clears the status message with that id, if still shown.
type statusExpiredMsg struct{ id int }
