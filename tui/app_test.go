package tui

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

func stripANSI(s string) string { return ansi.Strip(s) }

func TestStartsWithTablesSortedAndFocused(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 80, 24)
	if h.m.focus != focusTables {
		t.Fatalf("focus = %v, want the table list", h.m.focus)
	}
	var names []string
	for _, tb := range h.m.c.catalog.tables {
		names = append(names, tb.Name)
	}
	if got := strings.Join(names, ","); got != "levels,notes,scores,sessions,user_profiles,users" {
		t.Fatalf("tables = %s", got)
	}
	if !h.m.c.demobots {
		t.Fatal("demobots schema not recognised")
	}
	scr := h.screen()
	for _, want := range []string{"Tables (6)", "~20", "demobots", "MariaDB 10.11.19", "read-write"} {
		if !strings.Contains(scr, want) {
			t.Errorf("screen lacks %q:\n%s", want, scr)
		}
	}
}

func TestExactCount(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	h.selectTable("users")
	h.press("c")
	tb, _ := h.m.c.catalog.table("users")
	if !tb.Exact || tb.Rows != 20 {
		t.Fatalf("after c: %+v", tb)
	}
	if len(st.counts) != 1 || st.counts[0] != "users" {
		t.Fatalf("counts = %v", st.counts)
	}
	if !strings.Contains(h.screen(), "users: 20 rows") {
		t.Fatalf("count not reported:\n%s", h.screen())
	}
}

func TestEnterOpensRowsAndFocusesThem(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	g := h.openTable("levels")
	if h.m.focus != focusMain {
		t.Fatal("focus did not move to the rows")
	}
	if len(g.rows) != 5 || g.loading {
		t.Fatalf("rows = %d, loading = %v", len(g.rows), g.loading)
	}
	q := st.lastQuery()
	if q.Table != "levels" || q.Limit != 5 || q.After != nil || q.Before != nil || q.Sort != nil || len(q.Filters) != 0 {
		t.Fatalf("first query = %+v", q)
	}
	if !strings.Contains(h.screen(), "Intermediate") {
		t.Fatalf("rows not shown:\n%s", h.screen())
	}
	h.press("tab")
	if h.m.focus != focusTables {
		t.Fatal("tab did not switch to the list")
	}
	h.press("tab")
	if h.m.focus != focusMain {
		t.Fatal("tab did not switch back")
	}
	h.press("esc")
	if h.m.focus != focusTables {
		t.Fatal("esc on the first view did not return to the list")
	}
}

func TestPagingFetchesTheNextPageAtTheEnd(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	g := h.openTable("users")
	if len(g.rows) != 5 {
		t.Fatalf("first page has %d rows", len(g.rows))
	}
	n := st.queryCount()
	h.press("j", "j", "j")
	if st.queryCount() != n {
		t.Fatal("fetched before reaching the end of the window")
	}
	h.press("j") // row 5: the last loaded row
	q := st.lastQuery()
	if st.queryCount() != n+1 || q.After == nil || cursorOffset(q.After) != 5 {
		t.Fatalf("at the last row: %d queries, last %+v", st.queryCount()-n, q)
	}
	if len(g.rows) != 10 || g.cursor != 4 {
		t.Fatalf("window %d rows, cursor %d", len(g.rows), g.cursor)
	}
	// Walk to the end: the window never holds more than maxPages pages.
	for i := 0; i < 30; i++ {
		h.press("j")
		if len(g.rows) > maxPages*5 {
			t.Fatalf("window grew to %d rows", len(g.rows))
		}
	}
	row, _ := g.current()
	if string(row[0].Bytes) != "20" || !strings.Contains(h.screen(), "row 20 of 20") {
		t.Fatalf("at the end: row %s\n%s", row[0].Bytes, h.screen())
	}
	// Back up past the window's start: the previous page comes with Before.
	if g.origin != 5 || !g.pages[0].page.HasPrev {
		t.Fatalf("window starts at %d", g.origin)
	}
	for i := 0; i < 14; i++ {
		h.press("k")
	}
	q = st.lastQuery()
	if q.Before == nil || cursorOffset(q.Before) != 5 {
		t.Fatalf("moving up did not fetch the previous page: %+v", q)
	}
	row, _ = g.current()
	if string(row[0].Bytes) != "6" || g.origin != 0 || len(g.rows) > maxPages*5 {
		t.Fatalf("after moving up: row %s", row[0].Bytes)
	}
	// g goes back to the first page, G to the last one.
	h.press("g")
	row, _ = g.current()
	if string(row[0].Bytes) != "1" || g.pages[0].page.HasPrev {
		t.Fatalf("g: row %s", row[0].Bytes)
	}
	h.press("G")
	row, _ = g.current()
	if q := st.lastQuery(); !q.Last || string(row[0].Bytes) != "20" {
		t.Fatalf("G: row %s, query %+v", row[0].Bytes, q)
	}
}

func TestSortCyclesAscDescOff(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	g := h.openTable("levels")
	h.press("l") // name
	h.press("s")
	if q := st.lastQuery(); q.Sort == nil || q.Sort.Column != "name" || q.Sort.Desc || q.After != nil {
		t.Fatalf("first s: %+v", q.Sort)
	}
	if row, _ := g.current(); string(row[1].Bytes) != "Advanced" {
		t.Fatalf("ascending starts with %s", row[1].Bytes)
	}
	h.press("s")
	if q := st.lastQuery(); q.Sort == nil || !q.Sort.Desc {
		t.Fatalf("second s: %+v", q.Sort)
	}
	if !strings.Contains(h.screen(), "sort name ↓") {
		t.Fatalf("footer does not show the sort:\n%s", h.screen())
	}
	h.press("s")
	if q := st.lastQuery(); q.Sort != nil {
		t.Fatalf("third s: %+v", q.Sort)
	}
}

func TestFilterBuildsTheQuery(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	g := h.openTable("users")
	h.press("l", "l") // username
	h.press("/")
	if _, ok := h.m.dialog.(*filterDialog); !ok {
		t.Fatal("/ did not open the filter")
	}
	h.press("enter")                      // column: username (the current one)
	h.press("j", "j", "j", "j", "j", "j") // operator: LIKE
	h.press("enter")
	h.typeText("user_1%")
	h.press("enter")
	q := st.lastQuery()
	want := []store.Filter{{Column: "username", Op: store.OpLike, Value: "user_1%"}}
	if len(q.Filters) != 1 || q.Filters[0] != want[0] || q.After != nil {
		t.Fatalf("query filters = %+v", q.Filters)
	}
	if len(g.rows) != 5 || h.m.dialog != nil {
		t.Fatalf("%d rows after the filter", len(g.rows))
	}
	if !strings.Contains(h.screen(), "where username LIKE 'user_1%'") {
		t.Fatalf("footer does not show the filter:\n%s", h.screen())
	}
	// IS NULL needs no value; "clear filters" is offered first.
	h.press("/", "g", "down", "enter")
	for i := 0; i < 11; i++ { // IS NULL
		h.press("j")
	}
	h.press("enter")
	if q := st.lastQuery(); len(q.Filters) != 2 || q.Filters[1].Op != store.OpIsNull || q.Filters[1].Column != "id" {
		t.Fatalf("second filter: %+v", q.Filters)
	}
	h.press("/", "g", "enter")
	if q := st.lastQuery(); len(q.Filters) != 0 {
		t.Fatalf("clear left %+v", q.Filters)
	}
}

func TestRecordViewAndBackRestoresPosition(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	g := h.openTable("notes")
	h.press("j", "j", "j", "l")
	cursor, colIdx := g.cursor, g.col
	h.press("enter")
	r, ok := h.m.top().(*recordView)
	if !ok {
		t.Fatalf("enter on notes shows %T", h.m.top())
	}
	scr := h.screen()
	for _, want := range []string{"notes id=4", "body", "NULL", "4 B binary", "de ad be ef"} {
		if !strings.Contains(scr, want) {
			t.Errorf("record view lacks %q:\n%s", want, scr)
		}
	}
	h.press("j")
	if r.cursor != 1 {
		t.Fatalf("record cursor = %d", r.cursor)
	}
	h.press("y")
	if !strings.Contains(h.screen(), "copied 4 characters") {
		t.Fatalf("copy not reported:\n%s", h.screen())
	}
	h.press("esc")
	if h.m.top() != g || g.cursor != cursor || g.col != colIdx {
		t.Fatalf("back: top %T cursor %d col %d", h.m.top(), g.cursor, g.col)
	}
}

func TestRelationsDrillDownAndBack(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	g := h.openTable("users")
	h.press("j", "j", "j", "j", "j", "j") // user 7 (second page)
	h.press("o")
	rm, ok := h.m.dialog.(*relationsDialog)
	if !ok {
		t.Fatalf("o opened %T", h.m.dialog)
	}
	if !strings.Contains(h.screen(), "← sessions.user_id") || !strings.Contains(h.screen(), "2 rows") {
		t.Fatalf("menu:\n%s", h.screen())
	}
	_ = rm
	h.press("enter")
	sg, ok := h.m.top().(*grid)
	if !ok || sg == g || sg.table != "sessions" {
		t.Fatalf("relation opened %T", h.m.top())
	}
	want := store.Filter{Column: "user_id", Op: store.OpEq, Value: "7"}
	if len(sg.filters) != 1 || sg.filters[0] != want {
		t.Fatalf("relation filters = %+v", sg.filters)
	}
	if !strings.Contains(h.screen(), "users › sessions user_id=7") {
		t.Fatalf("breadcrumb:\n%s", h.screen())
	}
	h.press("backspace")
	if h.m.top() != g || g.cursor != 6 || g.origin != 0 {
		t.Fatalf("back: cursor %d origin %d", g.cursor, g.origin)
	}
	if row, _ := g.current(); string(row[0].Bytes) != "7" {
		t.Fatalf("back on row %s", row[0].Bytes)
	}
}

func TestRelationsWithoutCounts(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.relErr = errors.New("Error 1105: result max1Row iterator returned more than one row")
	h := newHarness(t, st, nil, 100, 30)
	h.openTable("sessions")
	h.press("o")
	rm, ok := h.m.dialog.(*relationsDialog)
	if !ok || len(rm.rels) != 1 || rm.rels[0].Rows != -1 {
		t.Fatalf("menu without counts: %T", h.m.dialog)
	}
	scr := h.screen()
	if !strings.Contains(scr, "→ users via user_id") || !strings.Contains(scr, "? rows") || !strings.Contains(scr, "count related rows") {
		t.Fatalf("menu:\n%s", scr)
	}
	h.press("enter")
	if g, ok := h.m.top().(*grid); !ok || g.table != "users" || len(g.rows) != 1 {
		t.Fatalf("parent: %T", h.m.top())
	}
}

func TestUserViewAndSessionScores(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	h.openTable("users")
	h.press("enter")
	u, ok := h.m.top().(*userView)
	if !ok {
		t.Fatalf("enter on a user shows %T", h.m.top())
	}
	scr := h.screen()
	for _, want := range []string{"Ada Lovelace", "Senior", "@user_01", "born 1999-05-17", "Scores over time (5 scores)", "2025-01-03 11:12", "█"} {
		if !strings.Contains(scr, want) {
			t.Errorf("user view lacks %q", want)
		}
	}
	h.press("enter")
	sv, ok := h.m.top().(*scoresView)
	if !ok || sv.sessionID != 1 {
		t.Fatalf("enter on a session shows %T", h.m.top())
	}
	if scr := h.screen(); !strings.Contains(scr, "Beginner") || !strings.Contains(scr, "Advanced") {
		t.Fatalf("scores lack level names:\n%s", scr)
	}
	h.press("esc")
	if h.m.top() != u {
		t.Fatal("esc did not return to the user")
	}
	// Enter on a sessions row opens its scores too.
	h.openTable("sessions")
	h.press("enter")
	if sv, ok := h.m.top().(*scoresView); !ok || sv.sessionID != 1 {
		t.Fatalf("enter on a session row shows %T", h.m.top())
	}
}

func TestStructureView(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 40)
	h.selectTable("users")
	h.press("i")
	if _, ok := h.m.top().(*structureView); !ok {
		t.Fatalf("i shows %T", h.m.top())
	}
	scr := h.screen()
	for _, want := range []string{"Columns", "auto_increment", "CURRENT_TIMESTAMP", "users_username_unique", "Referenced by", "sessions(user_id)", "CREATE TABLE `users`"} {
		if !strings.Contains(scr, want) {
			t.Errorf("structure lacks %q:\n%s", want, scr)
		}
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	// Open users but hold its result back; open levels; then deliver both.
	h.selectTable("users")
	h.send(keyPress("enter"))
	held := h.pending
	h.pending = nil
	h.m.focus = focusTables
	h.m.syncKeys()
	h.selectTable("levels")
	h.press("enter")
	for _, c := range held {
		h.queue(c)
	}
	h.settle()
	g := h.m.top().(*grid)
	if g.table != "levels" || len(g.rows) != 5 || string(g.rows[0][1].Bytes) != "Beginner" {
		t.Fatalf("a late result replaced the view: %s %d rows", g.table, len(g.rows))
	}
	// Within one view, an older request loses to a newer one.
	h.press("l", "s")
	h.send(keyPress("s")) // desc: hold its result
	held = h.pending
	h.pending = nil
	h.send(keyPress("s")) // off
	h.settle()
	for _, c := range held {
		h.queue(c)
	}
	h.settle()
	if g.sort != nil || string(g.rows[0][0].Bytes) != "1" {
		t.Fatalf("a stale page won: sort %+v first id %s", g.sort, g.rows[0][0].Bytes)
	}
}

func TestErrorsGoToStatusAndTheTUIRecovers(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	g := h.openTable("users")
	st.setErr(errRefused)
	for i := 0; i < 5; i++ {
		h.press("j")
	}
	if !h.m.offline || !strings.Contains(h.screen(), "disconnected") || !strings.Contains(h.screen(), "database unreachable") {
		t.Fatalf("server loss not shown:\n%s", h.screen())
	}
	if g.loading {
		t.Fatal("the grid is wedged in loading")
	}
	if len(g.rows) != 5 {
		t.Fatalf("rows lost: %d", len(g.rows))
	}
	st.setErr(nil)
	h.press("j") // moving again retries
	if len(g.rows) != 10 {
		t.Fatalf("retry did not load: %d rows", len(g.rows))
	}
	if h.m.offline || !strings.Contains(h.screen(), "connection restored") {
		t.Fatalf("recovery not shown:\n%s", h.screen())
	}
	// A failing first load shows the error in the view; r retries.
	st.setErr(errors.New("Error 1146: Table 'demobots.levels' doesn't exist"))
	lg := h.openTable("levels")
	if lg.err == nil || !strings.Contains(h.screen(), "could not load") {
		t.Fatalf("error not in the view:\n%s", h.screen())
	}
	st.setErr(nil)
	h.press("r")
	if lg.err != nil || len(lg.rows) != 5 {
		t.Fatalf("r did not reload: %v", lg.err)
	}
}

func TestReadOnlyDisablesActions(t *testing.T) {
	t.Parallel()
	act := &fakeActions{plan: &seeder.Plan{Changes: []seeder.Change{{SQL: "DROP TABLE x", Destructive: true}}}}
	h := newHarness(t, demoStore(), act, 80, 24, func(d *Deps) { d.ReadOnly = true })
	k := h.m.c.keys
	if k.Global.Push.Enabled() || k.Global.Reset.Enabled() || k.Global.Reseed.Enabled() {
		t.Fatal("actions enabled in read-only mode")
	}
	for _, key := range []string{"P", "X", "R"} {
		h.press(key)
		if h.m.dialog != nil {
			t.Fatalf("%s did something in read-only mode", key)
		}
	}
	if !strings.Contains(h.screen(), "read-only") {
		t.Fatalf("no read-only notice:\n%s", h.screen())
	}
	h.press("?")
	if !strings.Contains(h.screen(), "push, reset and reseed are disabled: the connection is read-only") {
		t.Fatalf("help does not say so:\n%s", h.screen())
	}
	if len(act.applied)+act.resets+len(act.seeds) != 0 {
		t.Fatal("an action ran")
	}
}

func TestResetRequiresTheTypedName(t *testing.T) {
	t.Parallel()
	st := demoStore()
	act := &fakeActions{}
	h := newHarness(t, st, act, 80, 24)
	h.press("X")
	if _, ok := h.m.dialog.(*confirmDialog); !ok {
		t.Fatalf("X opened %T", h.m.dialog)
	}
	h.typeText("demobot")
	h.press("enter")
	if act.resets != 0 || !strings.Contains(h.screen(), "that is not the database name") {
		t.Fatalf("a wrong name was accepted:\n%s", h.screen())
	}
	h.press("esc")
	if h.m.dialog != nil || act.resets != 0 {
		t.Fatal("esc did not cancel")
	}
	n := st.queryCount()
	g := h.openTable("levels")
	h.press("X")
	h.typeText("demobots")
	h.press("enter")
	if act.resets != 1 {
		t.Fatalf("resets = %d", act.resets)
	}
	if h.m.dialog != nil {
		t.Fatal("the action did not finish")
	}
	if !strings.Contains(h.screen(), "reset: the demobots tables are emp") {
		t.Fatalf("no result:\n%s", h.screen())
	}
	if st.queryCount() <= n+1 || g.loading {
		t.Fatal("the rows were not refreshed")
	}
}

func TestReseedAsksOptionsShowsProgressAndRefreshes(t *testing.T) {
	t.Parallel()
	st := demoStore()
	act := &fakeActions{embedded: true}
	h := newHarness(t, st, act, 100, 30)
	h.press("R")
	f, ok := h.m.dialog.(*seedForm)
	if !ok {
		t.Fatalf("R opened %T", h.m.dialog)
	}
	if f.inputs[0].Value() != "1234" || f.inputs[1].Value() != "12" {
		t.Fatalf("defaults %q %q", f.inputs[0].Value(), f.inputs[1].Value())
	}
	h.press("tab")
	for i := 0; i < 2; i++ {
		h.press("backspace")
	}
	h.typeText("5000")
	h.press("enter")
	c, ok := h.m.dialog.(*confirmDialog)
	if !ok {
		t.Fatalf("the form led to %T", h.m.dialog)
	}
	if !strings.Contains(h.screen(), "embedded engine") {
		t.Fatalf("no warning for a large embedded reseed:\n%s", h.screen())
	}
	_ = c
	h.typeText("demobots")
	tablesBefore := h.m.tables.seq
	h.press("enter")
	if len(act.seeds) != 1 {
		t.Fatalf("seeds = %d", len(act.seeds))
	}
	o := act.seeds[0]
	if o.Seed != 1234 || o.Users == 12 || o.Users != 5000 || o.SessionsPerUser != 5 {
		t.Fatalf("options %+v", o)
	}
	if !strings.Contains(h.screen(), "reseeded") || h.m.tables.seq == tablesBefore {
		t.Fatalf("no refresh after the reseed:\n%s", h.screen())
	}
}

func TestReseedCanBeCancelled(t *testing.T) {
	t.Parallel()
	act := &fakeActions{block: true, started: make(chan struct{})}
	h := newHarness(t, demoStore(), act, 100, 30)
	h.press("R", "enter", "enter")
	h.typeText("demobots")
	h.send(keyPress("enter"))
	// Run the commands in the background, as the runtime would.
	msgs := make(chan tea.Msg, 16)
	var start func(cmd tea.Cmd)
	start = func(cmd tea.Cmd) {
		go func() {
			msg := cmd()
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					if c != nil {
						start(c)
					}
				}
				return
			}
			msgs <- msg
		}()
	}
	for _, c := range h.pending {
		start(c)
	}
	h.pending = nil
	<-act.started
	recv := func() tea.Msg {
		select {
		case m := <-msgs:
			return m
		case <-time.After(5 * time.Second):
			t.Fatal("no message")
			return nil
		}
	}
	// Progress arrives while the seed runs.
	for h.progress() != nil && h.progress().done() < 5 {
		h.send(recv())
		for _, c := range h.pending {
			start(c)
		}
		h.pending = nil
	}
	if !strings.Contains(h.screen(), "Reseeding demobots") || !strings.Contains(h.screen(), "rows/s") {
		t.Fatalf("no progress:\n%s", h.screen())
	}
	h.send(keyPress("esc"))
	h.pending = nil
	for h.progress() != nil {
		h.send(recv())
		for _, c := range h.pending {
			_ = c() // the progress channel's last message: nothing to show
		}
		h.pending = nil
	}
	if !strings.Contains(h.screen(), "reseed cancelled: the previous data is intact") {
		t.Fatalf("cancel not reported:\n%s", h.screen())
	}
}

func TestPushShowsThePlanAndAppliesOnYes(t *testing.T) {
	t.Parallel()
	act := &fakeActions{plan: &seeder.Plan{Changes: []seeder.Change{
		{SQL: "ALTER TABLE `users` ADD COLUMN `nickname` varchar(20) NOT NULL", Comment: "add column nickname"},
		{SQL: "ALTER TABLE `users` DROP COLUMN `legacy`", Comment: "drop column legacy", Destructive: true, Warning: "drops column users.legacy", Rows: 12},
	}}}
	h := newHarness(t, demoStore(), act, 100, 30)
	h.press("P")
	if _, ok := h.m.dialog.(*planDialog); !ok {
		t.Fatalf("P opened %T", h.m.dialog)
	}
	scr := h.screen()
	for _, want := range []string{"! ALTER TABLE `users` DROP COLUMN `legacy`", "⚠ drops column users.legacy (12 rows)", "(1 destructive)", "y / N"} {
		if !strings.Contains(scr, want) {
			t.Errorf("plan lacks %q:\n%s", want, scr)
		}
	}
	h.press("enter") // the default is No
	if h.m.dialog != nil || len(act.applied) != 0 || !strings.Contains(h.screen(), "push cancelled") {
		t.Fatal("enter applied the plan")
	}
	h.press("P", "y") // a destructive plan needs the name typed too
	if _, ok := h.m.dialog.(*confirmDialog); !ok || len(act.applied) != 0 {
		t.Fatalf("y on a destructive plan: %T, %d applied", h.m.dialog, len(act.applied))
	}
	h.typeText("demobots")
	h.press("enter")
	if len(act.applied) != 1 || !strings.Contains(h.screen(), "push applied 2 statements") {
		t.Fatalf("the typed name did not apply:\n%s", h.screen())
	}
	act.plan = &seeder.Plan{Changes: act.plan.Changes[:1]}
	h.press("P", "y") // nothing destructive: y alone applies
	if len(act.applied) != 2 {
		t.Fatalf("y did not apply a safe plan:\n%s", h.screen())
	}
	act.plan = &seeder.Plan{}
	h.press("P")
	if h.m.dialog != nil || !strings.Contains(h.screen(), "No changes") {
		t.Fatalf("empty plan:\n%s", h.screen())
	}
}

func TestTooSmall(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 50, 12)
	if !strings.Contains(h.screen(), "terminal too small") {
		t.Fatalf("no notice:\n%s", h.screen())
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(h.screen(), "too small") || !strings.Contains(h.screen(), "Tables") {
		t.Fatalf("resize not followed:\n%s", h.screen())
	}
	for _, line := range strings.Split(h.screen(), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Fatalf("line of width %d: %q", w, line)
		}
	}
}

func TestQuitCancelsCounts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 80, 24)
	ctx, cancel := context.WithCancel(context.Background())
	h.m.tables.counting["users"] = countJob{seq: 99, cancel: cancel}
	_, cmd := h.m.Update(keyPress("q"))
	if ctx.Err() == nil {
		t.Fatal("quit left a count running")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q did not quit")
	}
}

func TestTableWithoutKeySaysItPagesByOffset(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.tables["notes"].info.PrimaryKey = nil
	h := newHarness(t, st, nil, 120, 40)
	h.openTable("notes")
	if !strings.Contains(h.screen(), "offset paging") {
		t.Fatalf("no notice of OFFSET paging:\n%s", h.screen())
	}
	h2 := newHarness(t, demoStore(), nil, 120, 40)
	h2.openTable("notes")
	if strings.Contains(h2.screen(), "offset paging") {
		t.Fatal("a keyed table claims OFFSET paging")
	}
}

func TestFailedReseedStaysVisibleAfterTheRefresh(t *testing.T) {
	t.Parallel()
	st := demoStore()
	act := &fakeActions{seedErr: fmt.Errorf("load scores: %w", driver.ErrBadConn)}
	h := newHarness(t, st, act, 100, 30)
	h.press("R", "enter", "enter")
	h.typeText("demobots")
	h.press("enter")
	// The refresh that follows succeeds ("connection restored") but must
	// not hide that the reseed failed.
	if s := h.screen(); !strings.Contains(s, "reseed failed") {
		t.Fatalf("the failure is not shown:\n%s", s)
	}
}

func TestReseedRestartsTheOpenGridAtTheTop(t *testing.T) {
	t.Parallel()
	st := demoStore()
	act := &fakeActions{}
	h := newHarness(t, st, act, 100, 30)
	g := h.openTable("users")
	h.press("G")
	if row, _ := g.current(); string(row[0].Bytes) != "20" {
		t.Fatalf("G went to row %s", row[0].Bytes)
	}
	h.press("R", "enter", "enter")
	h.typeText("demobots")
	h.press("enter")
	if row, _ := g.current(); string(row[0].Bytes) != "1" || g.cursor != 0 {
		t.Fatalf("after the reseed the grid is at row %s (cursor %d)", row[0].Bytes, g.cursor)
	}
}

func TestLastPageKnowsItsRowNumberOnceCountedExactly(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 30)
	h.openTable("users")
	h.press("c", "G")
	if s := h.screen(); !strings.Contains(s, "row 20 of 20") {
		t.Fatalf("after c and G:\n%s", s)
	}
}

func TestPageDownPastTheLoadedRowsIsNotLost(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 30)
	g := h.openTable("users")
	if len(g.rows) != 5 {
		t.Fatalf("window has %d rows", len(g.rows))
	}
	rh := g.rowsHeight()
	h.press("pgdown")
	want := min(1+rh, 20)
	if row, _ := g.current(); string(row[0].Bytes) != fmt.Sprint(want) {
		t.Fatalf("pgdown (%d rows) from row 1 went to row %s, want %d", rh, row[0].Bytes, want)
	}
}

func TestReseedFailingAfterCommitDoesNotClaimARollback(t *testing.T) {
	t.Parallel()
	act := &fakeActions{seedErr: fmt.Errorf("%w, but restart AUTO_INCREMENT: lock wait timeout", seeder.ErrCommitted)}
	h := newHarness(t, demoStore(), act, 120, 30)
	h.press("R", "enter", "enter")
	h.typeText("demobots")
	h.press("enter")
	s := h.screen()
	if strings.Contains(s, "intact") || !strings.Contains(s, "committed") {
		t.Fatalf("status after a post-commit failure:\n%s", s)
	}
}

func TestReseedRecountsTablesExactlyAndKeepsItsMessage(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, &fakeActions{}, 120, 30)
	h.press("R", "enter", "enter")
	h.typeText("demobots")
	h.press("enter")
	for _, tb := range h.m.c.catalog.tables {
		if !tb.Exact {
			t.Errorf("%s still shows an estimate after the reseed", tb.Name)
		}
	}
	if s := h.screen(); !strings.Contains(s, "reseeded") {
		t.Fatalf("the recount hid the reseed's result:\n%s", s)
	}
}
