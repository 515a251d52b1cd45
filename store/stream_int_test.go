package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// drainStream reads a stream to its end, n rows a call, and checks that no
// value is a prefix.
func drainStream(t *testing.T, src store.RowSource, n int) []store.Row {
	t.Helper()
	ctx := ctxT(t)
	var out []store.Row
	for i := 0; ; i++ {
		if i > 10_000 {
			t.Fatal("the stream does not end")
		}
		rows, err := src.Next(ctx, n)
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		if len(rows) > n {
			t.Fatalf("asked for %d rows, got %d", n, len(rows))
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			for _, v := range r {
				if v.Truncated {
					t.Fatalf("a stream value is truncated: %+v", v)
				}
			}
		}
		out = append(out, rows...)
	}
	if rows, err := src.Next(ctx, n); len(rows) != 0 || err != nil {
		t.Errorf("after the end: %d rows, %v", len(rows), err)
	}
	return out
}

func ids(rows []store.Row, idx int) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[idx].String()
	}
	return out
}

// TestStreamRowsOrderAndFilters: a stream gives the rows the grid shows, in
// its order, for keyset pages (primary key, indexed sort) and for the one
// ordered query (unindexed sort), across page boundaries.
func TestStreamRowsOrderAndFilters(t *testing.T) {
	parallel(t)
	st, db, info := newItems(t)
	tests := []struct {
		name  string
		q     store.RowQuery
		plain string
	}{
		{"primary key order", store.RowQuery{}, "SELECT id FROM items ORDER BY id"},
		{"indexed sort", store.RowQuery{Sort: &store.Sort{Column: "grp"}}, "SELECT id FROM items ORDER BY grp, id"},
		{"indexed sort descending", store.RowQuery{Sort: &store.Sort{Column: "grp", Desc: true}}, "SELECT id FROM items ORDER BY grp DESC, id DESC"},
		{"unindexed sort with NULLs", store.RowQuery{Sort: &store.Sort{Column: "name"}}, "SELECT id FROM items ORDER BY name, id"},
		{"unindexed sort descending", store.RowQuery{Sort: &store.Sort{Column: "name", Desc: true}}, "SELECT id FROM items ORDER BY name DESC, id DESC"},
		{"binary sort", store.RowQuery{Sort: &store.Sort{Column: "data"}}, "SELECT id FROM items ORDER BY data, id"},
		{"filtered and sorted", store.RowQuery{
			Filters: []store.Filter{{Column: "name", Op: store.OpLike, Value: "n1%"}, {Column: "grp", Op: store.OpNe, Value: "0"}},
			Sort:    &store.Sort{Column: "acc", Desc: true}},
			"SELECT id FROM items WHERE name LIKE 'n1%' AND grp <> 0 ORDER BY acc DESC, id DESC"},
		{"filtered, keyset", store.RowQuery{Filters: []store.Filter{{Column: "grp", Op: store.OpEq, Value: "3"}}},
			"SELECT id FROM items WHERE grp = 3 ORDER BY id"},
		{"nothing matches", store.RowQuery{Filters: []store.Filter{{Column: "name", Op: store.OpEq, Value: "zzz"}}},
			"SELECT id FROM items WHERE name = 'zzz' ORDER BY id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strs(plainIDs(t, db, tt.plain))
			for _, limit := range []int{7, 0} {
				q := tt.q
				q.Table, q.Limit = "items", limit
				src, err := st.StreamRows(ctxT(t), info, q)
				if err != nil {
					t.Fatal(err)
				}
				got := ids(drainStream(t, src, 11), 0)
				if err := src.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
				if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
					t.Fatalf("pages of %d: the stream gives\n%v\nthe plain SELECT\n%v", limit, got, want)
				}
			}
		})
	}
}

// TestStreamRowsWholeValues: long values come whole, NULL stays NULL, and a
// batch stops early once its rows hold the byte budget.
func TestStreamRowsWholeValues(t *testing.T) {
	st, info, want := newDocs(t)
	store.SetStreamBatchBytes(t, 100_000)
	src, err := st.StreamRows(ctxT(t), info, store.RowQuery{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	first, err := src.Next(ctxT(t), 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 1 {
		t.Errorf("the first batch holds %d rows; row 1 alone is over the budget", len(first))
	}
	rows := append(first, drainStream(t, src, 100)...)
	if got := ids(rows, 0); !reflect.DeepEqual(got, []string{"1", "2", "3", "4", "5", "6"}) {
		t.Fatalf("ids %v", got)
	}
	cols := src.Columns()
	for r, row := range rows {
		id := r + 1
		for i, v := range row {
			col := cols[i].Name
			if id == 2 && col != "id" {
				if !v.Null {
					t.Errorf("row 2 %s: %+v, want NULL", col, v)
				}
				continue
			}
			full, ok := want[id][col]
			if !ok {
				continue
			}
			got := string(v.Bytes)
			if col == "doc" {
				got, full = strings.ReplaceAll(got, " ", ""), strings.ReplaceAll(full, " ", "")
			}
			if got != full || v.Size != int64(len(v.Bytes)) {
				t.Errorf("row %d %s: %d bytes, want the whole %d", id, col, len(v.Bytes), len(full))
			}
		}
	}
}

// TestStreamRowsWithoutKey: a table without a usable key streams in the
// order its pages show, duplicates included.
func TestStreamRowsWithoutKey(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db,
		"CREATE TABLE loose (n INT NULL, f FLOAT NULL, body LONGTEXT NULL)",
		"INSERT INTO loose VALUES (3, 0.5, 'c'), (1, 0.1, REPEAT('a', 5000)), (2, NULL, 'b'), (3, 0.5, 'c'), (NULL, NULL, NULL)",
	)
	ctx := ctxT(t)
	info, err := st.Describe(ctx, "loose")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []store.RowQuery{{}, {Sort: &store.Sort{Column: "n", Desc: true}}} {
		p, err := st.RowsOf(ctx, info, q)
		if err != nil {
			t.Fatal(err)
		}
		src, err := st.StreamRows(ctx, info, q)
		if err != nil {
			t.Fatal(err)
		}
		got := drainStream(t, src, 2)
		_ = src.Close()
		if !reflect.DeepEqual(ids(got, 0), column(p, 0)) || !reflect.DeepEqual(ids(got, 1), column(p, 1)) {
			t.Errorf("sort %v: stream %v, page %v", q.Sort, ids(got, 0), column(p, 0))
		}
		if len(got) != 5 {
			t.Errorf("%d rows", len(got))
		}
	}
}

// TestStreamRowsRejects: a cursor, Last, an unknown column or a closed
// stream are errors that say what is wrong.
func TestStreamRowsRejects(t *testing.T) {
	parallel(t)
	st, _, info := newItems(t)
	ctx := ctxT(t)
	p, err := st.RowsOf(ctx, info, store.RowQuery{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	for name, q := range map[string]store.RowQuery{
		"after":  {After: &p.End},
		"before": {Before: &p.End},
		"last":   {Last: true},
	} {
		if _, err := st.StreamRows(ctx, info, q); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("%s: %v, want ErrBadQuery", name, err)
		}
	}
	if _, err := st.StreamRows(ctx, info, store.RowQuery{Sort: &store.Sort{Column: "nope"}}); !errors.Is(err, store.ErrNoColumn) {
		t.Errorf("unknown sort column: %v", err)
	}
	if _, err := st.StreamRows(ctx, info, store.RowQuery{Filters: []store.Filter{{Column: "grp", Op: store.OpEq, Value: "x"}}}); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("a bad filter value: %v", err)
	}
	src, err := st.StreamRows(ctx, info, store.RowQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Errorf("a second close: %v", err)
	}
	if _, err := src.Next(ctx, 1); err == nil {
		t.Error("next after close: no error")
	}
}

// TestStreamRowsSnapshot: rows inserted and deleted while a stream runs do
// not change what it reads (one REPEATABLE READ snapshot), on servers with
// MVCC; the embedded engine has no snapshots and is not asked.
func TestStreamRowsSnapshot(t *testing.T) {
	parallel(t)
	st, db, info := newItems(t)
	if testdb.Embedded(t) {
		t.Log("the embedded engine has no MVCC snapshots: only checked on a server")
		return
	}
	ctx := ctxT(t)
	src, err := st.StreamRows(ctx, info, store.RowQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	first, err := src.Next(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, db, "INSERT INTO items (id, grp) VALUES (1000, 1)", "DELETE FROM items WHERE id = 200")
	rest := drainStream(t, src, 50)
	got := ids(append(first, rest...), 0)
	if len(got) != 250 || got[249] != "250" || got[199] != "200" {
		t.Errorf("the stream saw the changes: %d rows, last %s", len(got), got[len(got)-1])
	}
}

// TestStreamRowsCancel: cancelling the stream's context stops it with an
// error that says so.
func TestStreamRowsCancel(t *testing.T) {
	parallel(t)
	st, _, info := newItems(t)
	ctx, cancel := context.WithCancel(ctxT(t))
	src, err := st.StreamRows(ctx, info, store.RowQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	if _, err := src.Next(ctx, 15); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := src.Next(ctx, 500); !errors.Is(err, store.ErrCanceled) && !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v", err)
	}
}

// TestStreamRowsExactFloat: FLOAT values come with every digit they need
// to load back, on the first page too (MariaDB's text protocol would
// print 0.123457).
func TestStreamRowsExactFloat(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE fl (id INT PRIMARY KEY, f FLOAT, d DOUBLE)",
		"INSERT INTO fl VALUES (1, 0.123456789, 0.1234567890123456789), (2, -3.4028234e38, 1e-300)")
	ctx := ctxT(t)
	info, err := st.Describe(ctx, "fl")
	if err != nil {
		t.Fatal(err)
	}
	for _, sort := range []*store.Sort{nil, {Column: "f"}} {
		src, err := st.StreamRows(ctx, info, store.RowQuery{Sort: sort})
		if err != nil {
			t.Fatal(err)
		}
		rows := drainStream(t, src, 10)
		_ = src.Close()
		got := map[string][]string{}
		for _, r := range rows {
			got[r[0].String()] = []string{r[1].String(), r[2].String()}
		}
		want := map[string][]string{"1": {"0.12345679", "0.12345678901234568"}, "2": {"-3.4028235e+38", "1e-300"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sort %v: %v, want %v", sort, got, want)
		}
	}
}
