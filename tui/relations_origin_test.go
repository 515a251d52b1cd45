package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/demobots/demobots-tui/store"
)

// inferredStore is demoStore without the foreign key from sessions to
// users: the relation is inferred, notes refer to users by a declared
// relation and user_profiles by a foreign key.
func inferredStore() *fakeStore {
	st := demoStore()
	inferred := store.ForeignKey{Table: "sessions", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, Origin: store.OriginInferred}
	declared := store.ForeignKey{Name: "note_author", Table: "notes", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}, Origin: store.OriginDeclared}
	fk := store.ForeignKey{Name: "profile_user_fk", Table: "user_profiles", Columns: []string{"id"}, RefTable: "users", RefColumns: []string{"id"}, OnUpdate: "RESTRICT", OnDelete: "CASCADE"}
	st.tables["users"].info.Incoming = []store.ForeignKey{fk, declared, inferred}
	st.tables["sessions"].info.Outgoing = []store.ForeignKey{inferred}
	st.rels = []store.RelationCount{{FK: fk, Incoming: true, Rows: 1}, {FK: declared, Incoming: true, Rows: 1}, {FK: inferred, Incoming: true, Rows: 2}}
	st.orphans = map[string]int64{"sessions.user_id": 3, "notes.id": 0}
	return st
}

func TestRelationsMenuShowsOriginsAndCountsOrphans(t *testing.T) {
	t.Parallel()
	st := inferredStore()
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("users")
	h.press("o")
	rm, ok := h.m.dialog.(*relationsDialog)
	if !ok {
		t.Fatalf("o opened %T", h.m.dialog)
	}
	scr := h.screen()
	for _, want := range []string{"← user_profiles.id", "fk", "← notes.id", "declared", "← sessions.user_id", "2 rows  inferred",
		"declared and inferred: no constraint; O counts rows without a parent", "O count orphans"} {
		if !strings.Contains(scr, want) {
			t.Errorf("menu lacks %q:\n%s", want, scr)
		}
	}
	// On the foreign key: nothing to count.
	h.press("O")
	if rm.orphans.any() || !strings.Contains(h.screen(), "a FOREIGN KEY: the server refuses orphans") {
		t.Errorf("O on a foreign key:\n%s", h.screen())
	}
	h.press("j", "j", "O")
	if scr := h.screen(); !strings.Contains(scr, "2 rows  inferred  3 orphans") {
		t.Errorf("orphans of the inferred relation:\n%s", scr)
	}
	h.press("k", "O")
	if scr := h.screen(); !strings.Contains(scr, "1 row  declared  no orphans") || !strings.Contains(scr, "3 orphans") {
		t.Errorf("orphans of the declared relation:\n%s", scr)
	}
	// A failed count says why and shows nothing counted.
	st.orphanErr = errors.New("count orphans of notes(id) → users: timed out")
	h.press("j", "O")
	if scr := h.screen(); !strings.Contains(scr, "timed out") || strings.Contains(scr, "3 orphans") {
		t.Errorf("a failed count:\n%s", scr)
	}
	// Enter still follows the relation.
	h.press("enter")
	if g, ok := h.m.top().(*grid); !ok || g.table != "sessions" {
		t.Errorf("enter opened %T", h.m.top())
	}
}

func TestStructureShowsOriginsAndCountsOrphans(t *testing.T) {
	t.Parallel()
	st := inferredStore()
	h := newHarness(t, st, nil, 140, 40)
	h.selectTable("users")
	h.press("i")
	scr := h.screen()
	for _, want := range []string{"Referenced by (child → this table)", "origin", "profile_user_fk", "CASCADE",
		"note_author", "declared", "sessions(user_id)", "inferred", "O counts their rows without a parent"} {
		if !strings.Contains(scr, want) {
			t.Errorf("structure lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(scr, "3 orphans") || strings.Contains(scr, "enforced") {
		t.Errorf("orphans counted before asked:\n%s", scr)
	}
	h.press("O")
	scr = h.screen()
	for _, want := range []string{"orphans", "enforced", "no orphans", "3 orphans"} {
		if !strings.Contains(scr, want) {
			t.Errorf("after O the structure lacks %q:\n%s", want, scr)
		}
	}
	// Only the relations without a constraint are counted.
	if _, ok := st.orphans["user_profiles.id"]; ok {
		t.Fatal("test setup")
	}

	// A table whose relations are all foreign keys offers no count.
	h = newHarness(t, demoStore(), nil, 140, 40)
	h.selectTable("users")
	h.press("i")
	if h.m.c.keys.Data.Orphans.Enabled() || strings.Contains(h.screen(), "O count") {
		t.Errorf("orphans offered without relations to count:\n%s", h.screen())
	}
}

// TestGoldenInferred snapshots the relations menu and the structure of a
// schema without the foreign key, orphans counted. Regenerate with: go
// test ./tui -run TestGoldenInferred -update
func TestGoldenInferred(t *testing.T) {
	t.Parallel()
	for name, do := range map[string]func(h *harness){
		"relations_120x40": func(h *harness) { h.openTable("users"); h.press("o", "j", "j", "O") },
		"structure_120x40": func(h *harness) { h.selectTable("users"); h.press("i", "O") },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, inferredStore(), nil, 120, 40)
			do(h)
			golden.RequireEqual(t, h.screen())
		})
	}
}

// TestInferredRelationsLeaveEditingFree: only a constraint makes the
// server refuse a value without a parent, so a column of an inferred
// relation is edited as a plain value and a new row is not checked
// against it.
func TestInferredRelationsLeaveEditingFree(t *testing.T) {
	t.Parallel()
	st := inferredStore()
	h := newHarness(t, st, nil, 120, 30)
	h.openTable("sessions")
	h.press("l", "e")
	d := dialogOf[*cellEditor](t, h)
	if d.mode == editParent || strings.Contains(h.screen(), "→ users.id") {
		t.Fatalf("user_id of an inferred relation is edited by a parent picker:\n%s", h.screen())
	}
	h.press("esc", "a")
	h.typeText("4")
	h.press("enter")
	h.typeText("99")
	h.press("enter")
	h.typeText("2025-01-01 00:00:00")
	h.press("enter")
	h.typeText("60")
	h.press("enter")
	if strings.Contains(h.screen(), "no row of users") || h.m.c.edits.count() != 1 {
		t.Fatalf("a new row of an inferred relation was checked:\n%s", h.screen())
	}
}
