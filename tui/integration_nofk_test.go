package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// TestRealStoreWithoutForeignKeys drives the TUI on the demobots schema
// with every FOREIGN KEY removed: the user view, drill-down from users to
// sessions to scores, relation counts, origins and orphans all work
// through inferred relations.
func TestRealStoreWithoutForeignKeys(t *testing.T) {
	// The embedded engine is not safe for concurrent sessions (see
	// store's integration tests): run alone there.
	if !testdb.Embedded(t) {
		t.Parallel()
	}
	ctx := context.Background()
	schema, err := os.ReadFile(filepath.Join("..", "store", "testdata", "schema_nofk.sql"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := testdb.New(t)
	st, err := store.Open(ctx, cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	plan, err := seeder.PlanPush(ctx, st, string(schema))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seeder.ApplyPush(ctx, st, plan, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := seeder.Seed(ctx, st, seeder.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	if fks, err := st.ForeignKeys(ctx, st.Database()); err != nil || len(fks) != 0 {
		t.Fatalf("foreign keys %v, %v", fks, err)
	}
	// One score whose session does not exist.
	if _, err := st.DB().ExecContext(ctx, "INSERT INTO `scores` (`session_id`, `level_id`, `created_at`, `score`, `time_taken`, `accuracy`) VALUES (9999, 1, '2025-01-01', 1, 60, 0.5)"); err != nil {
		t.Fatal(err)
	}

	h := newRealHarness(t, st)
	h.openTable("users")
	h.press("enter")
	u, ok := h.m.top().(*userView)
	if !ok || u.err != nil || u.summary == nil || u.summary.Profile == nil || len(u.summary.Sessions) != 5 || len(u.points) != 25 {
		t.Fatalf("user view: %T\n%s", h.m.top(), h.screen())
	}
	h.press("enter")
	if sv, ok := h.m.top().(*scoresView); !ok || len(sv.scores) != 5 || sv.scores[0].Level == "" {
		t.Fatalf("session scores: %T\n%s", h.m.top(), h.screen())
	}

	// users → sessions → scores through the relations menu.
	h.press("esc", "esc")
	if g, ok := h.m.top().(*grid); !ok || g.table != "users" {
		t.Fatalf("back to users: %T", h.m.top())
	}
	h.press("o")
	rm, ok := h.m.dialog.(*relationsDialog)
	if !ok || len(rm.rels) != 2 {
		t.Fatalf("relations of a user: %T\n%s", h.m.dialog, h.screen())
	}
	if scr := h.screen(); !strings.Contains(scr, "← sessions.user_id") || !strings.Contains(scr, "5 rows  inferred") {
		t.Fatalf("relations of a user:\n%s", scr)
	}
	for i, r := range rm.rels {
		if r.FK.Table == "sessions" {
			rm.cursor = i
		}
	}
	h.press("enter")
	g, ok := h.m.top().(*grid)
	if !ok || g.table != "sessions" || len(g.rows) != 5 {
		t.Fatalf("the user's sessions: %T\n%s", h.m.top(), h.screen())
	}
	h.press("o")
	rm = h.m.dialog.(*relationsDialog)
	for i, r := range rm.rels {
		if r.Incoming && r.FK.Table == "scores" {
			rm.cursor = i
		}
	}
	h.press("O")
	if scr := h.screen(); !strings.Contains(scr, "1 orphan") {
		t.Fatalf("orphans of scores → sessions:\n%s", scr)
	}
	h.press("enter")
	if g, ok := h.m.top().(*grid); !ok || g.table != "scores" || len(g.rows) != 5 {
		t.Fatalf("the session's scores: %T\n%s", h.m.top(), h.screen())
	}

	// The structure says where each relation comes from.
	h.press("i")
	sv, ok := h.m.top().(*structureView)
	if !ok {
		t.Fatalf("structure: %T", h.m.top())
	}
	scr := h.screen()
	for _, want := range []string{"sessions(id)", "levels(id)", "inferred"} {
		if !strings.Contains(scr, want) {
			t.Errorf("structure of scores lacks %q:\n%s", want, scr)
		}
	}
	h.press("O")
	if len(sv.orphans.counts) != 2 || sv.orphans.counts[relationKey(sv.info.Outgoing[0])]+sv.orphans.counts[relationKey(sv.info.Outgoing[1])] != 1 {
		t.Errorf("orphans of scores: %v\n%s", sv.orphans.counts, h.screen())
	}
}
