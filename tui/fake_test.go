package tui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// fakeStore is an in-memory Store. Its cursors are store.OffsetCursor
// positions.
type fakeStore struct {
	mu         sync.Mutex
	tables     map[string]*fakeTable
	queries    []store.RowQuery
	counts     []string
	err        error // every call fails with it when set
	rels       []store.RelationCount
	relErr     error
	relCalls   int
	orphans    map[string]int64 // by "table.col,col"
	orphanErr  error
	describes  int
	fullValues int
	routines   []store.Routine
	triggers   map[string][]store.Trigger
	users      map[int64]*store.UserSummary
	points     []store.ScorePoint
	scores     map[int64][]store.ScoreRow
	info       store.ServerInfo
	edit       fakeEditor   // the edit side (edit_fake_test.go)
	con        *fakeConsole // the query console's sessions (fake_session_test.go)
}

type fakeTable struct {
	info *store.TableInfo
	rows []store.Row
	ddl  string
}

var _ Store = (*fakeStore)(nil)

func setCursorOffset(_ testing.TB, c *store.Cursor, n int64) { *c = store.OffsetCursor(n) }

func cursorOffset(c *store.Cursor) int64 { return c.Offset() }

func (f *fakeStore) fail() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *fakeStore) setErr(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func (f *fakeStore) Tables(context.Context) ([]store.Table, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var ts []store.Table
	for name, t := range f.tables {
		ts = append(ts, store.Table{Name: name, Rows: int64(len(t.rows)), View: t.info.View})
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Name > ts[j].Name }) // the TUI sorts
	return ts, nil
}

func (f *fakeStore) CountRows(_ context.Context, table string) (int64, error) {
	if err := f.fail(); err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts = append(f.counts, table)
	return int64(len(f.tables[table].rows)), nil
}

func (f *fakeStore) Describe(_ context.Context, table string) (*store.TableInfo, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.describes++
	f.mu.Unlock()
	t, ok := f.tables[table]
	if !ok {
		return nil, fmt.Errorf("unknown table %s", table)
	}
	if t.info.Name == "" {
		t.info.Name = table
	}
	return t.info, nil
}

func (f *fakeStore) CreateTableSQL(_ context.Context, table string) (string, error) {
	if err := f.fail(); err != nil {
		return "", err
	}
	return f.tables[table].ddl, nil
}

func (f *fakeStore) lastQuery() store.RowQuery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.queries[len(f.queries)-1]
}

func (f *fakeStore) queryCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queries)
}

// CountMatching counts the rows the filters select (equality and IS NULL).
func (f *fakeStore) CountMatching(_ context.Context, info *store.TableInfo, filters []store.Filter) (int64, error) {
	if err := f.fail(); err != nil {
		return 0, err
	}
	rows, err := f.matching(info.Name, filters)
	return int64(len(rows)), err
}

// CountBefore is the offset of q.Before: the rows before it.
func (f *fakeStore) CountBefore(_ context.Context, _ *store.TableInfo, q store.RowQuery) (int64, error) {
	if err := f.fail(); err != nil {
		return 0, err
	}
	return cursorOffset(q.Before), nil
}

// CursorAt finds the first row (in table order, without filters) whose
// first column is the value, or the next one by number.
func (f *fakeStore) CursorAt(info *store.TableInfo, values []string) (store.Cursor, error) {
	if len(values) != 1 {
		return store.Cursor{}, fmt.Errorf("one key value")
	}
	want, err := strconv.Atoi(values[0])
	if err != nil {
		return store.Cursor{}, fmt.Errorf("%q is not a number", values[0])
	}
	for i, r := range f.tables[info.Name].rows {
		if n, _ := strconv.Atoi(string(r[0].Bytes)); n >= want {
			return store.OffsetCursor(int64(i)), nil
		}
	}
	return store.OffsetCursor(int64(len(f.tables[info.Name].rows))), nil
}

// matching returns the rows of table the filters select.
func (f *fakeStore) matching(table string, filters []store.Filter) ([]store.Row, error) {
	t, ok := f.tables[table]
	if !ok {
		return nil, fmt.Errorf("unknown table %s", table)
	}
	cols := t.info.Columns
	idx := func(name string) int {
		for i, c := range cols {
			if c.Name == name {
				return i
			}
		}
		return -1
	}
	var rows []store.Row
	for _, r := range t.rows {
		ok := true
		for _, flt := range filters {
			v := r[idx(flt.Column)]
			switch flt.Op {
			case store.OpEq:
				ok = ok && !v.Null && string(v.Bytes) == flt.Value
			case store.OpIsNull:
				ok = ok && v.Null
			case store.OpLike:
				ok = ok && !v.Null && strings.HasPrefix(string(v.Bytes), strings.TrimSuffix(flt.Value, "%"))
			}
		}
		if ok {
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// RowsOf serves pages by offset: Start is the index of the first row, End
// the index after the last one.
func (f *fakeStore) RowsOf(_ context.Context, info *store.TableInfo, q store.RowQuery) (*store.RowPage, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	if info == nil || info.Name != q.Table {
		return nil, fmt.Errorf("RowsOf %s with the description of %v", q.Table, info)
	}
	t := f.tables[q.Table]
	cols := t.info.Columns
	idx := func(name string) int {
		for i, c := range cols {
			if c.Name == name {
				return i
			}
		}
		return -1
	}
	rows, err := f.matching(q.Table, q.Filters)
	if err != nil {
		return nil, err
	}
	if q.Sort != nil {
		i := idx(q.Sort.Column)
		sort.SliceStable(rows, func(a, b int) bool {
			x, y := string(rows[a][i].Bytes), string(rows[b][i].Bytes)
			if q.Sort.Desc {
				return x > y
			}
			return x < y
		})
	}
	limit := q.Limit
	if limit == 0 {
		limit = store.DefaultPageSize
	}
	n := len(rows)
	start := 0
	switch {
	case q.After != nil:
		start = int(cursorOffset(q.After))
	case q.Before != nil:
		start = max(int(cursorOffset(q.Before))-limit, 0)
	case q.Last:
		start = max(n-limit, 0)
	}
	end := min(start+limit, n)
	if q.Before != nil {
		end = min(int(cursorOffset(q.Before)), n)
	}
	// Like the store, a page carries only the start of long values.
	page := make([]store.Row, 0, end-start)
	for _, r := range rows[start:end] {
		out := make(store.Row, len(r))
		for i, v := range r {
			if len(v.Bytes) > store.CellPrefixBytes {
				v = store.Value{Bytes: v.Bytes[:store.CellPrefixBytes], Size: int64(len(v.Bytes)), Truncated: true}
			}
			out[i] = v
		}
		page = append(page, out)
	}
	// A table without a primary key stands for one the store pages by OFFSET.
	p := &store.RowPage{Columns: cols, Rows: page, HasPrev: start > 0, HasNext: end < n, Keyset: len(t.info.PrimaryKey) > 0}
	setCursorOffset(nilTB{}, &p.Start, int64(start))
	setCursorOffset(nilTB{}, &p.End, int64(end))
	return p, nil
}

// nilTB is a testing.TB stand-in for helpers called outside a test's
// goroutine; Fatalf panics.
type nilTB struct{ testing.TB }

func (nilTB) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// FullValue finds the row by its first column (the fixtures' key).
func (f *fakeStore) FullValue(_ context.Context, info *store.TableInfo, cols []store.Column, row store.Row, column string) (store.Value, error) {
	if err := f.fail(); err != nil {
		return store.Value{}, err
	}
	f.mu.Lock()
	f.fullValues++
	f.mu.Unlock()
	t := f.tables[info.Name]
	for _, r := range t.rows {
		if string(r[0].Bytes) != string(row[0].Bytes) {
			continue
		}
		for i, c := range cols {
			if c.Name == column {
				return r[i], nil
			}
		}
	}
	return store.Value{}, fmt.Errorf("no such row")
}

func (f *fakeStore) Databases(context.Context) ([]store.Database, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return []store.Database{{Name: "demobots", Tables: int64(len(f.tables))}, {Name: "shop", Tables: 1, Bytes: 16384},
		{Name: "information_schema", Tables: 80, System: true}}, nil
}

func (f *fakeStore) Triggers(_ context.Context, table string) ([]store.Trigger, error) {
	return f.triggers[table], f.fail()
}

func (f *fakeStore) Routines(context.Context) ([]store.Routine, error) { return f.routines, f.fail() }

func (f *fakeStore) RoutineSQL(_ context.Context, r store.Routine) (string, error) {
	return "CREATE " + r.Type + " `" + r.Name + "`() SELECT 1", f.fail()
}

func (f *fakeStore) Relations(_ context.Context, _ *store.TableInfo, _ []store.Column, _ store.Row) ([]store.RelationCount, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.relCalls++
	f.mu.Unlock()
	if f.relErr != nil {
		return nil, f.relErr
	}
	return f.rels, nil
}

func (f *fakeStore) Orphans(_ context.Context, rel store.ForeignKey) (int64, error) {
	if err := f.fail(); err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.orphanErr != nil {
		return 0, f.orphanErr
	}
	return f.orphans[rel.Table+"."+strings.Join(rel.Columns, ",")], nil
}

func (f *fakeStore) UserSummary(_ context.Context, id int64) (*store.UserSummary, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	u, ok := f.users[id]
	if !ok {
		return nil, fmt.Errorf("no user %d", id)
	}
	return u, nil
}

func (f *fakeStore) SessionScores(_ context.Context, id int64) ([]store.ScoreRow, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.scores[id], nil
}

func (f *fakeStore) UserScores(context.Context, int64, int) ([]store.ScorePoint, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.points, nil
}

func (f *fakeStore) Info(context.Context) (*store.ServerInfo, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	info := f.info
	return &info, nil
}

// fixtures

func col(name, dataType string) store.Column {
	return store.Column{Name: name, Type: dataType, DataType: dataType}
}

func val(s string) store.Value { return store.Value{Bytes: []byte(s)} }

var null = store.Value{Null: true}

func intRow(vals ...any) store.Row {
	r := make(store.Row, len(vals))
	for i, v := range vals {
		switch v := v.(type) {
		case nil:
			r[i] = null
		case int:
			r[i] = val(strconv.Itoa(v))
		case string:
			r[i] = val(v)
		case []byte:
			r[i] = store.Value{Bytes: v}
		}
	}
	return r
}

var fixedTime = time.Date(2025, 1, 3, 10, 12, 0, 0, time.UTC)

// demoStore is a small demobots database: 5 levels, 20 users (so that
// paging with page size 5 has four pages), 2 sessions for user 1, and a
// generic table "notes" with awkward values.
func demoStore() *fakeStore {
	usersInfo := &store.TableInfo{Name: "users",
		Columns:    []store.Column{col("id", "int"), col("created_at", "datetime"), col("username", "varchar"), col("date_of_birth", "date")},
		PrimaryKey: []string{"id"},
	}
	sessionsFK := store.ForeignKey{Name: "sessions_user_id_fk", Table: "sessions", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnUpdate: "NO ACTION", OnDelete: "NO ACTION"}
	usersInfo.Incoming = []store.ForeignKey{sessionsFK}
	usersInfo.Indexes = []store.Index{{Name: "PRIMARY", Columns: []string{"id"}, Primary: true, Unique: true}, {Name: "users_username_unique", Columns: []string{"username"}, Unique: true}}
	def := "CURRENT_TIMESTAMP"
	usersInfo.Columns[1].Default = &def
	usersInfo.Columns[0].Key, usersInfo.Columns[0].Extra = "PRI", "auto_increment"
	var users []store.Row
	for i := 1; i <= 20; i++ {
		users = append(users, intRow(i, fmt.Sprintf("2025-01-%02d 10:00:00", i), fmt.Sprintf("user_%02d", i), "1999-05-17"))
	}
	sessionsInfo := &store.TableInfo{Name: "sessions",
		Columns:    []store.Column{col("id", "int"), col("user_id", "int"), col("created_at", "datetime"), col("duration", "int")},
		PrimaryKey: []string{"id"}, Outgoing: []store.ForeignKey{sessionsFK},
	}
	sessions := []store.Row{intRow(1, 1, "2025-01-03 11:00:00", 3600), intRow(2, 1, "2025-01-04 09:30:00", 5400), intRow(3, 2, "2025-01-05 08:00:00", 1800)}
	levelsInfo := &store.TableInfo{Name: "levels", Columns: []store.Column{col("id", "int"), col("name", "varchar"), col("difficulty", "int")}, PrimaryKey: []string{"id"}}
	var levels []store.Row
	for i, n := range []string{"Beginner", "Intermediate", "Advanced", "Expert", "Master"} {
		levels = append(levels, intRow(i+1, n, i+1))
	}
	notesInfo := &store.TableInfo{Name: "notes", Columns: []store.Column{col("id", "int"), col("body", "text"), {Name: "blob", Type: "varbinary(16)", DataType: "varbinary", Binary: true}}, PrimaryKey: []string{"id"}}
	notes := []store.Row{
		intRow(1, "plain", []byte("hi")),
		intRow(2, nil, nil),
		intRow(3, "", []byte{}),
		intRow(4, "NULL", []byte{0xde, 0xad, 0xbe, 0xef}),
		intRow(5, "\x1b]0;pwned\x07\x1b[2Jgone", nil),
		intRow(6, "日本語のテキスト", nil),
		intRow(7, "emoji 😀👍 ok", nil),
	}
	tables := map[string]*fakeTable{
		"users":    {info: usersInfo, rows: users, ddl: "CREATE TABLE `users` (\n  `id` int(11) NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB"},
		"sessions": {info: sessionsInfo, rows: sessions},
		"levels":   {info: levelsInfo, rows: levels},
		"notes":    {info: notesInfo, rows: notes},
		"scores": {info: &store.TableInfo{Name: "scores", Columns: []store.Column{col("id", "int"), col("session_id", "int"), col("score", "int")}, PrimaryKey: []string{"id"}},
			rows: []store.Row{intRow(1, 1, 4800), intRow(2, 1, 700)}},
		"user_profiles": {info: &store.TableInfo{Name: "user_profiles", Columns: []store.Column{col("id", "int")}, PrimaryKey: []string{"id"}}},
	}
	u1 := &store.UserSummary{
		User:    store.User{ID: 1, Username: "user_01", CreatedAt: fixedTime, DateOfBirth: time.Date(1999, 5, 17, 0, 0, 0, 0, time.UTC)},
		Profile: &store.Profile{ID: 1, FirstName: "Ada", LastName: "Lovelace", Title: "Senior"},
		Sessions: []store.SessionSummary{
			{ID: 1, CreatedAt: fixedTime.Add(time.Hour), Duration: 3600, Scores: 3, AvgScore: 2500, BestScore: 4800, AvgAccuracy: 0.71},
			{ID: 2, CreatedAt: fixedTime.Add(24 * time.Hour), Duration: 5400, Scores: 2, AvgScore: 1200, BestScore: 2000, AvgAccuracy: 0.5},
		},
	}
	var points []store.ScorePoint
	for i := 0; i < 5; i++ {
		points = append(points, store.ScorePoint{At: fixedTime.Add(time.Duration(i) * time.Hour), Score: int64(1000 * (i + 1))})
	}
	return &fakeStore{
		tables: tables,
		rels: []store.RelationCount{
			{FK: sessionsFK, Incoming: true, Rows: 2},
		},
		users:  map[int64]*store.UserSummary{1: u1},
		points: points,
		scores: map[int64][]store.ScoreRow{1: {
			{ID: 1, SessionID: 1, LevelID: 1, Level: "Beginner", CreatedAt: fixedTime.Add(70 * time.Minute), Score: 4800, TimeTaken: 300, Accuracy: 0.9},
			{ID: 2, SessionID: 1, LevelID: 3, Level: "Advanced", CreatedAt: fixedTime.Add(90 * time.Minute), Score: 700, TimeTaken: 610, Accuracy: 0.42},
		}},
		info: store.ServerInfo{Database: "demobots", Host: "127.0.0.1:3306", User: "root", Version: "10.11.19-MariaDB-0+deb12u1",
			Flavor: store.Flavor{Kind: store.FlavorMariaDB, Version: "10.11.19", Reported: "10.11.19-MariaDB-0+deb12u1"}},
	}
}

// fakeActions records the actions it is asked to run.
type fakeActions struct {
	mu        sync.Mutex
	plan      *seeder.Plan
	prunePlan *seeder.Plan // what PlanPush returns with prune
	prunes    []bool       // the prune argument of each PlanPush
	planErr   error
	applied   []*seeder.Plan
	resets    int
	seeds     []seeder.Options
	block     bool // Seed waits for its context to end
	started   chan struct{}
	embedded  bool
	seedErr   error
}

var _ Actions = (*fakeActions)(nil)

func (a *fakeActions) PlanPush(_ context.Context, prune bool) (*seeder.Plan, error) {
	a.mu.Lock()
	a.prunes = append(a.prunes, prune)
	a.mu.Unlock()
	if prune && a.prunePlan != nil {
		return a.prunePlan, a.planErr
	}
	return a.plan, a.planErr
}

func (a *fakeActions) ApplyPush(_ context.Context, p *seeder.Plan, progress func(seeder.Event)) (int, error) {
	a.mu.Lock()
	a.applied = append(a.applied, p)
	a.mu.Unlock()
	for i := range p.Changes {
		progress(seeder.Event{Phase: "apply", Done: int64(i + 1), Total: int64(len(p.Changes))})
	}
	return len(p.Changes), nil
}

func (a *fakeActions) Reset(_ context.Context, progress func(seeder.Event)) error {
	a.mu.Lock()
	a.resets++
	a.mu.Unlock()
	progress(seeder.Event{Phase: seeder.PhaseReset, Done: 1, Total: 1})
	return nil
}

func (a *fakeActions) Seed(ctx context.Context, o seeder.Options) error {
	a.mu.Lock()
	a.seeds = append(a.seeds, o)
	a.mu.Unlock()
	o.Progress(seeder.Event{Phase: seeder.PhaseLoad, Table: "levels", Done: 5, Total: 5})
	o.Progress(seeder.Event{Phase: seeder.PhaseLoad, Table: "users", Done: int64(o.Users), Total: int64(o.Users)})
	if a.block {
		if a.started != nil {
			close(a.started)
		}
		<-ctx.Done()
		return fmt.Errorf("seed: %w", ctx.Err())
	}
	o.Progress(seeder.Event{Phase: seeder.PhaseCommit, Done: 1, Total: 1})
	return a.seedErr
}

func (a *fakeActions) DatabaseName() string { return "demobots" }
func (a *fakeActions) Embedded() bool       { return a.embedded }

// harness drives a Model like the Bubble Tea runtime, but synchronously:
// commands run one at a time in order and their messages go back to
// Update. Timers are off (noAnim), so every command ends.
type harness struct {
	t       testing.TB
	m       *Model
	pending []tea.Cmd
}

func newHarness(t testing.TB, st *fakeStore, act Actions, w, h int, edit ...func(*Deps)) *harness {
	t.Helper()
	return newHarnessWith(t, st, act, w, h, nil, edit...)
}

// newHarnessWith is newHarness with launchers of the test's own.
func newHarnessWith(t testing.TB, st *fakeStore, act Actions, w, h int, h2extra []launcher, edit ...func(*Deps)) *harness {
	t.Helper()
	d := Deps{Store: st, PageSize: 5, Label: "root@127.0.0.1:3306/demobots"}
	if act != nil {
		d.Actions = act
	}
	for _, e := range edit {
		e(&d)
	}
	m := newModel(d, h2extra...)
	m.c.noAnim = true
	h2 := &harness{t: t, m: m}
	h2.send(tea.WindowSizeMsg{Width: w, Height: h})
	h2.queue(m.Init())
	h2.settle()
	return h2
}

func (h *harness) queue(cmd tea.Cmd) {
	if cmd != nil {
		h.pending = append(h.pending, cmd)
	}
}

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.m.Update(msg)
	h.queue(cmd)
}

// runCmd runs one command with a deadline.
func runCmd(t testing.TB, cmd tea.Cmd) tea.Msg {
	t.Helper()
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(5 * time.Second):
		t.Fatalf("a command did not return")
		return nil
	}
}

// settle runs pending commands until none is left.
func (h *harness) settle() {
	h.t.Helper()
	for n := 0; len(h.pending) > 0; n++ {
		if n > 10000 {
			h.t.Fatalf("commands never settle")
		}
		cmd := h.pending[0]
		h.pending = h.pending[1:]
		msg := runCmd(h.t, cmd)
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				h.queue(c)
			}
			continue
		}
		if msg != nil {
			h.send(msg)
		}
	}
}

// press sends keys ("enter", "j", "ctrl+c", ...) and settles after each.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyPress(k))
		h.settle()
	}
}

// typeText types each character of s.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		h.settle()
	}
}

func keyPress(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"backspace": {Code: tea.KeyBackspace},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"pgup":      {Code: tea.KeyPgUp},
		"pgdown":    {Code: tea.KeyPgDown},
		"home":      {Code: tea.KeyHome},
		"end":       {Code: tea.KeyEnd},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+d":    {Code: 'd', Mod: tea.ModCtrl},
		"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},

		// The query console's keys.
		"ctrl+e":     {Code: 'e', Mod: tea.ModCtrl},
		"ctrl+r":     {Code: 'r', Mod: tea.ModCtrl},
		"ctrl+x":     {Code: 'x', Mod: tea.ModCtrl},
		"ctrl+enter": {Code: tea.KeyEnter, Mod: tea.ModCtrl},
		"alt+r":      {Code: 'r', Mod: tea.ModAlt},
	}
	if m, ok := named[k]; ok {
		return m
	}
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if rest, ok := strings.CutPrefix(k, "ctrl+"); ok && len([]rune(rest)) == 1 {
		return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is the current View without styles.
func (h *harness) screen() string {
	return stripANSI(h.m.View().Content)
}

// selectTable moves the table cursor to name.
func (h *harness) selectTable(name string) {
	h.t.Helper()
	for i, t := range h.m.c.catalog.tables {
		if t.Name == name {
			h.m.tables.cursor = i
			h.m.syncKeys()
			return
		}
	}
	h.t.Fatalf("no table %s", name)
}

// openTable selects a table in the list and presses enter.
func (h *harness) openTable(name string) *grid {
	h.t.Helper()
	h.m.focus = focusTables
	h.m.syncKeys()
	h.selectTable(name)
	h.m.tables.scrollTo()
	h.press("enter")
	g, ok := h.m.top().(*grid)
	if !ok {
		h.t.Fatalf("enter on %s shows %T, not a grid", name, h.m.top())
	}
	return g
}

var errRefused = errors.New("dial tcp 127.0.0.1:3306: connect: connection refused")

func teaSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// progress is the running action's dialog, or nil.
func (h *harness) progress() *progressDialog {
	p, _ := h.m.dialog.(*progressDialog)
	return p
}
