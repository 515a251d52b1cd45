package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// TestRealStoreExport: E on a filtered, sorted grid of the real store
// writes every matching row, in the grid's order, not just the loaded
// page.
func TestRealStoreExport(t *testing.T) {
	// The embedded engine is not safe for concurrent sessions: run alone
	// there (TestRealStore pushes and seeds meanwhile).
	if !testdb.Embedded(t) {
		t.Parallel()
	}
	ctx := context.Background()
	cfg := testdb.New(t)
	st, err := store.Open(ctx, cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := seeder.Bootstrap(ctx, st, true); err != nil {
		t.Fatal(err)
	}
	var want []string
	rows, err := st.DB().QueryContext(ctx, "SELECT id, score FROM scores WHERE level_id <> ? ORDER BY score DESC, id DESC", 2)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id, score int64
		if err := rows.Scan(&id, &score); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("%d,%d", id, score))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	h := newRealHarness(t, st)
	g := h.openTable("scores")
	g.filters = []store.Filter{{Column: "level_id", Op: store.OpNe, Value: "2"}}
	g.sort = &store.Sort{Column: "score", Desc: true}
	h.queue(g.first())
	h.settle()
	if len(g.rows) != 5 || len(want) < 100 {
		t.Fatalf("the grid holds %d rows, the query %d", len(g.rows), len(want))
	}
	h.press("E")
	path := filepath.Join(t.TempDir(), "scores.csv")
	h.typeText(path)
	h.press("enter")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; status %q", err, h.m.status.text)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	header := strings.Split(lines[0], ",")
	idCol, scoreCol := -1, -1
	for i, name := range header {
		switch name {
		case "id":
			idCol = i
		case "score":
			scoreCol = i
		}
	}
	var got []string
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		got = append(got, f[idCol]+","+f[scoreCol])
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the file holds %d rows, want %d in the grid's order;\nfirst %v\nwant  %v", len(got), len(want), got[:min(5, len(got))], want[:5])
	}
}
