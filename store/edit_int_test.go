package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// snapshot is every row of every demobots table, as text, to compare the
// database before and after something that must change nothing.
func snapshot(t *testing.T, db *sql.DB) string {
	t.Helper()
	var sb strings.Builder
	for _, table := range []string{"levels", "users", "user_profiles", "sessions", "scores"} {
		snapshotTable(t, db, table, &sb)
	}
	return sb.String()
}

// snapshotTable writes the rows of one table for snapshot.
func snapshotTable(t *testing.T, db *sql.DB, table string, sb *strings.Builder) {
	t.Helper()
	{
		rows, err := db.QueryContext(ctxT(t), "SELECT * FROM `"+table+"` ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = rows.Close() }()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(sb, "%s:", table)
			for _, v := range vals {
				fmt.Fprintf(sb, " %q", v)
			}
			sb.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// page reads the first page of a table.
func page(t *testing.T, st *store.Store, table string) (*store.TableInfo, *store.RowPage) {
	t.Helper()
	info, err := st.Describe(ctxT(t), table)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.RowsOf(ctxT(t), info, store.RowQuery{Table: table})
	if err != nil {
		t.Fatal(err)
	}
	return info, p
}

func edit(col, value string) store.Edit {
	return store.Edit{Column: col, Value: val(value)}
}

// TestEditConflictRollsBackEverything stages three changes, lets another
// connection change the second row between staging and applying, and
// checks that the apply is refused as a whole with the row's current
// values, and that the database is exactly as the other connection left
// it.
func TestEditConflictRollsBackEverything(t *testing.T) {
	parallel(t)
	st, db := newDemobots(t)
	info, p := page(t, st, "users")
	levels, _ := page(t, st, "levels")
	changes := []store.Change{
		{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[0], Edits: []store.Edit{edit("username", "alice2")}},
		{Kind: store.ChangeInsert, Info: levels, Edits: []store.Edit{edit("name", "Legend"), edit("difficulty", "6")}},
		{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[1], Edits: []store.Edit{edit("username", "bobby")}},
	}
	plan, err := st.PlanEdits(ctxT(t), changes)
	if err != nil {
		t.Fatal(err)
	}
	// Grouped by table: both users updates, then the levels insert.
	var order []string
	for _, s := range plan.Statements {
		order = append(order, s.Kind.String()+" "+s.Table+" "+s.Row)
	}
	if want := []string{"UPDATE users id=1", "UPDATE users id=2", "INSERT levels new row"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("statements %q, want %q", order, want)
	}
	exec(t, db, "UPDATE users SET username = 'robert' WHERE id = 2")
	before := snapshot(t, db)
	err = st.ApplyEdits(ctxT(t), plan)
	var conflict *store.ConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("apply: %v, want a conflict", err)
	}
	if conflict.Table != "users" || conflict.Row != "id=2" || conflict.Statement != 2 || conflict.Of != 3 || conflict.Matched != 0 {
		t.Fatalf("conflict %+v", conflict)
	}
	if conflict.Current == nil || string(conflict.Current[2].Bytes) != "robert" {
		t.Fatalf("current values %v, want bob's row with username robert", conflict.Current)
	}
	if !strings.Contains(err.Error(), "users id=2 changed after it was read") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("message: %v", err)
	}
	if after := snapshot(t, db); after != before {
		t.Fatalf("the database changed:\n%s\nwas\n%s", after, before)
	}

	// A row deleted meanwhile: the conflict says it is gone.
	exec(t, db, "DELETE FROM users WHERE id = 2")
	plan, err = st.PlanEdits(ctxT(t), changes[2:])
	if err != nil {
		t.Fatal(err)
	}
	err = st.ApplyEdits(ctxT(t), plan)
	if !errors.As(err, &conflict) || conflict.Current != nil || conflict.ReadErr != nil || !strings.Contains(err.Error(), "it is gone") {
		t.Fatalf("apply on a deleted row: %v (%+v)", err, conflict)
	}
}

// TestEditChecksOnlyWhatItTouches: an UPDATE checks the columns it
// changes, so a concurrent change of another column does not stop it; a
// DELETE checks every column, so the same change does. Writing the value a
// column already holds still counts as matching the row.
func TestEditChecksOnlyWhatItTouches(t *testing.T) {
	parallel(t)
	st, db := newDemobots(t)
	info, p := page(t, st, "users")
	exec(t, db, "UPDATE users SET date_of_birth = '2001-01-01' WHERE id = 1")
	apply(t, st, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[0], Edits: []store.Edit{edit("username", "alice")}})
	apply(t, st, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[0], Edits: []store.Edit{edit("username", "ALICE")}})
	if got := plainIDs(t, db, "SELECT id FROM users WHERE BINARY username = 'ALICE' AND date_of_birth = '2001-01-01'"); len(got) != 1 {
		t.Fatalf("the update did not keep the other change: %v", got)
	}
	// The row as first read says username alice: a case change counts.
	plan, err := st.PlanEdits(ctxT(t), []store.Change{{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[0], Edits: []store.Edit{edit("username", "x")}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ApplyEdits(ctxT(t), plan); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("an update over a changed case: %v, want a conflict", err)
	}
	_, p2 := page(t, st, "users")
	exec(t, db, "UPDATE users SET date_of_birth = '2002-02-02' WHERE id = 2")
	plan, err = st.PlanEdits(ctxT(t), []store.Change{{Kind: store.ChangeDelete, Info: info, Columns: p2.Columns, Row: p2.Rows[1]}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ApplyEdits(ctxT(t), plan); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a delete over a changed column: %v, want a conflict", err)
	}
	if ids := plainIDs(t, db, "SELECT id FROM users WHERE id = 2"); len(ids) != 1 {
		t.Fatal("the row was deleted")
	}
}

// TestEditFailureMidBatchChangesNothing runs five statements of which the
// third breaks a unique key: the error names it and the database is
// exactly as before.
func TestEditFailureMidBatchChangesNothing(t *testing.T) {
	parallel(t)
	st, db := newDemobots(t)
	users, p := page(t, st, "users")
	levels, lp := page(t, st, "levels")
	before := snapshot(t, db)
	changes := []store.Change{
		{Kind: store.ChangeUpdate, Info: users, Columns: p.Columns, Row: p.Rows[0], Edits: []store.Edit{edit("username", "carol")}},
		{Kind: store.ChangeInsert, Info: users, Edits: []store.Edit{edit("created_at", "2025-01-09 00:00:00"), edit("username", "dave"), edit("date_of_birth", "2001-01-01")}},
		{Kind: store.ChangeUpdate, Info: users, Columns: p.Columns, Row: p.Rows[1], Edits: []store.Edit{edit("username", "carol")}},
		{Kind: store.ChangeUpdate, Info: levels, Columns: lp.Columns, Row: lp.Rows[0], Edits: []store.Edit{edit("name", "Novice")}},
		{Kind: store.ChangeDelete, Info: levels, Columns: lp.Columns, Row: lp.Rows[3]},
	}
	plan, err := st.PlanEdits(ctxT(t), changes)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Statements) != 5 {
		t.Fatalf("%d statements", len(plan.Statements))
	}
	err = st.ApplyEdits(ctxT(t), plan)
	if err == nil || !strings.Contains(err.Error(), "statement 3 of 5") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("apply: %v, want statement 3 of 5 to fail", err)
	}
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("apply: %v, want a duplicate key", err)
	}
	if after := snapshot(t, db); after != before {
		t.Fatalf("the database changed:\n%s\nwas\n%s", after, before)
	}
}

// TestReviewShowsWhatRuns records every statement ApplyEdits sends and
// checks that it is the plan's statement, and that the plan's Display (what
// the review shows) is that statement with its arguments written in.
func TestReviewShowsWhatRuns(t *testing.T) {
	parallel(t)
	st, db := newDemobots(t)
	users, p := page(t, st, "users")
	levels, lp := page(t, st, "levels")
	plan := mustPlan(t, st,
		store.Change{Kind: store.ChangeUpdate, Info: users, Columns: p.Columns, Row: p.Rows[1], Edits: []store.Edit{edit("username", "it's bob"), {Column: "created_at", Default: false, Value: val("2025-02-01 00:00:00")}}},
		store.Change{Kind: store.ChangeInsert, Info: levels, Edits: []store.Edit{edit("name", "Legend"), edit("difficulty", "6")}},
		store.Change{Kind: store.ChangeDelete, Info: levels, Columns: lp.Columns, Row: lp.Rows[3]},
	)
	type ran struct {
		query string
		args  []any
	}
	var got []ran
	if err := store.ApplyEditsTraced(st, ctxT(t), plan, func(q string, args []any) { got = append(got, ran{q, args}) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(plan.Statements) {
		t.Fatalf("%d statements ran, the plan has %d", len(got), len(plan.Statements))
	}
	for i, s := range plan.Statements {
		if got[i].query != s.SQL || !reflect.DeepEqual(got[i].args, s.Args) {
			t.Errorf("statement %d ran as %s %v, the plan says %s %v", i+1, got[i].query, got[i].args, s.SQL, s.Args)
		}
		if shown := store.RenderSQL(got[i].query, got[i].args); shown != s.Display() {
			t.Errorf("statement %d: review shows %s, ran %s", i+1, s.Display(), shown)
		}
	}
	want := []string{
		"UPDATE `users` SET `username` = 'it''s bob', `created_at` = '2025-02-01 00:00:00' WHERE (`id` = 2 AND CAST(CONVERT(`username` USING utf8mb4) AS BINARY) = CAST('bob' AS BINARY) AND `created_at` = '2025-01-06 11:00:00')",
		"INSERT INTO `levels` (`name`,`difficulty`) VALUES ('Legend',6)",
		"DELETE FROM `levels` WHERE (`id` = 4 AND CAST(CONVERT(`name` USING utf8mb4) AS BINARY) = CAST('Expert' AS BINARY) AND `difficulty` = 4)",
	}
	for i, w := range want {
		if d := plan.Statements[i].Display(); d != w {
			t.Errorf("display %d:\n got %s\nwant %s", i+1, d, w)
		}
	}
	if ids := plainIDs(t, db, "SELECT id FROM levels WHERE name = 'Legend' AND difficulty = 6"); len(ids) != 1 {
		t.Fatal("the insert did not run")
	}
}

func mustPlan(t *testing.T, st *store.Store, changes ...store.Change) *store.EditPlan {
	t.Helper()
	plan, err := st.PlanEdits(ctxT(t), changes)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// TestEditDefaultsAndNull writes DEFAULT and NULL through UPDATE and
// INSERT, and an INSERT of nothing but defaults.
func TestEditDefaultsAndNull(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE notes (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, title VARCHAR(20) NOT NULL DEFAULT 'untitled', body TEXT NULL, n INT NULL DEFAULT 5)")
	info, err := st.Describe(ctxT(t), "notes")
	if err != nil {
		t.Fatal(err)
	}
	apply(t, st, store.Change{Kind: store.ChangeInsert, Info: info})
	apply(t, st, store.Change{Kind: store.ChangeInsert, Info: info, Edits: []store.Edit{edit("title", "x"), {Column: "n", Value: store.Value{Null: true}}}})
	_, p := page(t, st, "notes")
	if len(p.Rows) != 2 || string(p.Rows[0][1].Bytes) != "untitled" || string(p.Rows[0][3].Bytes) != "5" || !p.Rows[1][3].Null {
		t.Fatalf("rows %v", p.Rows)
	}
	apply(t, st, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[1],
		Edits: []store.Edit{{Column: "title", Default: true}, {Column: "n", Default: true}, {Column: "body", Value: val("b")}}})
	_, p = page(t, st, "notes")
	if string(p.Rows[1][1].Bytes) != "untitled" || string(p.Rows[1][3].Bytes) != "5" || string(p.Rows[1][2].Bytes) != "b" {
		t.Fatalf("after DEFAULT: %v", p.Rows[1])
	}
}

// TestEditByUniqueKey edits a table without a primary key through its
// unique key of NOT NULL columns, and refuses a table without either.
func TestEditByUniqueKey(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE tags (code VARCHAR(10) NOT NULL, label VARCHAR(20) NULL, UNIQUE KEY tags_code (code))",
		"CREATE TABLE loose (a INT NULL, b INT NULL)",
		"INSERT INTO tags VALUES ('a', 'first'), ('b', 'second')", "INSERT INTO loose VALUES (1, 1), (1, 1)")
	info, p := page(t, st, "tags")
	apply(t, st, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[1], Edits: []store.Edit{edit("label", "zwei")}})
	if ids := plainIDs(t, db, "SELECT COUNT(*) FROM tags WHERE label = 'zwei' AND code = 'b'"); ids[0] != 1 {
		t.Fatal("the update did not reach the row")
	}
	loose, lp := page(t, st, "loose")
	if loose.ReadOnlyReason() == "" {
		t.Fatal("a table without a key is not read-only")
	}
	_, err := st.PlanEdits(ctxT(t), []store.Change{{Kind: store.ChangeDelete, Info: loose, Columns: lp.Columns, Row: lp.Rows[0]}})
	if !errors.Is(err, store.ErrNotEditable) {
		t.Fatalf("plan on a keyless table: %v", err)
	}
}

// TestEditReadOnlyStore: a read-only store plans but never applies.
func TestEditReadOnlyStore(t *testing.T) {
	parallel(t)
	_, db, cfg := newDB(t)
	exec(t, db, "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT NULL)", "INSERT INTO t VALUES (1, 1)")
	ro := openStore(t, cfg, store.Options{ReadOnly: true})
	info, p := page(t, ro, "t")
	plan := mustPlan(t, ro, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[0], Edits: []store.Edit{edit("v", "2")}})
	if err := ro.ApplyEdits(ctxT(t), plan); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("apply on a read-only store: %v", err)
	}
	if ids := plainIDs(t, db, "SELECT v FROM t"); ids[0] != 1 {
		t.Fatal("the value changed")
	}
}

// TestEditLongValues: a value the page carries only the start of is
// checked by its length and SHA-256. A change to its start is caught when
// planning; one that keeps the start and the length, made after planning,
// when applying.
func TestEditLongValues(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE docs (id INT NOT NULL PRIMARY KEY, body LONGTEXT NULL, data LONGBLOB NULL, n INT NULL)",
		"INSERT INTO docs VALUES (1, REPEAT('é', 3000), UNHEX(REPEAT('00FF', 3000)), 1), (2, REPEAT('x', 5000), NULL, 2), (3, REPEAT('y', 5000), NULL, 3)")
	info, p := page(t, st, "docs")
	if !p.Rows[0][1].Truncated || !p.Rows[0][2].Truncated {
		t.Fatal("the page carries the long values whole")
	}
	// A delete checks every column, the long ones by fingerprint.
	apply(t, st, store.Change{Kind: store.ChangeDelete, Info: info, Columns: p.Columns, Row: p.Rows[0]})

	// Row 2's start changed before planning.
	exec(t, db, "UPDATE docs SET body = CONCAT('z', REPEAT('x', 4999)) WHERE id = 2")
	_, err := st.PlanEdits(ctxT(t), []store.Change{{Kind: store.ChangeDelete, Info: info, Columns: p.Columns, Row: p.Rows[1]}})
	var conflict *store.ConflictError
	if !errors.As(err, &conflict) || conflict.Statement != 0 || conflict.Row != "id=2" {
		t.Fatalf("plan over a changed start: %v", err)
	}
	// Row 3's end changes after planning: same start, same length.
	plan := mustPlan(t, st, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: p.Rows[2], Edits: []store.Edit{edit("body", "short")}})
	exec(t, db, "UPDATE docs SET body = CONCAT(REPEAT('y', 4999), 'z') WHERE id = 3")
	if err := st.ApplyEdits(ctxT(t), plan); !errors.As(err, &conflict) || conflict.Statement != 1 {
		t.Fatalf("apply over a changed end: %v", err)
	}
	if ids := plainIDs(t, db, "SELECT id FROM docs WHERE body = 'short'"); len(ids) != 0 {
		t.Fatal("the update overwrote the changed value")
	}
}

// TestParentChoices lists the rows a foreign key may point to, with their
// label, and checks a parent exists.
func TestParentChoices(t *testing.T) {
	parallel(t)
	st, _ := newDemobots(t)
	info, err := st.Describe(ctxT(t), "sessions")
	if err != nil {
		t.Fatal(err)
	}
	fk := info.Outgoing[0]
	all, err := st.ParentChoices(ctxT(t), fk, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if all.Table != "users" || all.KeyColumn != "id" || all.LabelColumn != "username" || len(all.Choices) != 2 {
		t.Fatalf("choices %+v", all)
	}
	some, err := st.ParentChoices(ctxT(t), fk, "bo", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(some.Choices) != 1 || string(some.Choices[0].Label.Bytes) != "bob" || string(some.Choices[0].Key.Bytes) != "2" {
		t.Fatalf("search bo: %+v", some.Choices)
	}
	exact, err := st.ParentChoices(ctxT(t), fk, "2", 10)
	if err != nil || len(exact.Choices) != 1 || string(exact.Choices[0].Key.Bytes) != "2" {
		t.Fatalf("search 2: %+v %v", exact, err)
	}
	wild, err := st.ParentChoices(ctxT(t), fk, "%", 10)
	if err != nil || len(wild.Choices) != 0 {
		t.Fatalf("a %% matched as a wildcard: %+v %v", wild, err)
	}
	cols := info.Columns
	for _, c := range []struct {
		user string
		want bool
	}{{"1", true}, {"99", false}} {
		row := store.Row{val("1"), val(c.user), val("2025-01-01 00:00:00"), val("1")}
		ok, err := st.ParentExists(ctxT(t), fk, cols, row)
		if err != nil || ok != c.want {
			t.Errorf("parent of user_id %s: %v %v, want %v", c.user, ok, err, c.want)
		}
	}
}
