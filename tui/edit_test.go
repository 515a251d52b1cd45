package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// fakeRow returns row id of a fake table.
func fakeRow(t *testing.T, st *fakeStore, table, id string) store.Row {
	t.Helper()
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, r := range st.tables[table].rows {
		if string(r[0].Bytes) == id {
			return r
		}
	}
	return nil
}

// dialogOf returns the open dialog as a T, failing the test otherwise.
func dialogOf[T Dialog](t *testing.T, h *harness) T {
	t.Helper()
	d, ok := h.m.dialog.(T)
	if !ok {
		var zero T
		t.Fatalf("the open dialog is %T, not %T:\n%s", h.m.dialog, zero, h.screen())
	}
	return d
}

// TestEditCellStageReviewApply edits a cell, sees it marked and counted,
// reviews the statement and applies it: the review shows exactly the
// statement of the plan that is applied.
func TestEditCellStageReviewApply(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("users")
	h.press("l", "l", "e")
	ed := dialogOf[*cellEditor](t, h)
	if ed.field.Value() != "user_01" {
		t.Fatalf("the editor starts with %q", ed.field.Value())
	}
	h.typeText("bob") // the prefilled value is selected: typing replaces it
	h.press("enter")
	if h.m.dialog != nil {
		t.Fatalf("the editor stays open:\n%s", h.screen())
	}
	if h.m.c.edits.count() != 1 || st.edit.plans != 0 {
		t.Fatalf("staged %d changes, planned %d times", h.m.c.edits.count(), st.edit.plans)
	}
	scr := h.screen()
	for _, want := range []string{"▶~   1", "bob", "1 pending change (ctrl+s reviews)"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the grid does not show %q:\n%s", want, scr)
		}
	}
	if string(fakeRow(t, st, "users", "1")[2].Bytes) != "user_01" {
		t.Fatal("staging wrote to the store")
	}
	h.press("ctrl+s")
	rv := dialogOf[*reviewDialog](t, h)
	if rv.plan == nil || len(rv.plan.Statements) != 1 {
		t.Fatalf("review plan %+v", rv.plan)
	}
	shown := strings.Join(strings.Fields(strings.ReplaceAll(h.screen(), "│", " ")), " ")
	if want := sanitize.Line(rv.plan.Statements[0].Display()); !strings.Contains(shown, "1. "+want) {
		t.Fatalf("the review does not show %s:\n%s", want, h.screen())
	}
	h.press("y")
	if len(st.edit.applied) != 1 || st.edit.applied[0] != rv.plan {
		t.Fatalf("applied %v, want the reviewed plan", st.edit.applied)
	}
	if string(fakeRow(t, st, "users", "1")[2].Bytes) != "bob" || h.m.c.edits.count() != 0 || h.m.dialog != nil {
		t.Fatalf("after apply: row %q, %d pending, dialog %T", fakeRow(t, st, "users", "1")[2].Bytes, h.m.c.edits.count(), h.m.dialog)
	}
	if scr := h.screen(); !strings.Contains(scr, "applied 1 statement in one transaction") || strings.Contains(scr, "pending") || !strings.Contains(scr, "bob") {
		t.Fatalf("after apply:\n%s", scr)
	}
}

// TestEditorValidatesAndRefuses: a value that does not fit its column
// stays in the editor with the reason; NULL on a NOT NULL column is
// refused; DEFAULT is staged as DEFAULT.
func TestEditorValidatesAndRefuses(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("users")
	h.press("l", "l", "l", "e") // date_of_birth
	h.typeText("2023-02-29")
	h.press("enter")
	ed := dialogOf[*cellEditor](t, h)
	if !strings.Contains(ed.err, "exists") || !strings.Contains(h.screen(), "✖ date_of_birth: takes a date") {
		t.Fatalf("no validation error:\n%s", h.screen())
	}
	h.press("ctrl+n")
	if !strings.Contains(h.screen(), "date_of_birth is NOT NULL: it cannot be set to NULL") || h.m.c.edits.count() != 0 {
		t.Fatalf("NULL on a NOT NULL column:\n%s", h.screen())
	}
	h.press("ctrl+o")
	if !strings.Contains(ed.err, "has no DEFAULT") {
		t.Fatalf("DEFAULT without a default: %q", ed.err)
	}
	h.press("esc", "h", "h", "e", "ctrl+o") // created_at has DEFAULT CURRENT_TIMESTAMP
	if h.m.dialog != nil || h.m.c.edits.count() != 1 {
		t.Fatalf("DEFAULT was not staged:\n%s", h.screen())
	}
	e, _ := h.m.c.edits.rows[0].editOf("created_at")
	if !e.Default || !strings.Contains(h.screen(), "DEFAULT") {
		t.Fatalf("staged %+v:\n%s", e, h.screen())
	}
	// Back to the value read: the change goes away.
	h.press("e")
	h.typeText("2025-01-01 10:00:00")
	h.press("enter")
	if h.m.c.edits.count() != 0 {
		t.Fatalf("an edit back to the value read is still pending")
	}
}

// TestUndoStepsBack undoes staged changes one at a time, the last first.
func TestUndoStepsBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 120, 30)
	h.openTable("users")
	h.press("l", "l", "e")
	h.typeText("a")
	h.press("enter", "e")
	h.typeText("b")
	h.press("enter", "j", "d", "y")
	if n := h.m.c.edits.count(); n != 2 {
		t.Fatalf("%d pending, want 2 (one row edited twice, one deleted)", n)
	}
	if e, _ := h.m.c.edits.rows[0].editOf("username"); string(e.Value.Bytes) != "b" {
		t.Fatalf("the second edit of the cell did not replace the first: %q", e.Value.Bytes)
	}
	h.press("u")
	if h.m.c.edits.count() != 1 || !strings.Contains(h.screen(), "undone: users id=2 deleted") {
		t.Fatalf("undo of the delete:\n%s", h.screen())
	}
	h.press("u")
	if e, _ := h.m.c.edits.rows[0].editOf("username"); string(e.Value.Bytes) != "a" {
		t.Fatalf("undo of the second edit left %q", e.Value.Bytes)
	}
	h.press("u", "u")
	if h.m.c.edits.count() != 0 || !strings.Contains(h.screen(), "no pending changes") {
		t.Fatalf("after undoing everything:\n%s", h.screen())
	}
}

// TestDeleteShowsThePreviewFirst: d reads the cascade preview; a RESTRICT
// key with rows refuses the delete, otherwise y stages it and the row is
// marked.
func TestDeleteShowsThePreviewFirst(t *testing.T) {
	t.Parallel()
	st := demoStore()
	fk := st.tables["users"].info.Incoming[0]
	st.edit.preview = &store.DeletePreview{Table: "users", Row: "id=1", Effects: []store.CascadeEffect{{FK: fk, Rule: "RESTRICT", Rows: 2, Depth: 1}}}
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("users")
	h.press("d")
	dialogOf[*deleteDialog](t, h)
	scr := h.screen()
	if !strings.Contains(scr, "← sessions.user_id  RESTRICT  2 rows block the delete") || !strings.Contains(scr, "refused: 2 rows of sessions reference it") {
		t.Fatalf("the preview:\n%s", scr)
	}
	h.press("y")
	if h.m.c.edits.count() != 0 || h.m.dialog != nil {
		t.Fatalf("a refused delete was staged")
	}
	st.edit.preview = &store.DeletePreview{Table: "users", Row: "id=1", Effects: []store.CascadeEffect{{FK: fk, Rule: "CASCADE", Rows: 2, Depth: 1}}}
	h.press("d")
	if !strings.Contains(h.screen(), "and 2 more rows?") {
		t.Fatalf("the preview does not count the cascade:\n%s", h.screen())
	}
	h.press("n")
	if h.m.c.edits.count() != 0 {
		t.Fatal("n staged the delete")
	}
	h.press("d", "y")
	if h.m.c.edits.count() != 1 || !strings.Contains(h.screen(), "▶-   1") {
		t.Fatalf("the delete is not staged and marked:\n%s", h.screen())
	}
	// The review marks it and says what it cascades to; it needs the
	// database name typed.
	h.press("ctrl+s")
	scr = h.screen()
	if !strings.Contains(scr, "! 1. DELETE FROM `users`") || !strings.Contains(scr, "then sessions.user_id CASCADE: deletes 2 rows") || !strings.Contains(scr, "Type demobots to confirm") {
		t.Fatalf("the review of a delete:\n%s", scr)
	}
	h.typeText("demo")
	h.press("enter")
	if !strings.Contains(h.screen(), "that is not the database name") || len(st.edit.applied) != 0 {
		t.Fatalf("a wrong name applied:\n%s", h.screen())
	}
	h.typeText("bots")
	h.press("enter")
	if len(st.edit.applied) != 1 || fakeRow(t, st, "users", "1") != nil {
		t.Fatal("the delete did not apply")
	}
}

// TestInsertAndCopyRows adds a row through the form (defaults shown, the
// AUTO_INCREMENT key left to the server) and a copy of a row; both are
// listed above the rows until applied.
func TestInsertAndCopyRows(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("users")
	h.press("a")
	dialogOf[*rowForm](t, h)
	scr := h.screen()
	for _, want := range []string{"(AUTO_INCREMENT: the server numbers it)", "▶ created_at", "DEFAULT CURRENT_TIMESTAMP"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the form does not show %q:\n%s", want, scr)
		}
	}
	h.press("ctrl+s") // date_of_birth is NOT NULL and empty (username may be '')
	f := dialogOf[*rowForm](t, h)
	if f.fields[3].err == "" || f.fields[2].err != "" || f.cursor != 3 {
		t.Fatalf("an empty NOT NULL date was accepted (cursor %d):\n%s", f.cursor, h.screen())
	}
	h.press("shift+tab")
	h.typeText("newbie")
	h.press("enter")
	h.typeText("2000-01-01")
	h.press("enter") // the last field: enter stages the row
	if h.m.dialog != nil || h.m.c.edits.count() != 1 {
		t.Fatalf("the row is not staged:\n%s", h.screen())
	}
	if !strings.Contains(h.screen(), "+ auto │ DEFAULT") {
		t.Fatalf("the new row is not listed:\n%s", h.screen())
	}
	h.press("j", "A")
	f = dialogOf[*rowForm](t, h)
	if f.fields[2].input.Value() != "user_02" || f.fields[0].auto == "" {
		t.Fatalf("the copy starts with %q", f.fields[2].input.Value())
	}
	h.press("tab")
	h.typeText("copycat")
	h.press("ctrl+s")
	if h.m.c.edits.count() != 2 {
		t.Fatalf("%d pending", h.m.c.edits.count())
	}
	h.press("ctrl+s", "y")
	users := st.tables["users"].rows
	if len(users) != 22 || string(users[20][2].Bytes) != "newbie" || string(users[21][2].Bytes) != "copycat" || string(users[21][1].Bytes) != "2025-01-02 10:00:00" {
		t.Fatalf("after apply: %d users, last %q", len(users), users[len(users)-1])
	}
}

// TestForeignKeyPicker: a foreign key column lists the parent's rows with
// their label; typing searches, enter picks, and a search that finds no
// row refuses.
func TestForeignKeyPicker(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("sessions")
	h.press("l", "e")
	dialogOf[*cellEditor](t, h)
	scr := h.screen()
	if !strings.Contains(scr, "→ users.id") || !strings.Contains(scr, "▶ 1   user_01") || !strings.Contains(scr, "  10  user_10") {
		t.Fatalf("the picker:\n%s", scr)
	}
	h.typeText("user_07")
	if !strings.Contains(h.screen(), "▶ 7  user_07") {
		t.Fatalf("the search:\n%s", h.screen())
	}
	h.press("enter")
	if e, _ := h.m.c.edits.rows[0].editOf("user_id"); string(e.Value.Bytes) != "7" {
		t.Fatalf("picked %q", e.Value.Bytes)
	}
	h.press("e")
	h.typeText("nobody")
	h.press("enter")
	if !strings.Contains(h.screen(), "no row of users matches") || h.m.dialog == nil {
		t.Fatalf("a value without a parent row:\n%s", h.screen())
	}
	// The form checks the parent of a new row too.
	h.press("esc", "a")
	h.typeText("4")
	h.press("enter")
	h.typeText("99")
	h.press("enter")
	h.typeText("2025-01-01 00:00:00")
	h.press("enter")
	h.typeText("60")
	h.press("enter")
	if !strings.Contains(h.screen(), "no row of users has id = 99") || h.m.c.edits.count() != 1 {
		t.Fatalf("a new row without a parent:\n%s", h.screen())
	}
}

// TestEnumAndSetEditors pick ENUM and SET members from lists.
func TestEnumAndSetEditors(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.tables["shirts"] = &fakeTable{info: &store.TableInfo{Name: "shirts", PrimaryKey: []string{"id"}, Columns: []store.Column{
		col("id", "int"),
		{Name: "size", Type: "enum('s','m','l')", DataType: "enum"},
		{Name: "colors", Type: "set('red','green','blue')", DataType: "set", Nullable: true},
	}}, rows: []store.Row{intRow(1, "m", "green")}}
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("shirts")
	h.press("l", "e")
	if ed := dialogOf[*cellEditor](t, h); ed.cursor != 1 {
		t.Fatalf("the list starts at %d, not at the current member", ed.cursor)
	}
	h.press("j", "enter", "l", "e", "space", "j", "j", "space", "k", "space", "enter")
	r := h.m.c.edits.rows[0]
	size, _ := r.editOf("size")
	colors, _ := r.editOf("colors")
	if string(size.Value.Bytes) != "l" || string(colors.Value.Bytes) != "red,blue" {
		t.Fatalf("staged size %q colors %q", size.Value.Bytes, colors.Value.Bytes)
	}
}

// TestLongValueEditor reads a value the page carries only the start of
// before editing it, in the multi-line editor.
func TestLongValueEditor(t *testing.T) {
	t.Parallel()
	st := demoStore()
	long := strings.Repeat("line of text\n", 200)
	st.tables["notes"].rows[0][1] = val(long)
	h := newHarness(t, st, nil, 120, 40)
	h.openTable("notes")
	if !h.m.top().(*grid).rows[0][1].Truncated {
		t.Fatal("the page carries the whole value")
	}
	h.press("l", "e")
	ed := dialogOf[*cellEditor](t, h)
	if st.fullValues != 1 || ed.mode != editText || ed.area.Value() != long {
		t.Fatalf("the editor holds %d bytes (full values read: %d)", len(ed.area.Value()), st.fullValues)
	}
	h.press("ctrl+s")
	if h.m.c.edits.count() != 1 {
		t.Fatal("saving the unchanged whole value of a long cell staged nothing")
	}
}

// TestLeavingAsksFirst: going back from the last view of a table with
// pending changes, opening another table and quitting ask first.
func TestLeavingAsksFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 120, 30)
	h.openTable("notes")
	h.press("enter", "e") // the record view: enter edits the field
	dialogOf[*cellEditor](t, h)
	h.typeText("2")
	h.press("esc", "j", "enter") // body: a TEXT column, in the multi-line editor
	h.typeText("changed")
	h.press("enter", "ctrl+s")
	if h.m.c.edits.count() != 1 {
		t.Fatalf("%d pending", h.m.c.edits.count())
	}
	h.press("esc") // back to the grid of the same table: nothing is lost
	if _, ok := h.m.top().(*grid); !ok || h.m.dialog != nil {
		t.Fatalf("back from the record view: %T, dialog %T", h.m.top(), h.m.dialog)
	}
	h.m.focus = focusTables
	h.selectTable("users")
	h.press("enter")
	d := dialogOf[*leaveDialog](t, h)
	if !strings.Contains(h.screen(), "1 pending change to notes would be lost") {
		t.Fatalf("the question:\n%s", h.screen())
	}
	h.press("n")
	if h.m.top().Table() != "notes" || h.m.c.edits.count() != 1 {
		t.Fatal("n left the table")
	}
	h.m.focus = focusTables
	h.press("enter", "ctrl+s") // the question offers the review instead
	dialogOf[*reviewDialog](t, h)
	h.press("esc")
	h.m.focus = focusTables
	h.press("enter", "y")
	if h.m.top().Table() != "users" || h.m.c.edits.count() != 0 {
		t.Fatalf("y: table %s, %d pending", h.m.top().Table(), h.m.c.edits.count())
	}
	_ = d
	h.press("e")
	h.typeText("9")
	h.press("enter", "q")
	dialogOf[*leaveDialog](t, h)
	if h.m.c.ctx.Err() != nil {
		t.Fatal("q quit with pending changes")
	}
	h.press("y")
	if h.m.c.ctx.Err() == nil {
		t.Fatal("y did not quit")
	}
}

// TestRecordViewKeys: in the record view enter edits the field and o
// opens the relations.
func TestRecordViewKeys(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("levels")
	h.press("enter")
	if _, ok := h.m.top().(*recordView); !ok {
		t.Fatalf("enter on a level opens %T", h.m.top())
	}
	h.press("j", "enter")
	dialogOf[*cellEditor](t, h)
	h.press("esc", "o")
	dialogOf[*relationsDialog](t, h)
}

// TestReadOnlyRefusesEdits: with --read-only every edit key says why it
// does nothing, and a table without a key is read-only with its reason.
func TestReadOnlyRefusesEdits(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 120, 30, func(d *Deps) { d.ReadOnly = true })
	h.openTable("users")
	for _, k := range []string{"e", "a", "A", "d", "ctrl+s", "u"} {
		h.press(k)
		if h.m.dialog != nil || !strings.Contains(h.screen(), "read-only") {
			t.Fatalf("%s in read-only mode:\n%s", k, h.screen())
		}
	}
	h.press("enter")
	h.press("enter") // the record view: enter would edit
	if h.m.dialog != nil || !strings.Contains(h.screen(), "editing is disabled") || !strings.Contains(h.screen(), "o relations") {
		t.Fatalf("enter in a read-only record view:\n%s", h.screen())
	}

	st := demoStore()
	st.tables["loose"] = &fakeTable{info: &store.TableInfo{Name: "loose", Columns: []store.Column{col("a", "int")}}, rows: []store.Row{intRow(1)}}
	h = newHarness(t, st, nil, 120, 30)
	h.openTable("loose")
	h.press("e")
	if h.m.dialog != nil || !strings.Contains(h.screen(), "has no primary key") {
		t.Fatalf("e on a keyless table:\n%s", h.screen())
	}
}

// TestConflictShowsTheRowAsItIsNow: a row changed meanwhile rolls
// everything back; the review says which row and shows its current
// values, and u drops the changes to that row only.
func TestConflictShowsTheRowAsItIsNow(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 120, 40)
	h.openTable("users")
	h.press("l", "l", "e")
	h.typeText("alice")
	h.press("enter", "j", "e")
	h.typeText("bobby")
	h.press("enter")
	cols := st.tables["users"].info.Columns
	st.edit.applyErr = &store.ConflictError{Table: "users", Row: "id=2", Kind: store.ChangeUpdate, Statement: 2, Of: 2, Columns: cols,
		Current: intRow(2, "2025-01-02 10:00:00", "robert", "1999-05-17")}
	h.press("ctrl+s", "y")
	scr := h.screen()
	for _, want := range []string{"users id=2 changed after it was read", "It holds now:", "robert  (was user_02)", "Nothing was changed"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the conflict does not show %q:\n%s", want, scr)
		}
	}
	if h.m.c.edits.count() != 2 {
		t.Fatal("the conflict dropped the staged changes")
	}
	h.press("u")
	if h.m.c.edits.count() != 1 || h.m.c.edits.rows[0].label != "id=1" {
		t.Fatalf("u after the conflict: %d pending", h.m.c.edits.count())
	}
	// Another failure: nothing applied, the changes stay.
	st.edit.applyErr = errors.New("statement 1 of 1 failed: duplicate key; nothing was changed")
	h.press("ctrl+s", "y")
	if !strings.Contains(h.screen(), "duplicate key") || h.m.c.edits.count() != 1 {
		t.Fatalf("a failed apply:\n%s", h.screen())
	}
}

// TestStagingMerges checks the staging rules directly: edits of a row
// merge, a delete replaces them but checks the row as first read, an
// edit of a deleted row is refused, discard drops one table.
func TestStagingMerges(t *testing.T) {
	t.Parallel()
	info := demoStore().tables["users"].info
	cols := info.Columns
	row := intRow(1, "2025-01-01 10:00:00", "a", "2000-01-01")
	newer := intRow(1, "2025-01-01 10:00:00", "b", "2000-01-01")
	var s staging
	if _, err := s.setCell(info, cols, row, "username", store.Edit{Value: val("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.setCell(info, cols, newer, "date_of_birth", store.Edit{Value: val("2001-01-01")}); err != nil {
		t.Fatal(err)
	}
	if s.count() != 1 || len(s.rows[0].edits) != 2 || string(s.rows[0].row[2].Bytes) != "a" {
		t.Fatalf("merged %+v", s.rows[0])
	}
	s.remove(info, cols, newer, nil)
	if s.rows[0].kind != store.ChangeDelete || string(s.rows[0].row[2].Bytes) != "a" {
		t.Fatalf("the delete checks %q, not the row as first read", s.rows[0].row[2].Bytes)
	}
	if _, err := s.setCell(info, cols, row, "username", store.Edit{Value: val("y")}); err == nil {
		t.Fatal("an edit of a row staged for deletion was accepted")
	}
	s.insert(info, nil)
	s.insert(&store.TableInfo{Name: "levels"}, nil)
	if got := strings.Join(s.tables(), ","); got != "users,levels" {
		t.Fatalf("tables %s", got)
	}
	if n := s.discard("users"); n != 2 || s.count() != 1 {
		t.Fatalf("discard dropped %d, %d left", n, s.count())
	}
	changes := s.changes()
	if len(changes) != 1 || changes[0].Kind != store.ChangeInsert || changes[0].Info.Name != "levels" {
		t.Fatalf("changes %+v", changes)
	}
}

// TestViewsAreReadOnly: a view that pages by its base table's key still
// cannot be edited, and says so.
func TestViewsAreReadOnly(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.tables["active_users"] = &fakeTable{info: &store.TableInfo{Name: "active_users", View: true, KeyFrom: "users",
		Columns: []store.Column{col("id", "int"), col("username", "varchar")}, PrimaryKey: []string{"id"}}, rows: []store.Row{intRow(1, "a")}}
	h := newHarness(t, st, nil, 200, 30)
	h.openTable("active_users")
	for _, k := range []string{"e", "a", "d"} {
		h.press(k)
		if h.m.dialog != nil || !strings.Contains(h.screen(), "active_users is a view: it is read-only here; edit its base table users") {
			t.Fatalf("%s on a view:\n%s", k, h.screen())
		}
	}
}

// TestSwitchingDatabasesAsksFirst: the database switcher would drop the
// pending changes, so it asks first.
func TestSwitchingDatabasesAsksFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 120, 30, func(d *Deps) {
		d.OpenDatabase = func(context.Context, string) (Store, Actions, string, error) { return demoStore(), nil, "", nil }
	})
	h.openTable("users")
	h.press("d", "y", "D")
	dialogOf[*leaveDialog](t, h)
	h.press("n")
	if h.m.dialog != nil || h.m.c.edits.count() != 1 {
		t.Fatal("n did not keep the change")
	}
	h.press("D", "y")
	dialogOf[*switcherDialog](t, h)
	if h.m.c.edits.count() != 0 {
		t.Fatal("y kept the change")
	}
}
