package tui

import (
	"context"
	"time"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// Store is the read side the TUI needs. *store.Store implements it.
type Store interface {
	Tables(ctx context.Context) ([]store.Table, error)
	CountRows(ctx context.Context, table string) (int64, error)
	CountMatching(ctx context.Context, info *store.TableInfo, filters []store.Filter) (int64, error)
	// CountBefore counts the rows before q.Before: the position of a page
	// jumped to.
	CountBefore(ctx context.Context, info *store.TableInfo, q store.RowQuery) (int64, error)
	// CursorAt is the position of the row with the given key values.
	CursorAt(info *store.TableInfo, values []string) (store.Cursor, error)
	Describe(ctx context.Context, table string) (*store.TableInfo, error)
	CreateTableSQL(ctx context.Context, table string) (string, error)
	// RowsOf pages the table info describes; the TUI describes a table
	// once and pages it with the cached description.
	RowsOf(ctx context.Context, info *store.TableInfo, q store.RowQuery) (*store.RowPage, error)
	// FullValue reads the whole of a value that a page carries only the
	// start of (Value.Truncated).
	FullValue(ctx context.Context, info *store.TableInfo, cols []store.Column, row store.Row, column string) (store.Value, error)
	Relations(ctx context.Context, info *store.TableInfo, cols []store.Column, row store.Row) ([]store.RelationCount, error)
	// StreamRows reads every row a grid shows (its filters and sort),
	// values whole, a batch at a time: what an export writes.
	StreamRows(ctx context.Context, info *store.TableInfo, q store.RowQuery) (store.RowSource, error)
	// Orphans counts the rows of a relation's table that have no parent
	// row; it reads the whole table, so it runs on request only.
	Orphans(ctx context.Context, rel store.ForeignKey) (int64, error)
	UserSummary(ctx context.Context, userID int64) (*store.UserSummary, error)
	SessionScores(ctx context.Context, sessionID int64) ([]store.ScoreRow, error)
	UserScores(ctx context.Context, userID int64, limit int) ([]store.ScorePoint, error)
	Info(ctx context.Context) (*store.ServerInfo, error)
	Databases(ctx context.Context) ([]store.Database, error)
	Triggers(ctx context.Context, table string) ([]store.Trigger, error)
	Routines(ctx context.Context) ([]store.Routine, error)
	RoutineSQL(ctx context.Context, r store.Routine) (string, error)
	// Editor stages, previews and applies row edits (edit_deps.go).
	Editor
	// ColumnNames lists every table's columns, for the console's
	// completion. The console runs SQL on sessions (console_deps.go).
	ColumnNames(ctx context.Context) (map[string][]string, error)
}

// *store.Store implements Store.
var _ Store = (*store.Store)(nil)

// Actions is the write side: push, reset and reseed. The command adapts the
// seeder to it. Progress callbacks are called from the goroutine doing the
// work and must not block; the TUI forwards them to Update as messages.
type Actions interface {
	// PlanPush plans making the database match schema.sql; with prune the
	// plan also drops what schema.sql does not name.
	PlanPush(ctx context.Context, prune bool) (*seeder.Plan, error)
	ApplyPush(ctx context.Context, plan *seeder.Plan, progress func(seeder.Event)) (int, error)
	Reset(ctx context.Context, progress func(seeder.Event)) error
	Seed(ctx context.Context, opts seeder.Options) error
	// DatabaseName is what the user types to confirm reset and reseed.
	DatabaseName() string
	// Embedded reports whether the database is the in-process engine,
	// which is slow at scale.
	Embedded() bool
}

// Deps is everything New needs.
type Deps struct {
	Store Store
	// Actions drives push, reset and reseed; nil disables them.
	Actions Actions
	// ReadOnly disables push, reset, reseed and row editing (the
	// connection itself should be read-only too).
	ReadOnly bool
	// Label names the connection in the status line, e.g.
	// "root@127.0.0.1:3306/db-demobots" or "embedded (in-memory)"; it
	// must not contain a password. Empty: the host the server reports.
	Label string
	// Timeout bounds each read; 0 means 15 seconds. Counting rows gets
	// four times as long.
	Timeout time.Duration
	// PageSize is the number of rows fetched at a time; 0 means 100.
	PageSize int
	// Context is the parent of every request's context; nil means
	// context.Background. Run sets it.
	Context context.Context
	// OpenDatabase opens another database of the same server for the
	// database switcher: its store, its actions (nil when read-only) and
	// its label. The TUI closes nothing itself: the function owns the old
	// store's lifetime. Nil disables switching.
	OpenDatabase func(ctx context.Context, name string) (Store, Actions, string, error)
	// ChooseDatabase opens the database switcher first, for a URL that
	// names no database.
	ChooseDatabase bool
	// Warning is shown in the status line for the whole session, e.g.
	// that the embedded engine is served on a non-loopback address
	// without a password.
	Warning string
	// KeyMap replaces DefaultKeyMap when not nil.
	KeyMap *KeyMap
	// Styles replaces DefaultStyles when not nil.
	Styles *Styles
	// HistoryFile is the query console's history; empty means
	// $XDG_STATE_HOME/demobots-tui/history (~/.local/state without it).
	HistoryFile string
	// SeedDefaults is the dataset the reseed form starts from: the
	// defaults refined by the project file's [seed] section
	// (seeder.WithRefinement). Nil means seeder.DefaultOptions.
	SeedDefaults *seeder.Options
	// RefineFile names the file SeedDefaults' refinement comes from, for
	// the reseed form to show; empty means the built-in dataset.
	RefineFile string
	// RefineErr is why that refinement does not apply to the demobots
	// dataset; the reseed form shows it and refuses to go on.
	RefineErr error
}

// Timeouts and sizes.
const (
	defaultTimeout  = 15 * time.Second
	defaultPageSize = 100
	planTimeout     = 2 * time.Minute
	userScoresLimit = 500
)

// common is what every pane, view and dialog shares: the dependencies, the
// styles and keys, the id counter and the catalog cache. There is one per
// Model; components read it and never reach the Model itself.
type common struct {
	store    Store
	actions  Actions
	readOnly bool
	label    string
	// ctx is the parent of every request; Model cancels it on quit, so
	// nothing keeps running for a program that is gone.
	ctx      context.Context
	timeout  time.Duration
	pageSize int
	styles   Styles
	keys     KeyMap

	ids int // the last request sequence number or component id handed out

	demobots bool // the catalog is the demobots schema
	catalog  catalog

	// lastReseed is what the reseed form asked for last, offered again.
	lastReseed *seeder.Options
	// seedDefaults and refineFile: Deps.SeedDefaults (never nil here) and
	// Deps.RefineFile.
	seedDefaults seeder.Options
	refineFile   string
	refineErr    error

	// openDatabase opens another database (Deps.OpenDatabase); dbName is
	// the current one's name.
	openDatabase func(ctx context.Context, name string) (Store, Actions, string, error)
	dbName       string

	// openSession opens a query console session; nil when the store
	// cannot. sessions are the ones open, closed when the program ends.
	openSession func(context.Context) (Session, error)
	sessions    sessionSet
	// consoleDraft is the text of the last console closed, offered again.
	consoleDraft string
	historyFile  string // Deps.HistoryFile

	// spin is the current spinner frame, for components that draw one.
	spin string
	// edits are the staged row changes that wait for review (staging.go).
	edits *staging

	// noAnim turns off timers (spinner frames, status TTL, cursor blink)
	// so that tests can run every command synchronously.
	noAnim bool
}

func newCommon(d Deps) *common {
	c := &common{
		store:    d.Store,
		actions:  d.Actions,
		readOnly: d.ReadOnly,
		label:    d.Label,
		ctx:      d.Context,
		timeout:  d.Timeout,
		pageSize: d.PageSize,
		catalog:  catalog{infos: map[string]*store.TableInfo{}},
		edits:    &staging{},

		openDatabase: d.OpenDatabase,
	}
	c.openSession = sessionsOf(d.Store)
	c.historyFile = d.HistoryFile
	c.seedDefaults, c.refineFile, c.refineErr = seeder.DefaultOptions(), d.RefineFile, d.RefineErr
	if d.SeedDefaults != nil {
		c.seedDefaults = *d.SeedDefaults
	}
	if c.ctx == nil {
		c.ctx = context.Background()
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	if c.pageSize <= 0 {
		c.pageSize = defaultPageSize
	}
	if d.KeyMap != nil {
		c.keys = *d.KeyMap
	} else {
		c.keys = DefaultKeyMap()
	}
	if d.Styles != nil {
		c.styles = *d.Styles
	} else {
		c.styles = DefaultStyles()
	}
	return c
}

// nextID hands out a request sequence number or a component id; both come
// from one counter, so no two are ever equal.
func (c *common) nextID() int {
	c.ids++
	return c.ids
}

// database is the name of the database the session is on: what the
// server said, else what the actions target.
func (c *common) database() string {
	if c.dbName != "" {
		return c.dbName
	}
	if c.actions != nil {
		return c.actions.DatabaseName()
	}
	return ""
}

// actionsOff reports whether push, reset and reseed are unavailable.
func (c *common) actionsOff() bool { return c.readOnly || c.actions == nil }

// catalog caches what the server said about the tables: the list with row
// counts and the descriptions. gen changes when the cache is dropped (a
// refresh, a push), so a description requested before that is not stored
// when it arrives after.
type catalog struct {
	gen    int
	loaded bool
	tables []store.Table
	infos  map[string]*store.TableInfo
}

// table returns the list entry of a table.
func (c *catalog) table(name string) (store.Table, bool) {
	for _, t := range c.tables {
		if t.Name == name {
			return t, true
		}
	}
	return store.Table{}, false
}

// info returns the cached description of a table, or nil.
func (c *catalog) info(name string) *store.TableInfo { return c.infos[name] }

// put caches a description requested at generation gen.
func (c *catalog) put(name string, info *store.TableInfo, gen int) {
	if info != nil && gen == c.gen {
		c.infos[name] = info
	}
}

// invalidate drops the descriptions: the schema may have changed.
func (c *catalog) invalidate() {
	c.gen++
	c.infos = map[string]*store.TableInfo{}
}

// setCount records an exact row count.
func (c *catalog) setCount(table string, n int64) {
	for i := range c.tables {
		if c.tables[i].Name == table {
			c.tables[i].Rows, c.tables[i].Exact = n, true
		}
	}
}
