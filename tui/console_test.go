package tui

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// openConsole opens the console with ":" and fixes its clock, so that the
// times it shows do not change between runs.
func (h *harness) openConsole() *consoleView {
	h.t.Helper()
	h.press(":")
	v, ok := h.m.top().(*consoleView)
	if !ok {
		h.t.Fatalf(": shows %T, not the console", h.m.top())
	}
	v.clock = func() time.Time { return fixedTime }
	return v
}

// setSQL replaces the editor's text; the cursor goes to its end.
func (v *consoleView) setSQL(s string) { v.ed.setValue(s, false) }

// runSQL types nothing: it sets the editor's text and runs the statement
// under the cursor (the last one).
func (h *harness) runSQL(v *consoleView, sql string) {
	h.t.Helper()
	v.setSQL(sql)
	h.press("ctrl+r")
}

func TestConsoleOpensAndCloses(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	v := h.openConsole()
	if !v.editing || !v.CapturesKeys() {
		t.Fatal("the editor does not have the focus")
	}
	// Keys are typed, not commands: q and ? go into the editor.
	h.typeText("q?")
	if v.ed.value() != "q?" || h.m.dialog != nil {
		t.Fatalf("typed %q, dialog %T", v.ed.value(), h.m.dialog)
	}
	h.press("esc") // nothing ran: esc leaves the console (to the table list, as the first view)
	if h.m.focus != focusTables {
		t.Fatal("esc did not leave the console")
	}
	// ctrl+e opens it from a table too, and keeps the text typed before.
	h.openTable("users")
	h.press("ctrl+e")
	v2, ok := h.m.top().(*consoleView)
	if !ok || v2.ed.value() != "q?" {
		t.Fatalf("ctrl+e: %T with %q", h.m.top(), v2.ed.value())
	}
}

func TestConsoleRunsTheStatementUnderTheCursor(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	v := h.openConsole()
	v.setSQL("SELECT * FROM levels;\nSELECT * FROM users")
	v.ed.ta.MoveToBegin()
	h.press("ctrl+r")
	if got := st.queriesRun(); !reflect.DeepEqual(got, []string{"SELECT * FROM levels"}) {
		t.Fatalf("ran %q", got)
	}
	if v.pane == nil || len(v.pane.rows) != 5 || !strings.Contains(h.screen(), "Intermediate") {
		t.Fatalf("no levels shown:\n%s", h.screen())
	}
	// ctrl+enter, on the second line, runs the second statement.
	h.press("down")
	h.press("ctrl+enter")
	if got := st.queriesRun(); len(got) != 2 || got[1] != "SELECT * FROM users" {
		t.Fatalf("ran %q", got)
	}
	if !strings.Contains(h.screen(), "user_01") {
		t.Fatalf("users not shown:\n%s", h.screen())
	}
	// A selection runs the selected statements, in order.
	v.setSQL("SELECT * FROM levels; SELECT * FROM scores; SELECT * FROM users")
	v.ed.ta.MoveToBegin()
	v.ed.ta.SetCursorColumn(len("SELECT * FROM levels; "))
	for range len("SELECT * FROM scores;") {
		h.send(tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModShift})
	}
	h.press("ctrl+r")
	if got := st.queriesRun(); len(got) != 3 || got[2] != "SELECT * FROM scores" {
		t.Fatalf("a selection ran %q", got)
	}
}

func TestConsoleRunsAllInOrderAndStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	v := h.openConsole()
	v.setSQL("SELECT * FROM levels;\nSELECT * FROM nosuch;\nSELECT * FROM users;")
	h.press("alt+r")
	want := []string{"SELECT * FROM levels", "SELECT * FROM nosuch"}
	if got := st.queriesRun(); !reflect.DeepEqual(got, want) {
		t.Fatalf("ran %q, want %q", got, want)
	}
	if v.pane != nil || len(v.log) != 2 || v.log[0].level != levelSuccess || v.log[1].level != levelError {
		t.Fatalf("log %+v", v.log)
	}
	if s := h.screen(); !strings.Contains(s, "SELECT: 5 rows") || !strings.Contains(s, `table "nosuch" does not exist`) {
		t.Fatalf("the run's outcome is not shown:\n%s", s)
	}
	// All of them, once the error is fixed: the last result shows.
	v.setSQL("SELECT * FROM levels;\nSELECT * FROM users;")
	h.press("alt+r")
	if v.pane == nil || !strings.Contains(h.screen(), "user_01") || !strings.Contains(h.screen(), "SELECT: 5 rows") {
		t.Fatalf("run all:\n%s", h.screen())
	}
}

// TestConsoleHoldsABoundedWindow streams 100,000 rows: moving through them
// fetches blocks and drops those behind, going to the end keeps only the
// last ones, and going back to the top runs the statement again.
func TestConsoleHoldsABoundedWindow(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.addStream("big", 100_000)
	h := newHarness(t, st, nil, 100, 30, func(d *Deps) { d.PageSize = 50 })
	v := h.openConsole()
	h.runSQL(v, "SELECT * FROM big")
	p := v.pane
	if p == nil || p.done || !strings.Contains(h.screen(), "rows so far") {
		t.Fatalf("first rows:\n%s", h.screen())
	}
	limit := maxPages * 50
	h.press("esc")
	for i := 0; i < 40; i++ {
		h.press("pgdown")
		if len(p.rows) > limit {
			t.Fatalf("holds %d rows, want at most %d", len(p.rows), limit)
		}
	}
	if p.origin == 0 {
		t.Fatal("no block was dropped")
	}
	at := p.origin + int64(p.cursor)
	row, _ := p.current()
	if fmt.Sprint(at+1) != string(row[0].Bytes) {
		t.Fatalf("the cursor is on row %d but shows id %s", at+1, row[0].Bytes)
	}
	h.press("G")
	if !p.done || len(p.rows) > limit || !strings.Contains(h.screen(), "row 100,000 of 100,000") || !strings.Contains(h.screen(), "all rows read") {
		t.Fatalf("G: done %v, %d rows held:\n%s", p.done, len(p.rows), h.screen())
	}
	if row, _ := p.current(); string(row[0].Bytes) != "100000" {
		t.Fatalf("last row id %s", row[0].Bytes)
	}
	runs := len(st.queriesRun())
	h.press("g")
	if p.origin != 0 || p.cursor != 0 || len(st.queriesRun()) != runs+1 || !p.rerun {
		t.Fatalf("g: origin %d cursor %d, runs %d → %d", p.origin, p.cursor, runs, len(st.queriesRun()))
	}
	if row, _ := p.current(); string(row[0].Bytes) != "1" {
		t.Fatalf("first row id %s", row[0].Bytes)
	}
}

// asyncRun runs what is pending in goroutines, so that a command blocked
// in the store can be cancelled by a key; it returns their messages.
func (h *harness) asyncRun() chan tea.Msg {
	out := make(chan tea.Msg, 16)
	var run func(cmd tea.Cmd)
	run = func(cmd tea.Cmd) {
		go func() {
			msg := cmd()
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					if c != nil {
						run(c)
					}
				}
				return
			}
			out <- msg
		}()
	}
	for _, cmd := range h.pending {
		run(cmd)
	}
	h.pending = nil
	return out
}

func TestConsoleEscCancelsARunningQuery(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	v := h.openConsole()
	v.setSQL("SELECT * FROM slow")
	h.send(keyPress("ctrl+r"))
	msgs := h.asyncRun()
	if !v.isRunning() || !strings.Contains(h.screen(), "running SELECT") || !strings.Contains(h.screen(), "esc cancels") {
		t.Fatalf("not shown as running:\n%s", h.screen())
	}
	// The UI answers while the query runs: typing still edits.
	h.send(keyPress(" "))
	if v.ed.value() != "SELECT * FROM slow " {
		t.Fatalf("typing while running: %q", v.ed.value())
	}
	h.send(keyPress("esc"))
	deadline := time.After(5 * time.Second)
	for v.isRunning() {
		select {
		case msg := <-msgs:
			if msg != nil {
				h.send(msg)
			}
		case <-deadline:
			t.Fatal("the query was not cancelled")
		}
	}
	h.settle()
	con := st.console()
	if con.cancels != 1 {
		t.Fatalf("%d statements stopped", con.cancels)
	}
	if len(v.log) != 1 || v.log[0].level != levelWarn || !strings.Contains(h.screen(), "cancelled") {
		t.Fatalf("log %+v:\n%s", v.log, h.screen())
	}
	// Cancelled, the console runs the next statement.
	h.runSQL(v, "SELECT * FROM levels")
	if v.pane == nil || len(v.pane.rows) != 5 {
		t.Fatal("the console does not run after a cancel")
	}
}

func TestConsoleWriteAsksCommitOrRollback(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, &fakeActions{}, 100, 30)
	v := h.openConsole()
	con := st.console()

	h.runSQL(v, "UPDATE users SET username = 'x' WHERE id = 1")
	d, ok := h.m.dialog.(*txDialog)
	if !ok || d.commit {
		t.Fatalf("dialog %T (commit selected: %v)", h.m.dialog, ok && d.commit)
	}
	if s := h.screen(); !strings.Contains(s, "1 row changed, not yet committed") || !strings.Contains(s, "Commit or roll back?") {
		t.Fatalf("question:\n%s", s)
	}
	h.press("enter") // the default: roll back
	if con.rolledBack != 1 || con.committed != 0 || h.m.dialog != nil || v.pendingTx {
		t.Fatalf("enter: rolled back %d, committed %d, dialog %T", con.rolledBack, con.committed, h.m.dialog)
	}

	h.runSQL(v, "UPDATE users SET username = 'x' WHERE id = 1")
	h.press("c")
	if con.committed != 1 || !strings.Contains(h.screen(), "committed: 1 row changed") {
		t.Fatalf("c: committed %d:\n%s", con.committed, h.screen())
	}

	h.runSQL(v, "INSERT INTO levels (name) VALUES ('x')")
	h.press("esc")
	if con.rolledBack != 2 {
		t.Fatalf("esc: rolled back %d", con.rolledBack)
	}

	h.runSQL(v, "INSERT INTO levels (name) VALUES ('x')")
	h.press("right", "enter") // move to Commit, take it
	if con.committed != 2 {
		t.Fatalf("→ enter: committed %d", con.committed)
	}

	// Several writes: one question at the end, for all of them.
	v.setSQL("INSERT INTO levels (name) VALUES ('a'); INSERT INTO levels (name) VALUES ('b');")
	h.press("alt+r")
	if _, ok := h.m.dialog.(*txDialog); !ok || !strings.Contains(h.screen(), "2 rows changed") {
		t.Fatalf("two writes:\n%s", h.screen())
	}
	h.press("r")
	if con.rolledBack != 4 {
		t.Fatalf("r: rolled back %d", con.rolledBack)
	}

	// A failure after a write asks too, saying what failed.
	con.failOn = "'boom'"
	v.setSQL("INSERT INTO levels (name) VALUES ('a'); INSERT INTO levels (name) VALUES ('boom'); INSERT INTO levels (name) VALUES ('c')")
	h.press("alt+r")
	if _, ok := h.m.dialog.(*txDialog); !ok || !strings.Contains(h.screen(), "INSERT failed") {
		t.Fatalf("failure in a run:\n%s", h.screen())
	}
	h.press("c")
	if con.committed != 3 || len(st.queriesRun()) == 0 || strings.Contains(strings.Join(st.queriesRun(), ";"), "'c'") {
		t.Fatalf("committed %d; ran %q", con.committed, st.queriesRun())
	}
}

func TestConsoleConfirmsWhatTouchesEveryRowOrTheSchema(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, &fakeActions{}, 100, 30)
	v := h.openConsole()
	con := st.console()

	h.runSQL(v, "DELETE FROM users")
	d, ok := h.m.dialog.(*confirmDialog)
	if !ok {
		t.Fatalf("no confirmation: %T", h.m.dialog)
	}
	if s := h.screen(); !strings.Contains(s, "DELETE without WHERE") || !strings.Contains(s, "users (20 rows)") || !strings.Contains(s, "Type demobots to run it") {
		t.Fatalf("confirmation:\n%s", s)
	}
	h.typeText("demo")
	h.press("enter")
	if !d.mismatch || h.m.dialog == nil || len(st.queriesRun()) != 0 {
		t.Fatalf("a wrong name ran it: %q", st.queriesRun())
	}
	h.press("esc")
	if h.m.dialog != nil || len(st.queriesRun()) != 0 || !strings.Contains(h.screen(), "cancelled") {
		t.Fatalf("esc: dialog %T, ran %q", h.m.dialog, st.queriesRun())
	}

	h.runSQL(v, "DELETE FROM users")
	h.typeText("demobots")
	h.press("enter")
	if got := st.queriesRun(); len(got) != 1 || got[0] != "DELETE FROM users" {
		t.Fatalf("confirmed: ran %q", got)
	}
	if _, ok := h.m.dialog.(*txDialog); !ok {
		t.Fatalf("no commit question after the delete: %T", h.m.dialog)
	}
	h.press("r")
	if con.rolledBack != 20 {
		t.Fatalf("rolled back %d", con.rolledBack)
	}

	// DDL: the statement and its table, then the name.
	h.runSQL(v, "DROP TABLE scores")
	if s := h.screen(); !strings.Contains(s, "DDL: DROP TABLE") || !strings.Contains(s, "DROP TABLE on scores") || !strings.Contains(s, "cannot be rolled back") {
		t.Fatalf("DDL confirmation:\n%s", s)
	}
	h.typeText("demobots")
	h.press("enter")
	if got := st.queriesRun(); got[len(got)-1] != "DROP TABLE scores" || h.m.dialog != nil {
		t.Fatalf("DDL: ran %q, dialog %T", got, h.m.dialog)
	}

	// DDL after a write of the same run: the transaction is ended first.
	v.setSQL("UPDATE users SET username = 'x' WHERE id = 1; ALTER TABLE users ADD COLUMN nick int")
	h.press("alt+r")
	if _, ok := h.m.dialog.(*txDialog); !ok || !strings.Contains(h.screen(), "ALTER TABLE is next") {
		t.Fatalf("before DDL:\n%s", h.screen())
	}
	h.press("c")
	if _, ok := h.m.dialog.(*confirmDialog); !ok {
		t.Fatalf("after the commit: %T", h.m.dialog)
	}
	h.typeText("demobots")
	h.press("enter")
	if got := st.queriesRun(); got[len(got)-1] != "ALTER TABLE users ADD COLUMN nick int" {
		t.Fatalf("ran %q", got)
	}
}

func TestConsoleReadOnlyLeavesRefusalToTheStore(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, &fakeActions{}, 100, 30, func(d *Deps) { d.ReadOnly = true })
	v := h.openConsole()
	h.runSQL(v, "DELETE FROM users")
	// No confirmation: the read-only connection refuses the statement
	// (store tests check that); the console only sends it.
	if _, ok := h.m.dialog.(*confirmDialog); ok {
		t.Fatal("a read-only console asks to confirm a write")
	}
}

func TestConsoleOpensRowsFromTheirTable(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	v := h.openConsole()
	h.runSQL(v, "SELECT username, id FROM users")
	if v.pane == nil || v.pane.table == nil || v.pane.table.Table != "users" {
		t.Fatalf("the rows are not known as users': %+v", v.pane)
	}
	h.press("esc", "j", "enter")
	r, ok := h.m.top().(*recordView)
	if !ok || r.table != "users" || r.row == nil || string(r.row[0].Bytes) != "2" {
		t.Fatalf("enter: %T %+v", h.m.top(), r)
	}
	h.press("esc")
	h.press("o")
	if _, ok := h.m.dialog.(*relationsDialog); !ok {
		t.Fatalf("o: %T", h.m.dialog)
	}
	if r, ok := h.m.top().(*recordView); !ok || r.table != "users" {
		t.Fatalf("o opens the record under its relations: %T", h.m.top())
	}
	h.press("esc", "esc") // the menu, then the record

	// A result that is not a table's rows opens as a plain record, and has
	// no relations.
	h.press("e")
	h.runSQL(v, "SELECT username FROM users")
	if v.pane.table != nil {
		t.Fatal("a result without the key is taken for a table's rows")
	}
	h.press("esc", "o")
	if _, ok := h.m.dialog.(*relationsDialog); ok || !strings.Contains(h.m.status.text, "primary key") {
		t.Fatalf("o without a key: status %q", h.m.status.text)
	}
	h.press("enter")
	if r, ok := h.m.top().(*recordView); !ok || r.table != "" || string(r.row[0].Bytes) != "user_01" {
		t.Fatalf("enter without a key: %T", h.m.top())
	}
}

func TestConsoleExplains(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	v := h.openConsole()
	v.setSQL("SELECT * FROM users")
	h.press("ctrl+x")
	if v.pane == nil || !v.pane.explain || !strings.Contains(h.screen(), "ALL") || len(st.queriesRun()) != 0 {
		t.Fatalf("explain:\n%s", h.screen())
	}
	st.console().explainErr = errors.New("store: explain SELECT: embedded go-mysql-server cannot explain this statement: result max1Row iterator returned more than one row")
	h.press("ctrl+x")
	if v.pane != nil || len(v.log) != 1 || !strings.Contains(v.log[0].text, "cannot explain this statement") {
		t.Fatalf("explain failing: %+v", v.log)
	}
}

func TestConsoleCompletes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 30)
	v := h.openConsole()
	complete := func(text string) string {
		v.setSQL(text)
		h.press("tab")
		return v.ed.value()
	}
	if got := complete("sel"); got != "select" {
		t.Errorf("keyword: %q", got)
	}
	if got := complete("SELECT * FROM us"); got != "SELECT * FROM user_profiles" {
		t.Errorf("table: %q", got)
	}
	h.press("tab") // the next candidate
	if got := v.ed.value(); got != "SELECT * FROM users" {
		t.Errorf("next candidate: %q", got)
	}
	if !strings.Contains(h.screen(), "user_profiles [users]") {
		t.Errorf("candidates not listed:\n%s", h.screen())
	}
	v.setSQL("SELECT u.usern FROM users u")
	v.ed.ta.SetCursorColumn(len("SELECT u.usern"))
	h.press("tab")
	if got := v.ed.value(); got != "SELECT u.username FROM users u" {
		t.Errorf("qualified column: %q", got)
	}
	v.setSQL("SELECT date_ FROM users")
	v.ed.ta.SetCursorColumn(len("SELECT date_"))
	h.press("tab")
	if got := v.ed.value(); got != "SELECT date_of_birth FROM users" {
		t.Errorf("column: %q", got)
	}
}

func TestConsoleHistory(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state", "demobots-tui", "history")
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30, func(d *Deps) { d.HistoryFile = path })
	v := h.openConsole()
	h.runSQL(v, "SELECT * FROM levels")
	h.runSQL(v, "SELECT * FROM users")
	v.setSQL("SELECT 1")
	h.press("up")
	if got := v.ed.value(); got != "SELECT * FROM users" {
		t.Fatalf("up: %q", got)
	}
	h.press("up")
	if got := v.ed.value(); got != "SELECT * FROM levels" {
		t.Fatalf("up, up: %q", got)
	}
	h.press("down", "down")
	if got := v.ed.value(); got != "SELECT 1" {
		t.Fatalf("back to the draft: %q", got)
	}
	// Up on the second line moves the cursor, not the history.
	v.setSQL("SELECT 1\nFROM dual")
	h.press("up")
	if v.ed.value() != "SELECT 1\nFROM dual" || v.ed.ta.Line() != 0 {
		t.Fatalf("up on line 2: %q, line %d", v.ed.value(), v.ed.ta.Line())
	}
	// The file: only the owner reads it, and a new console offers it.
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("history file mode %v", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Fatalf("history directory mode %v", di.Mode().Perm())
	}
	h2 := newHarness(t, demoStore(), nil, 100, 30, func(d *Deps) { d.HistoryFile = path })
	v2 := h2.openConsole()
	h2.press("up")
	if got := v2.ed.value(); got != "SELECT * FROM users" {
		t.Fatalf("a new console's history: %q", got)
	}
}

func TestConsoleReleasesItsSession(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.addStream("big", 10_000)
	h := newHarness(t, st, nil, 100, 30)
	h.openTable("levels")
	v := h.openConsole()
	h.runSQL(v, "SELECT * FROM big")
	con := st.console()
	if con.sessions != 1 || con.closed != 0 {
		t.Fatalf("sessions %d, closed %d", con.sessions, con.closed)
	}
	h.press("esc", "esc") // to the result, then back out of the console, to the table
	if con.closed != 1 {
		t.Fatalf("leaving the console closed %d sessions", con.closed)
	}
	// Opening a table from the list drops the whole stack: the console too.
	v = h.openConsole()
	h.runSQL(v, "SELECT * FROM users")
	h.openTable("users")
	if con.closed != 2 {
		t.Fatalf("opening a table closed %d sessions", con.closed)
	}
	// And sessions left open are closed when the program ends.
	v = h.openConsole()
	h.runSQL(v, "SELECT * FROM users")
	h.m.c.sessions.closeAll()
	if con.closed != 3 {
		t.Fatalf("closeAll closed %d sessions", con.closed)
	}
}

// TestRealStoreConsole runs the console on the real store: a read that
// drills into a record, a write rolled back and one committed.
func TestRealStoreConsole(t *testing.T) {
	parallelOnServer(t)
	st, db := realDemobots(t)
	h := newRealHarness(t, st)
	v := h.openConsole()
	h.runSQL(v, "SELECT username, id FROM users ORDER BY id")
	if v.pane == nil || v.pane.table == nil || v.pane.table.Table != "users" || len(v.pane.rows) == 0 {
		t.Fatalf("read:\n%s", h.screen())
	}
	h.press("esc", "enter")
	if r, ok := h.m.top().(*recordView); !ok || r.row == nil {
		t.Fatalf("enter: %T", h.m.top())
	}
	h.press("esc", "e")
	h.runSQL(v, "UPDATE users SET username = 'renamed' WHERE id = 1")
	h.press("r")
	var name string
	if err := db.QueryRow("SELECT username FROM users WHERE id = 1").Scan(&name); err != nil || name == "renamed" {
		t.Fatalf("after a rollback: %q, %v", name, err)
	}
	h.runSQL(v, "UPDATE users SET username = 'renamed' WHERE id = 1")
	h.press("c")
	if err := db.QueryRow("SELECT username FROM users WHERE id = 1").Scan(&name); err != nil || name != "renamed" {
		t.Fatalf("after a commit: %q, %v", name, err)
	}
	h.m.c.sessions.closeAll()
}

// TestRealStoreConsoleReadOnly: on a read-only store the console's
// writes are refused by the store, with its message.
func TestRealStoreConsoleReadOnly(t *testing.T) {
	parallelOnServer(t)
	st, _ := realDemobots(t, store.Options{ReadOnly: true})
	h := newRealHarness(t, st)
	h.m.c.readOnly = true
	v := h.openConsole()
	h.runSQL(v, "DELETE FROM scores")
	if len(v.log) != 1 || v.log[0].level != levelError || !strings.Contains(v.log[0].text, "read-only") {
		t.Fatalf("log %+v", v.log)
	}
	h.m.c.sessions.closeAll()
}

// realDemobots creates a database with the demobots data and opens a
// store on it (with opts, when given) and a plain connection.
func realDemobots(t *testing.T, opts ...store.Options) (*store.Store, *sql.DB) {
	t.Helper()
	ctx := context.Background()
	cfg := testdb.New(t)
	rw, err := store.Open(ctx, cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rw.Close() })
	if err := seeder.Bootstrap(ctx, rw, true); err != nil {
		t.Fatal(err)
	}
	if len(opts) == 0 {
		return rw, rw.DB()
	}
	st, err := store.Open(ctx, cfg, opts[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st, rw.DB()
}

// parallelOnServer runs a test in parallel on a real server only: the
// embedded engine is not safe for concurrent sessions on databases being
// created and dropped.
func parallelOnServer(t *testing.T) {
	t.Helper()
	if !testdb.Embedded(t) {
		t.Parallel()
	}
}

// TestConsoleExportsItsResult: E in a result writes every row the query
// returns, not only the rows the window holds, from a session of its own
// with whole values.
func TestConsoleExportsItsResult(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st := demoStore()
	h := newHarness(t, st, nil, 100, 30)
	v := h.openConsole()
	v.setSQL("SELECT * FROM users")
	h.press("ctrl+r", "esc") // run, then to the results
	if v.pane == nil || len(v.pane.rows) == 0 {
		t.Fatalf("no result:\n%s", h.screen())
	}
	h.press("E")
	if _, ok := h.m.dialog.(*exportDialog); !ok {
		t.Fatalf("E opened %T\n%s", h.m.dialog, h.screen())
	}
	path := filepath.Join(dir, "users.csv")
	h.typeText(path)
	h.press("enter")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, h.screen())
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	if len(lines) != 21 || lines[0] != "id,created_at,username,date_of_birth" || lines[20] != "20,2025-01-20 10:00:00,user_20,1999-05-17" {
		t.Fatalf("the file holds %d lines:\n%s", len(lines), b)
	}
	if st.queriesRun()[len(st.queriesRun())-1] != "SELECT * FROM users" {
		t.Fatalf("the export did not run the query: %q", st.queriesRun())
	}
}
