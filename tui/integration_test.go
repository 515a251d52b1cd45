package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// TestRealStore drives the TUI on the real store and seeder: the embedded
// engine by default, the server of TEST_DATABASE_URL when set.
func TestRealStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := testdb.New(t)
	st, err := store.Open(ctx, cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := seeder.Bootstrap(ctx, st, true); err != nil {
		t.Fatal(err)
	}
	// A hostile username: it must show as placeholders.
	if _, err := st.DB().ExecContext(ctx, "UPDATE `users` SET `username` = ? WHERE `id` = 2", "\x1b]0;pwned\x07x"); err != nil {
		t.Fatal(err)
	}
	h := newRealHarness(t, st)
	if !h.m.c.demobots {
		t.Fatal("the demobots schema is not recognised")
	}
	g := h.openTable("users")
	if len(g.rows) != 5 || g.err != nil {
		t.Fatalf("users grid: %d rows, err %v", len(g.rows), g.err)
	}
	for i := 0; i < 11; i++ { // crosses two page boundaries
		h.press("j")
	}
	if row, _ := g.current(); string(row[0].Bytes) != "12" {
		t.Fatalf("row 12 is %s", row[0].Bytes)
	}
	// The last page, then back up across a page boundary (Before).
	h.press("G")
	if row, _ := g.current(); string(row[0].Bytes) != "12" {
		t.Fatalf("G: row %s", row[0].Bytes)
	}
	for i := 0; i < 6; i++ {
		h.press("k")
	}
	if row, _ := g.current(); string(row[0].Bytes) != "6" || g.err != nil {
		t.Fatalf("6 up from the last row: row %s, err %v", row[0].Bytes, g.err)
	}
	// Sort by username descending, then a filter, then clear both.
	h.press("l", "l", "s", "s")
	if row, _ := g.current(); g.err != nil || len(g.rows) != 5 || g.sort == nil || !g.sort.Desc {
		t.Fatalf("sorted: %v %d rows %v", g.err, len(g.rows), row)
	}
	for i := 0; i < 11; i++ {
		h.press("j")
	}
	names := []string{}
	for _, r := range g.rows {
		names = append(names, string(r[2].Bytes))
	}
	for i := 1; i < len(names); i++ {
		if strings.ToLower(names[i]) > strings.ToLower(names[i-1]) { // utf8mb4_unicode_ci
			t.Fatalf("not descending: %q", names)
		}
	}
	h.press("s", "h", "h", "/", "enter", "j", "j", "j", "j", "enter")
	h.typeText("10")
	h.press("enter")
	if len(g.rows) != 2 || g.err != nil {
		t.Fatalf("id > 10: %d rows, %v", len(g.rows), g.err)
	}
	h.press("/", "g", "enter")
	h.press("g")
	onlySGR(t, h.m.View().Content)
	if !strings.Contains(h.screen(), "␛]0;pwned␇x") {
		t.Fatalf("hostile username not shown as placeholders:\n%s", h.screen())
	}
	h.press("enter")
	u, ok := h.m.top().(*userView)
	if !ok || u.summary == nil || u.err != nil {
		t.Fatalf("user view: %T %v", h.m.top(), u.err)
	}
	if u.summary.Profile == nil || len(u.summary.Sessions) != 5 || len(u.points) != 25 {
		t.Fatalf("user summary: profile %v, %d sessions, %d points", u.summary.Profile, len(u.summary.Sessions), len(u.points))
	}
	if !strings.Contains(h.screen(), u.summary.Profile.LastName) {
		t.Fatalf("profile not shown:\n%s", h.screen())
	}
	h.press("enter")
	sv, ok := h.m.top().(*scoresView)
	if !ok || len(sv.scores) != 5 || sv.scores[0].Level == "" {
		t.Fatalf("session scores: %T", h.m.top())
	}
	// Relations of a session row: the parent user and the child scores.
	h.openTable("sessions")
	h.press("o")
	rm, ok := h.m.dialog.(*relationsDialog)
	if !ok || len(rm.rels) != 2 {
		t.Fatalf("relations: %T %+v\n%s", h.m.dialog, rm, h.screen())
	}
	for i, rel := range rm.rels {
		if rel.Incoming && rel.FK.Table == "scores" {
			rm.cursor = i
		}
	}
	h.press("enter")
	if sg, ok := h.m.top().(*grid); !ok || sg.table != "scores" || len(sg.rows) != 5 {
		t.Fatalf("child scores: %T", h.m.top())
	}
	h.press("esc")
	// Structure and exact count.
	h.press("i")
	if sv, ok := h.m.top().(*structureView); !ok || !strings.Contains(sv.ddl, "CREATE TABLE") {
		t.Fatalf("structure: %T", h.m.top())
	}
	h.press("c")
	if tb, _ := h.m.c.catalog.table("sessions"); !tb.Exact || tb.Rows != 60 {
		t.Fatalf("exact count: %+v", tb)
	}
	// Push: nothing to do. Reseed with 3 users: everything refreshes.
	h.press("P")
	if !strings.Contains(h.screen(), "No changes") {
		t.Fatalf("push on an up-to-date database:\n%s", h.screen())
	}
	h.press("R", "tab", "backspace", "backspace")
	h.typeText("3")
	h.press("enter")
	h.typeText(st.Database())
	h.press("enter")
	if !strings.Contains(h.screen(), "reseeded") {
		t.Fatalf("reseed:\n%s", h.screen())
	}
	h.press("esc") // back to the sessions grid
	g = h.m.top().(*grid)
	if tb, _ := h.m.c.catalog.table("users"); tb.Rows != 3 && !strings.Contains(h.screen(), "~") {
		t.Fatalf("users count after reseed: %+v", tb)
	}
	if len(g.rows) != 5 || g.loading {
		t.Fatalf("sessions grid after reseed: %d rows", len(g.rows))
	}
}

func newRealHarness(t *testing.T, st *store.Store) *harness {
	m := New(Deps{Store: st, Actions: SeederActions(st, testdb.Embedded(t)), PageSize: 5, Timeout: time.Minute})
	m.c.noAnim = true
	h := &harness{t: t, m: m}
	h.send(teaSize(120, 40))
	h.queue(m.Init())
	h.settle()
	return h
}
