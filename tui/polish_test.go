package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// TestReseedFormReplacesSelectedValues types into the prefilled fields:
// the value typed replaces the default instead of being appended to it,
// enter moves to the next field, and the next reseed offers the last
// values.
func TestReseedFormReplacesSelectedValues(t *testing.T) {
	t.Parallel()
	act := &fakeActions{}
	h := newHarness(t, demoStore(), act, 100, 30)
	h.press("R")
	f := h.m.dialog.(*seedForm)
	h.typeText("77")
	if got := f.inputs[0].Value(); got != "77" {
		t.Fatalf("typing over the seed gave %q", got)
	}
	h.press("enter") // to the users field
	if f.focus != 1 {
		t.Fatalf("enter left the focus on field %d", f.focus)
	}
	h.typeText("20000")
	if got := f.inputs[1].Value(); got != "20000" {
		t.Fatalf("typing over the users gave %q", got)
	}
	h.press("shift+tab", "tab") // back and forth: the field is selected again
	h.typeText("000")
	if got := f.inputs[1].Value(); got != "000" {
		t.Fatalf("tab then 000 gave %q", got)
	}
	h.press("backspace", "backspace", "backspace")
	h.typeText("30")
	h.press("enter")
	h.typeText("demobots")
	h.press("enter")
	if len(act.seeds) != 1 || act.seeds[0].Seed != 77 || act.seeds[0].Users != 30 {
		t.Fatalf("seeds = %+v", act.seeds)
	}
	h.press("R")
	f = h.m.dialog.(*seedForm)
	if f.inputs[0].Value() != "77" || f.inputs[1].Value() != "30" {
		t.Fatalf("the next reseed offers %q and %q", f.inputs[0].Value(), f.inputs[1].Value())
	}
	// Moving the cursor keeps the value and edits it.
	h.press("right")
	h.typeText("1")
	if got := f.inputs[0].Value(); got != "771" {
		t.Fatalf("after moving the cursor, typing gave %q", got)
	}
}

// TestAnErrorLeavesWhenTheNextActionSucceeds checks that an error in the
// status line does not linger through later successful actions, and that
// the messages view keeps it in full.
func TestAnErrorLeavesWhenTheNextActionSucceeds(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 80, 24)
	h.openTable("levels")
	long := "Error 1054: " + strings.Repeat("a long explanation that does not fit ", 6) + "END"
	st.setErr(errors.New(long))
	h.press("s")
	if !strings.Contains(h.screen(), "✖") {
		t.Fatalf("no error shown:\n%s", h.screen())
	}
	st.setErr(nil)
	h.press("s")
	if strings.Contains(lastLines(h.screen(), 2), "✖") {
		t.Fatalf("the error lingers after a success:\n%s", h.screen())
	}
	h.press("!")
	scr := h.screen()
	if !strings.Contains(scr, "Messages") || !strings.Contains(scr, "END") {
		t.Fatalf("the messages view does not show the whole error:\n%s", scr)
	}
}

// TestAFailedReseedKeepsSayingSoWhenTheServerIsGone: the refresh after a
// reseed that failed because the server went away fails too; its
// "unreachable" must not replace the reseed's outcome.
func TestAFailedReseedKeepsSayingSoWhenTheServerIsGone(t *testing.T) {
	t.Parallel()
	st := demoStore()
	act := &fakeActions{seedErr: fmt.Errorf("load scores: %w", errRefused)}
	h := newHarness(t, st, act, 140, 30)
	h.press("R", "enter", "enter")
	h.typeText("demobots")
	st.setErr(errRefused) // the refresh finds the server gone
	h.press("enter")
	status := lastLines(h.screen(), 2)
	if !strings.Contains(status, "reseed failed, the previous data is intact") || !strings.Contains(status, "disconnected") {
		t.Fatalf("status after the failed reseed:\n%s", h.screen())
	}
}

// TestSessionScoresDrillIntoTheScore: enter on a score opens its record,
// o its relations.
func TestSessionScoresDrillIntoTheScore(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 30)
	h.openTable("users")
	h.press("enter", "enter")
	if _, ok := h.m.top().(*scoresView); !ok {
		t.Fatalf("not on the scores: %T", h.m.top())
	}
	h.press("enter")
	r, ok := h.m.top().(*recordView)
	if !ok || r.table != "scores" {
		t.Fatalf("enter on a score opened %T", h.m.top())
	}
	if !strings.Contains(h.screen(), "scores id=1") || !strings.Contains(h.screen(), "4800") {
		t.Fatalf("record of the score:\n%s", h.screen())
	}
	h.press("esc", "j", "o")
	if _, ok := h.m.dialog.(*relationsDialog); !ok {
		t.Fatalf("o on a score opened %T / %T", h.m.top(), h.m.dialog)
	}
}

var _ = seeder.DefaultOptions

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// TestALargeValueGoesToAFileNotTheClipboard copies a value above the
// clipboard limit: it is written to a new file instead, and an existing
// file is not overwritten.
func TestALargeValueGoesToAFileNotTheClipboard(t *testing.T) {
	st := demoStore()
	big := strings.Repeat("x", clipboardLimit+1)
	st.tables["notes"].rows[0][1] = val(big)
	dir := t.TempDir()
	t.Chdir(dir)
	h := newHarness(t, st, nil, 100, 30)
	h.openTable("notes")
	h.press("l", "y")
	d, ok := h.m.dialog.(*saveValueDialog)
	if !ok {
		t.Fatalf("y on a large value opened %T:\n%s", h.m.dialog, h.screen())
	}
	if !strings.Contains(h.screen(), "drop clipboard copies") {
		t.Fatalf("no explanation:\n%s", h.screen())
	}
	h.typeText("value.txt")
	if err := os.WriteFile(filepath.Join(dir, "value.txt"), []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.press("enter")
	if h.m.dialog != d || !strings.Contains(h.screen(), "exists already") {
		t.Fatalf("an existing file was not refused:\n%s", h.screen())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "value.txt")); string(b) != "keep" {
		t.Fatal("the existing file was overwritten")
	}
	h.press("backspace", "backspace", "backspace", "backspace")
	h.typeText("2.txt")
	h.press("enter")
	b, err := os.ReadFile(filepath.Join(dir, "value2.txt"))
	if err != nil || string(b) != big || h.m.dialog != nil {
		t.Fatalf("value2.txt: %d bytes, %v; dialog %T", len(b), err, h.m.dialog)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "value2.txt")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("the file is %v", fi.Mode())
	}
}

// TestLongValuesAreReadWholeOnlyWhenNeeded: the page carries the start of
// a long value; the viewer (v) and a copy read it whole, the grid never.
func TestLongValuesAreReadWholeOnlyWhenNeeded(t *testing.T) {
	t.Chdir(t.TempDir())
	st := demoStore()
	long := strings.Repeat("0123456789 ", 20_000) + "THE-END"
	st.tables["notes"].rows[0][1] = val(long)
	st.tables["notes"].rows[1][1] = val(`{"name":"demo","tags":["a","b"],"n":1}`)
	h := newHarness(t, st, nil, 100, 30)
	g := h.openTable("notes")
	if row, _ := g.current(); !row[1].Truncated || len(row[1].Bytes) > store.CellPrefixBytes {
		t.Fatalf("the page holds %d bytes of the long value", len(row[1].Bytes))
	}
	if st.fullValues != 0 {
		t.Fatal("browsing read a whole value")
	}
	h.press("l", "v")
	v, ok := h.m.top().(*valueView)
	if !ok || v.value == nil {
		t.Fatalf("v opened %T", h.m.top())
	}
	if st.fullValues != 1 || len(v.value.Bytes) != len(long) {
		t.Fatalf("the viewer read %d whole values, %d bytes", st.fullValues, len(v.value.Bytes))
	}
	h.press("G")
	if !strings.Contains(h.screen(), "THE-END") || !strings.Contains(h.screen(), "line ") {
		t.Fatalf("the end of the value is not reachable:\n%s", h.screen())
	}
	h.press("esc", "j", "v")
	if scr := h.screen(); !strings.Contains(scr, `"name": "demo"`) || !strings.Contains(scr, `"tags": [`) {
		t.Fatalf("JSON is not pretty-printed:\n%s", scr)
	}
	h.press("esc", "k", "y")
	if _, ok := h.m.dialog.(*saveValueDialog); !ok || st.fullValues != 2 {
		t.Fatalf("copy of the long value: dialog %T, %d whole reads", h.m.dialog, st.fullValues)
	}
}

// TestFilterValuesAreCheckedBeforeAnyQuery: a value the column cannot hold
// keeps the dialog open with the reason and sends no query; each filter
// can be removed alone; numbers show unquoted.
func TestFilterValuesAreCheckedBeforeAnyQuery(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	g := h.openTable("users")
	n := st.queryCount()
	h.press("/", "enter", "enter") // id, =
	h.typeText("abc")
	h.press("enter")
	d, ok := h.m.dialog.(*filterDialog)
	if !ok || st.queryCount() != n || !strings.Contains(h.screen(), "whole numbers") {
		t.Fatalf("abc for an INT: dialog %T, %d queries\n%s", h.m.dialog, st.queryCount()-n, h.screen())
	}
	for range 3 {
		h.press("backspace")
	}
	h.typeText("2")
	h.press("enter")
	if h.m.dialog != nil || len(g.filters) != 1 || !strings.Contains(h.screen(), "where id = 2") {
		t.Fatalf("id = 2 not applied:\n%s", h.screen())
	}
	_ = d
	h.press("h", "/") // a second filter on created_at: a date in the wrong format
	h.press("down", "enter", "enter")
	h.typeText("07/25/2002")
	h.press("enter")
	if !strings.Contains(h.screen(), "dates and times") {
		t.Fatalf("a US date was not refused:\n%s", h.screen())
	}
	h.press("esc", "esc", "esc")
	h.press("/", "down", "down", "enter") // the third column (username)
	h.press("enter")
	h.typeText("user_02")
	h.press("enter")
	if len(g.filters) != 2 {
		t.Fatalf("filters: %v", g.filters)
	}
	// Remove the first filter alone: entries are clear all, remove id = 2,
	// remove username = 'user_02'.
	h.press("/", "g", "down", "enter")
	if len(g.filters) != 1 || g.filters[0].Column != "username" {
		t.Fatalf("after removing one: %v", g.filters)
	}
}

// TestJumpToAKeyOpensThePageThere jumps into the middle of a table: one
// page is fetched, the footer says the position is unknown until c counts
// it, and paging back works.
func TestJumpToAKeyOpensThePageThere(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	g := h.openTable("users")
	h.press("J")
	if _, ok := h.m.dialog.(*jumpDialog); !ok {
		t.Fatalf("J opened %T", h.m.dialog)
	}
	h.typeText("x")
	h.press("enter")
	if !strings.Contains(h.screen(), "not a number") {
		t.Fatalf("a bad key was not refused:\n%s", h.screen())
	}
	h.press("backspace")
	h.typeText("13")
	h.press("enter")
	if row, _ := g.current(); string(row[0].Bytes) != "13" || g.originKnown {
		t.Fatalf("after the jump: row %s, origin known %v", row[0].Bytes, g.originKnown)
	}
	if !strings.Contains(h.screen(), "row unknown (c counts)") {
		t.Fatalf("footer after the jump:\n%s", h.screen())
	}
	h.press("c")
	if !strings.Contains(h.screen(), "row 13 of 20") {
		t.Fatalf("footer after counting:\n%s", h.screen())
	}
	h.press("k")
	if row, _ := g.current(); string(row[0].Bytes) != "12" {
		t.Fatalf("k from the jumped row went to %s", row[0].Bytes)
	}
}

// TestViewsTriggersAndRoutinesInTheTUI: a view is marked in the list and
// browses like a table; the structure shows a table's triggers and a
// view's definition; the routines entry lists routines and shows one.
func TestViewsTriggersAndRoutinesInTheTUI(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.tables["active_users"] = &fakeTable{info: &store.TableInfo{Name: "active_users", View: true, Columns: []store.Column{col("id", "int"), col("username", "varchar")}},
		rows: []store.Row{intRow(1, "user_01")}, ddl: "CREATE VIEW `active_users` AS select `id`,`username` from `users`"}
	st.triggers = map[string][]store.Trigger{"users": {{Name: "users_bi", Timing: "BEFORE", Event: "INSERT", Statement: "SET NEW.username = LOWER(NEW.username)"}}}
	st.routines = []store.Routine{{Name: "p_count", Type: "PROCEDURE"}, {Name: "f_double", Type: "FUNCTION"}}
	h := newHarness(t, st, nil, 120, 40)
	if scr := h.screen(); !strings.Contains(scr, "active_users       view") && !strings.Contains(scr, "view") {
		t.Fatalf("the view is not marked:\n%s", scr)
	}
	if !strings.Contains(h.screen(), "ƒ routines (2)") {
		t.Fatalf("no routines entry:\n%s", h.screen())
	}
	g := h.openTable("active_users")
	if len(g.rows) != 1 || !strings.Contains(h.screen(), "no key: offset paging") {
		t.Fatalf("the view does not browse:\n%s", h.screen())
	}
	h.press("i")
	if scr := h.screen(); !strings.Contains(scr, "Definition") || !strings.Contains(scr, "CREATE VIEW") || !strings.Contains(scr, "pages by OFFSET") {
		t.Fatalf("view structure:\n%s", scr)
	}
	h.selectTable("users")
	h.press("tab", "i")
	if scr := h.screen(); !strings.Contains(scr, "Triggers") || !strings.Contains(scr, "users_bi") || !strings.Contains(scr, "BEFORE") {
		t.Fatalf("table structure lacks its trigger:\n%s", scr)
	}
	h.m.focus = focusTables
	h.press("G", "enter")
	if _, ok := h.m.top().(*routinesView); !ok {
		t.Fatalf("the routines entry opened %T", h.m.top())
	}
	h.press("j", "enter")
	if scr := h.screen(); !strings.Contains(scr, "CREATE FUNCTION") || !strings.Contains(scr, "f_double") {
		t.Fatalf("routine definition:\n%s", scr)
	}
}

// TestPushLeavesUnmanagedTablesAloneUnlessPruned: the plan lists what it
// leaves alone; p plans again with the drops, which need the name typed.
func TestPushLeavesUnmanagedTablesAloneUnlessPruned(t *testing.T) {
	t.Parallel()
	notes := seeder.Object{Kind: seeder.ObjectTable, Name: "notes", Rows: 7}
	act := &fakeActions{
		plan: &seeder.Plan{Unmanaged: []seeder.Object{notes}, Changes: []seeder.Change{
			{SQL: "ALTER TABLE `users` ADD COLUMN `nick` varchar(20) NOT NULL DEFAULT ''", Comment: "add column nick"}}},
		prunePlan: &seeder.Plan{Changes: []seeder.Change{
			{SQL: "ALTER TABLE `users` ADD COLUMN `nick` varchar(20) NOT NULL DEFAULT ''", Comment: "add column nick"},
			{SQL: "DROP TABLE `notes`", Comment: "drop table notes", Destructive: true, Warning: "drops table `notes` and its 7 rows", Rows: 7}}},
	}
	h := newHarness(t, demoStore(), act, 120, 40)
	h.press("P")
	scr := h.screen()
	if !strings.Contains(scr, "not managed") || !strings.Contains(scr, "notes") || strings.Contains(scr, "DROP TABLE") {
		t.Fatalf("the plan does not list what it leaves alone:\n%s", scr)
	}
	if !strings.Contains(scr, "p plan again, also dropping the 1 object") {
		t.Fatalf("prune not offered:\n%s", scr)
	}
	h.press("p")
	if len(act.prunes) != 2 || !act.prunes[1] || !strings.Contains(h.screen(), "DROP TABLE `notes`") {
		t.Fatalf("p did not plan the drops (%v):\n%s", act.prunes, h.screen())
	}
	h.press("y")
	if _, ok := h.m.dialog.(*confirmDialog); !ok {
		t.Fatalf("dropping a table did not ask for the name: %T", h.m.dialog)
	}
	h.press("esc")
	if len(act.applied) != 0 {
		t.Fatal("the drops were applied without the name")
	}
}

// TestSwitchingDatabases opens the switcher, hides and shows the system
// schemas, and switches: the table list, the status line and the target
// of the actions follow, and the back stack starts over.
func TestSwitchingDatabases(t *testing.T) {
	t.Parallel()
	shop := &fakeStore{tables: map[string]*fakeTable{
		"orders": {info: &store.TableInfo{Name: "orders", Columns: []store.Column{col("id", "int")}, PrimaryKey: []string{"id"}}, rows: []store.Row{intRow(1)}},
	}, info: store.ServerInfo{Database: "shop", Flavor: store.Flavor{Kind: store.FlavorMariaDB, Version: "10.11.19"}}}
	shopActions := &fakeActions{}
	var opened []string
	h := newHarness(t, demoStore(), &fakeActions{}, 100, 30, func(d *Deps) {
		d.OpenDatabase = func(_ context.Context, name string) (Store, Actions, string, error) {
			opened = append(opened, name)
			if name != "shop" {
				return nil, nil, "", fmt.Errorf("access denied to %s", name)
			}
			return shop, shopActions, "root@127.0.0.1:3306/shop", nil
		}
	})
	h.openTable("users")
	h.press("D")
	scr := h.screen()
	if !strings.Contains(scr, "shop") || !strings.Contains(scr, "16.0 KiB") || strings.Contains(scr, "information_schema") {
		t.Fatalf("switcher:\n%s", scr)
	}
	h.press("s")
	if !strings.Contains(h.screen(), "information_schema") {
		t.Fatalf("s did not show the system schemas:\n%s", h.screen())
	}
	h.press("G", "enter")
	if !strings.Contains(h.screen(), "access denied to information_schema") || h.m.dialog == nil {
		t.Fatalf("a failed switch:\n%s", h.screen())
	}
	h.press("g", "j", "enter")
	if len(opened) != 2 || opened[1] != "shop" || h.m.dialog != nil {
		t.Fatalf("opened %v, dialog %T", opened, h.m.dialog)
	}
	scr = h.screen()
	if !strings.Contains(scr, "orders") || strings.Contains(scr, "users") || !strings.Contains(scr, "shop") || h.m.top() != nil {
		t.Fatalf("after the switch:\n%s", scr)
	}
	h.press("X")
	if d, ok := h.m.dialog.(*confirmDialog); !ok || !strings.Contains(h.screen(), "Reset") {
		t.Fatalf("reset after the switch: %T", d)
	}
}

// TestAURLWithoutADatabaseOpensTheSwitcher starts on the switcher.
func TestAURLWithoutADatabaseOpensTheSwitcher(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 30, func(d *Deps) {
		d.ChooseDatabase = true
		d.OpenDatabase = func(context.Context, string) (Store, Actions, string, error) { return demoStore(), nil, "", nil }
		d.Warning = "serving the embedded engine on 0.0.0.0:3307 with a passwordless root"
	})
	if _, ok := h.m.dialog.(*switcherDialog); !ok {
		t.Fatalf("started on %T", h.m.dialog)
	}
	if !strings.Contains(h.screen(), "passwordless root") {
		t.Fatalf("the warning is not shown:\n%s", h.screen())
	}
}

// A reseed that goes through shadow tables (too large for one TiDB
// transaction) says so for the rest of its progress, not only while the
// phase itself is the last event.
func TestProgressSaysShadowTables(t *testing.T) {
	h := newHarness(t, demoStore(), &fakeActions{}, 100, 30)
	p, _ := newProgressDialog(h.m.c, actionReseed, nil, seeder.DefaultOptions())
	defer p.cancel()
	for _, ev := range []seeder.Event{
		{Phase: seeder.PhaseReset, Table: "scores"},
		{Phase: seeder.PhaseSwap},
		{Phase: seeder.PhaseLoad, Table: "users", Done: 5, Total: 12},
	} {
		p.Update(progressReportedMsg{ev: ev, at: time.Now()})
	}
	if got := strings.Join(p.View(100, 30), "\n"); !strings.Contains(got, "load users") || !strings.Contains(got, "(shadow tables)") {
		t.Errorf("progress after the swap began:\n%s", got)
	}
}
