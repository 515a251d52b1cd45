package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// Golden snapshots of View at fixed sizes, styles stripped (the ASCII
// profile). Regenerate with: go test ./tui -run TestGolden -update
func TestGolden(t *testing.T) {
	t.Parallel()
	plan := &seeder.Plan{Changes: []seeder.Change{
		{SQL: "ALTER TABLE `users` ADD COLUMN `nickname` varchar(20) NOT NULL DEFAULT ''", Comment: "add column nickname to users"},
		{SQL: "ALTER TABLE `users` DROP COLUMN `legacy`", Comment: "drop column legacy from users", Destructive: true, Warning: "drops column users.legacy", Rows: 12},
	}}
	cases := []struct {
		name string
		w, h int
		act  *fakeActions
		ro   bool
		do   func(h *harness)
	}{
		{"tables_80x24", 80, 24, nil, false, func(*harness) {}},
		{"readonly_80x24", 80, 24, &fakeActions{}, true, func(*harness) {}},
		{"grid_notes_80x24", 80, 24, nil, false, func(h *harness) { h.openTable("notes"); h.press("j", "l") }},
		{"grid_users_120x40", 120, 40, nil, false, func(h *harness) { h.openTable("users"); h.press("j", "j", "l", "l", "s") }},
		{"record_80x24", 80, 24, nil, false, func(h *harness) { h.openTable("notes"); h.press("j", "j", "j", "enter", "j") }},
		{"user_80x24", 80, 24, nil, false, func(h *harness) { h.openTable("users"); h.press("enter") }},
		{"user_120x40", 120, 40, nil, false, func(h *harness) { h.openTable("users"); h.press("enter", "j") }},
		{"scores_120x40", 120, 40, nil, false, func(h *harness) { h.openTable("users"); h.press("enter", "enter") }},
		{"relations_120x40", 120, 40, nil, false, func(h *harness) { h.openTable("users"); h.press("o") }},
		{"structure_120x40", 120, 40, nil, false, func(h *harness) { h.selectTable("users"); h.press("i") }},
		{"filter_80x24", 80, 24, nil, false, func(h *harness) {
			h.openTable("users")
			h.press("l", "l", "/", "enter", "j", "j", "j", "j", "j", "j", "enter")
		}},
		{"filter_200x60", 200, 60, nil, false, func(h *harness) {
			h.openTable("users")
			h.press("l", "l", "/", "enter", "j", "j", "j", "j", "j", "j", "enter")
		}},
		{"user_200x60", 200, 60, nil, false, func(h *harness) { h.openTable("users"); h.press("enter") }},
		{"structure_80x24", 80, 24, nil, false, func(h *harness) { h.selectTable("users"); h.press("i") }},
		{"structure_200x60", 200, 60, nil, false, func(h *harness) { h.selectTable("users"); h.press("i") }},
		{"help_200x60", 200, 60, nil, false, func(h *harness) { h.press("?") }},
		{"reseed_80x24", 80, 24, &fakeActions{}, false, func(h *harness) { h.press("R") }},
		{"reseed_200x60", 200, 60, &fakeActions{}, false, func(h *harness) { h.press("R") }},
		{"messages_80x24", 80, 24, nil, false, func(h *harness) {
			h.openTable("users")
			h.press("c")
			h.m.notify(levelError, "reseed failed — the previous data is intact: seeder: load scores: invalid connection (the server closed the connection while 2,500,000 rows were loading; nothing was committed)")
			h.press("y", "!")
			for i := range h.m.dialog.(*messagesDialog).msgs {
				h.m.dialog.(*messagesDialog).msgs[i].at = time.Date(2026, 11, 29, 9, 30, i, 0, time.UTC)
			}
		}},
		{"switcher_80x24", 80, 24, nil, false, func(h *harness) { h.press("D") }},
		{"switcher_200x60", 200, 60, nil, false, func(h *harness) { h.press("D", "s") }},
		{"plan_80x24", 80, 24, &fakeActions{plan: plan}, false, func(h *harness) { h.press("P") }},
		{"reset_80x24", 80, 24, &fakeActions{}, false, func(h *harness) { h.press("X"); h.typeText("demo") }},
		{"help_80x24", 80, 24, nil, false, func(h *harness) { h.press("?") }},
		{"toosmall_50x12", 50, 12, nil, false, func(*harness) {}},
		{"export_80x24", 80, 24, nil, false, func(h *harness) {
			h.openTable("users")
			h.press("E")
			h.exportDialog().file.SetValue("users-2026-11-29T10-15-00.csv")
		}},
		{"export_progress_80x24", 80, 24, nil, false, func(h *harness) { h.openTable("scores"); h.m.dialog = fixedExportProgress(h.m.c) }},
		{"export_progress_200x60", 200, 60, nil, false, func(h *harness) { h.openTable("scores"); h.m.dialog = fixedExportProgress(h.m.c) }},
		{"editor_80x24", 80, 24, nil, false, func(h *harness) { h.openTable("users"); h.press("l", "l", "e"); h.typeText("x y") }},
		{"editor_200x60", 200, 60, nil, false, func(h *harness) { h.openTable("users"); h.press("l", "l", "e"); h.typeText("x y") }},
		{"editor_text_80x24", 80, 24, nil, false, func(h *harness) { h.openTable("notes"); h.press("j", "j", "j", "j", "j", "j", "l", "e") }},
		{"editor_fk_80x24", 80, 24, nil, false, func(h *harness) { h.openTable("sessions"); h.press("l", "e"); h.typeText("user_0") }},
		{"delete_80x24", 80, 24, nil, false, func(h *harness) { goldenPreview(h); h.openTable("users"); h.press("d") }},
		{"delete_200x60", 200, 60, nil, false, func(h *harness) { goldenPreview(h); h.openTable("users"); h.press("d") }},
		{"staged_80x24", 80, 24, nil, false, goldenStage},
		{"review_80x24", 80, 24, nil, false, func(h *harness) { goldenStage(h); h.press("ctrl+s") }},
		{"review_200x60", 200, 60, nil, false, func(h *harness) { goldenStage(h); h.press("ctrl+s") }},
		{"console_80x24", 80, 24, nil, false, func(h *harness) {
			h.openConsole()
			h.typeText("SELECT * FROM users")
			h.press("ctrl+r")
		}},
		{"console_200x60", 200, 60, nil, false, func(h *harness) {
			v := h.openConsole()
			v.setSQL("SELECT * FROM levels;\nSELECT id, body, `blob` FROM notes")
			h.press("alt+r", "esc", "j", "j", "j", "j", "l")
		}},
		{"console_commit_80x24", 80, 24, &fakeActions{}, false, func(h *harness) {
			v := h.openConsole()
			v.setSQL("UPDATE users SET username = 'x' WHERE id = 1")
			h.press("ctrl+r")
		}},
		{"console_confirm_200x60", 200, 60, &fakeActions{}, false, func(h *harness) {
			v := h.openConsole()
			v.setSQL("DELETE FROM sessions")
			h.press("ctrl+r")
			h.typeText("demo")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var act Actions
			if c.act != nil {
				act = c.act
			}
			h := newHarness(t, demoStore(), act, c.w, c.h, func(d *Deps) {
				d.ReadOnly = c.ro
				d.OpenDatabase = func(context.Context, string) (Store, Actions, string, error) {
					return nil, nil, "", errors.New("not in a snapshot")
				}
			})
			c.do(h)
			out := h.screen()
			lines := strings.Split(out, "\n")
			if len(lines) != c.h {
				t.Errorf("%d lines, want %d", len(lines), c.h)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > c.w {
					t.Errorf("line %d is %d wide: %q", i, w, l)
				}
			}
			golden.RequireEqual(t, out)
		})
	}
}

// goldenPreview makes the fake store's delete preview cascade two levels.
func goldenPreview(h *harness) {
	st := h.m.c.store.(*fakeStore)
	sessions := st.tables["users"].info.Incoming[0]
	scores := store.ForeignKey{Name: "scores_session_id_fk", Table: "scores", Columns: []string{"session_id"}, RefTable: "sessions", RefColumns: []string{"id"}}
	profiles := store.ForeignKey{Name: "user_profiles_user_id_fk", Table: "user_profiles", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}}
	st.edit.preview = &store.DeletePreview{Table: "users", Row: "id=1", Effects: []store.CascadeEffect{
		{FK: sessions, Rule: "CASCADE", Rows: 2, Depth: 1},
		{FK: profiles, Rule: "SET NULL", Rows: 1, Depth: 1},
		{FK: scores, Rule: "RESTRICT", Rows: 0, Depth: 2},
	}}
}

// goldenStage stages an edit, a delete with a cascade and a new row.
func goldenStage(h *harness) {
	goldenPreview(h)
	h.openTable("users")
	h.press("l", "l", "e")
	h.typeText("it's bob")
	h.press("enter", "j", "d", "y", "a", "tab")
	h.typeText("newbie")
	h.press("tab")
	h.typeText("2000-01-01")
	h.press("ctrl+s")
}

// TestGridAlignsWideCharacters checks that CJK and emoji cells keep the
// column separators of every row at the same screen columns.
func TestGridAlignsWideCharacters(t *testing.T) {
	t.Parallel()
	st := demoStore()
	st.tables["wide"] = &fakeTable{info: &store.TableInfo{Name: "wide", Columns: []store.Column{col("id", "int"), col("a", "text"), col("b", "text")}, PrimaryKey: []string{"id"}},
		rows: []store.Row{
			intRow(1, "ascii", "x"),
			intRow(2, "日本語テキストが長い長い長い長い長い長い長い長い長い長い", "y"),
			intRow(3, "😀👍🎉 party", "z"),
			intRow(4, "e\u0301 combining", "w"),
		}}
	h := newHarness(t, st, nil, 100, 24)
	h.openTable("wide")
	h.press("j") // move the cursor off the rows under test
	var seps [][]int
	for _, line := range strings.Split(h.screen(), "\n") {
		if !strings.Contains(line, " │ ") || strings.Contains(line, " id ") {
			continue
		}
		var cols []int
		x := 0
		for _, r := range line {
			if r == '│' {
				cols = append(cols, x)
			}
			x += ansi.StringWidth(string(r))
		}
		seps = append(seps, cols)
	}
	if len(seps) != 4 {
		t.Fatalf("found %d grid rows:\n%s", len(seps), h.screen())
	}
	for i := 1; i < len(seps); i++ {
		if fmt.Sprint(seps[i]) != fmt.Sprint(seps[0]) {
			t.Fatalf("row %d separators at %v, row 0 at %v:\n%s", i, seps[i], seps[0], h.screen())
		}
	}
}

// wideStore has one table of 24 columns with long values, for the
// benchmark.
func wideStore(rows int) *fakeStore {
	st := demoStore()
	cols := []store.Column{col("id", "int")}
	for i := 1; i < 24; i++ {
		cols = append(cols, col(fmt.Sprintf("column_%02d", i), "varchar"))
	}
	var rs []store.Row
	for r := 0; r < rows; r++ {
		row := store.Row{val(fmt.Sprint(r + 1))}
		for i := 1; i < len(cols); i++ {
			switch i % 4 {
			case 0:
				row = append(row, val(strings.Repeat("wide value ", 6)))
			case 1:
				row = append(row, val("日本語のテキスト "+fmt.Sprint(r)))
			case 2:
				row = append(row, null)
			default:
				row = append(row, val(fmt.Sprintf("value %d/%d with \x1b[31mescape\x1b[0m", r, i)))
			}
		}
		rs = append(rs, row)
	}
	st.tables["wide"] = &fakeTable{info: &store.TableInfo{Name: "wide", Columns: cols, PrimaryKey: []string{"id"}}, rows: rs}
	return st
}

// BenchmarkGridView renders the whole screen at 200x60 with a grid of
// wide rows (the README quotes it; the goal is under 5 ms).
func BenchmarkGridView(b *testing.B) {
	st := wideStore(300)
	h := newHarness(b, st, nil, 200, 60, func(d *Deps) { d.PageSize = 100 })
	h.openTable("wide")
	h.press("j", "l", "l")
	if len(h.m.top().(*grid).rows) != 100 {
		b.Fatal("no rows")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = h.m.View()
	}
}
