package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// recordingStore is the real store that keeps every plan it applies.
type recordingStore struct {
	*store.Store
	applied []*store.EditPlan
}

func (r *recordingStore) ApplyEdits(ctx context.Context, plan *store.EditPlan) error {
	r.applied = append(r.applied, plan)
	return r.Store.ApplyEdits(ctx, plan)
}

// newEditHarness seeds the demobots database and drives the TUI on the
// real store, recording what it applies.
func newEditHarness(t *testing.T) (*harness, *recordingStore) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, testdb.New(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := seeder.Bootstrap(ctx, st, true); err != nil {
		t.Fatal(err)
	}
	rs := &recordingStore{Store: st}
	m := New(Deps{Store: rs, PageSize: 5, Timeout: time.Minute})
	m.c.noAnim = true
	h := &harness{t: t, m: m}
	h.send(teaSize(160, 50))
	h.queue(m.Init())
	h.settle()
	return h, rs
}

// flat is the screen with the borders and line breaks taken out, so that
// a statement wrapped over several lines reads as one.
func flat(screen string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╭", " ", "╰", " ").Replace(screen)), " ")
}

// TestRealStoreEdits edits a row, reviews and applies it on the real store
// (the embedded engine, or TEST_DATABASE_URL's server): the review shows
// every statement of the plan that really runs, the database changes; a
// row changed meanwhile is reported with its current values and nothing
// is applied; a delete that a foreign key restricts is refused up front.
func TestRealStoreEdits(t *testing.T) {
	// The embedded engine is not safe for concurrent sessions (see
	// store's integration tests): run alone there.
	if !testdb.Embedded(t) {
		t.Parallel()
	}
	h, rs := newEditHarness(t)
	db := rs.DB()
	ctx := context.Background()
	h.openTable("users")
	h.press("l", "l", "e")
	h.typeText("renamed 😀")
	h.press("enter", "j", "l", "e")
	h.typeText("2001-02-03")
	h.press("enter", "ctrl+s")
	rv, ok := h.m.dialog.(*reviewDialog)
	if !ok || rv.plan == nil {
		t.Fatalf("no review:\n%s", h.screen())
	}
	shown := flat(h.screen())
	for i, st := range rv.plan.Statements {
		if want := flat(sanitize.Line(st.Display())); !strings.Contains(shown, want) {
			t.Fatalf("statement %d is not shown as it runs: %s\n%s", i+1, want, h.screen())
		}
	}
	h.press("y")
	if len(rs.applied) != 1 || rs.applied[0] != rv.plan {
		t.Fatalf("applied %d plans, not the one reviewed", len(rs.applied))
	}
	var name, born string
	if err := db.QueryRowContext(ctx, "SELECT username FROM users WHERE id = 1").Scan(&name); err != nil || name != "renamed 😀" {
		t.Fatalf("username %q, %v", name, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT date_of_birth FROM users WHERE id = 2").Scan(&born); err != nil || !strings.HasPrefix(born, "2001-02-03") {
		t.Fatalf("date_of_birth %q, %v", born, err)
	}
	if !strings.Contains(h.screen(), "applied 2 statements in one transaction") || !strings.Contains(h.screen(), "renamed 😀") {
		t.Fatalf("after apply:\n%s", h.screen())
	}

	// A row changed between staging and applying: nothing is applied.
	h.press("g", "h", "e")
	h.typeText("first")
	h.press("enter", "j", "j", "e")
	h.typeText("third")
	h.press("enter")
	if _, err := db.ExecContext(ctx, "UPDATE users SET username = 'someone else' WHERE id = 3"); err != nil {
		t.Fatal(err)
	}
	h.press("ctrl+s", "y")
	scr := h.screen()
	for _, want := range []string{"users id=3 changed after it was read", "It holds now:", "someone else"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the conflict does not show %q:\n%s", want, scr)
		}
	}
	if err := db.QueryRowContext(ctx, "SELECT username FROM users WHERE id = 1").Scan(&name); err != nil || name != "renamed 😀" {
		t.Fatalf("the first statement was not rolled back: %q %v", name, err)
	}
	h.press("u", "ctrl+s", "y")
	if err := db.QueryRowContext(ctx, "SELECT username FROM users WHERE id = 1").Scan(&name); err != nil || name != "first" {
		t.Fatalf("after dropping the conflicting row: %q %v\n%s", name, err, h.screen())
	}

	// Every user has sessions, and the demobots keys restrict deletes.
	h.press("d")
	if !strings.Contains(h.screen(), "refused:") || !strings.Contains(h.screen(), "sessions") {
		t.Fatalf("the delete of a user with sessions:\n%s", h.screen())
	}
	h.press("esc")
	if h.m.c.edits.count() != 0 {
		t.Fatal("a refused delete was staged")
	}
	// A score has nothing that references it: delete it.
	h.openTable("scores")
	h.press("d", "y", "ctrl+s")
	h.typeText(rs.Database())
	h.press("enter")
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM scores WHERE id = 1").Scan(&n); err != nil || n != 0 {
		t.Fatalf("score 1 is still there (%d, %v):\n%s", n, err, h.screen())
	}
}
