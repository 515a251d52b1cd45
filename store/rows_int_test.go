package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// newItems creates `items`, 250 rows with duplicates, NULLs, empty strings,
// FLOAT values that are not exact in binary and binary data, so that every
// sort has ties and NULL boundaries.
func newItems(t *testing.T) (*store.Store, *sql.DB, *store.TableInfo) {
	t.Helper()
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE items (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, grp INT NOT NULL, name VARCHAR(20) NULL, acc FLOAT NULL, data VARBINARY(8) NULL, KEY grp_idx (grp))")
	var b strings.Builder
	b.WriteString("INSERT INTO items (id, grp, name, acc, data) VALUES ")
	for i := 1; i <= 250; i++ {
		if i > 1 {
			b.WriteString(",")
		}
		name := fmt.Sprintf("'n%02d'", i*37%50)
		switch {
		case i%9 == 0:
			name = "NULL"
		case i%13 == 0:
			name = "''"
		}
		acc := fmt.Sprintf("%.1f", float64(i%10)/10)
		if i%11 == 0 {
			acc = "NULL"
		}
		data := fmt.Sprintf("x'%02x%02x'", i%5, i%3)
		if i%6 == 0 {
			data = "NULL"
		}
		fmt.Fprintf(&b, "(%d,%d,%s,%s,%s)", i, i%7, name, acc, data)
	}
	exec(t, db, b.String())
	info, err := st.Describe(ctxT(t), "items")
	if err != nil {
		t.Fatal(err)
	}
	return st, db, info
}

// walk pages through q forwards from the first page, then backwards from
// the last forward page, and returns the id column of the forward walk.
// It checks HasPrev/HasNext, page sizes, and that the backward walk meets
// exactly the forward pages in reverse.
func walk(t *testing.T, st *store.Store, info *store.TableInfo, q store.RowQuery, idCol int) []string {
	t.Helper()
	ctx := ctxT(t)
	var pages []*store.RowPage
	var ids []string
	for i := 0; ; i++ {
		if i > 100 {
			t.Fatal("more than 100 pages: paging does not advance")
		}
		p, err := st.RowsOf(ctx, info, q)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		if p.HasPrev != (i > 0) {
			t.Errorf("page %d: HasPrev = %v", i, p.HasPrev)
		}
		if p.HasNext && len(p.Rows) != q.Limit {
			t.Errorf("page %d has %d rows but HasNext", i, len(p.Rows))
		}
		pages = append(pages, p)
		ids = append(ids, column(p, idCol)...)
		if !p.HasNext {
			break
		}
		q.After, q.Before = &p.End, nil
	}
	// Back from the last page's start: the same pages, in reverse.
	last := pages[len(pages)-1]
	for i := len(pages) - 2; i >= 0; i-- {
		q.After, q.Before = nil, &last.Start
		p, err := st.RowsOf(ctx, info, q)
		if err != nil {
			t.Fatalf("back to page %d: %v", i, err)
		}
		if got, want := column(p, idCol), column(pages[i], idCol); !reflect.DeepEqual(got, want) {
			t.Fatalf("back to page %d: got %v, want %v", i, got, want)
		}
		if p.HasPrev != (i > 0) || !p.HasNext {
			t.Errorf("back to page %d: HasPrev %v HasNext %v", i, p.HasPrev, p.HasNext)
		}
		last = p
	}
	return ids
}

// walkFromEnd pages backwards from the Last page and returns the ids in
// display order; the page that reaches the start is the full first page.
func walkFromEnd(t *testing.T, st *store.Store, info *store.TableInfo, q store.RowQuery, idCol int, want []string) {
	t.Helper()
	ctx := ctxT(t)
	q.Last, q.After, q.Before = true, nil, nil
	end := len(want)
	for i := 0; ; i++ {
		if i > 100 {
			t.Fatal("more than 100 pages")
		}
		p, err := st.RowsOf(ctx, info, q)
		if err != nil {
			t.Fatalf("page %d from the end: %v", i, err)
		}
		got := column(p, idCol)
		if p.HasNext != (i > 0) {
			t.Errorf("page %d from the end: HasNext = %v", i, p.HasNext)
		}
		if !p.HasPrev {
			// The first page, full even if it overlaps the previous one.
			if n := min(q.Limit, len(want)); !reflect.DeepEqual(got, want[:n]) {
				t.Fatalf("first page reached from the end: got %v, want %v", got, want[:n])
			}
			return
		}
		start := end - len(got)
		if len(got) != q.Limit || start < 0 || !reflect.DeepEqual(got, want[start:end]) {
			t.Fatalf("page %d from the end: got %v, want rows %d..%d", i, got, start, end)
		}
		end = start
		q.Last, q.Before = false, &p.Start
	}
}

func column(p *store.RowPage, idx int) []string {
	out := make([]string, len(p.Rows))
	for i, r := range p.Rows {
		out[i] = r[idx].String()
	}
	return out
}

func strs(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}

func TestRowsKeysetMatchesPlainSelect(t *testing.T) {
	parallel(t)
	st, db, info := newItems(t)
	tests := []struct {
		name  string
		q     store.RowQuery
		plain string // the ordered SELECT the pages must reproduce
	}{
		{"primary key order", store.RowQuery{},
			"SELECT id FROM items ORDER BY id"},
		{"by name with NULLs and ties", store.RowQuery{Sort: &store.Sort{Column: "name"}},
			"SELECT id FROM items ORDER BY name, id"},
		{"by name descending", store.RowQuery{Sort: &store.Sort{Column: "name", Desc: true}},
			"SELECT id FROM items ORDER BY name DESC, id DESC"},
		{"by inexact FLOAT", store.RowQuery{Sort: &store.Sort{Column: "acc"}},
			"SELECT id FROM items ORDER BY acc, id"},
		{"by binary descending", store.RowQuery{Sort: &store.Sort{Column: "data", Desc: true}},
			"SELECT id FROM items ORDER BY data DESC, id DESC"},
		{"filtered by group", store.RowQuery{Filters: []store.Filter{{Column: "grp", Op: store.OpEq, Value: "3"}}},
			"SELECT id FROM items WHERE grp = 3 ORDER BY id"},
		{"filtered and sorted", store.RowQuery{
			Filters: []store.Filter{{Column: "name", Op: store.OpLike, Value: "n1%"}, {Column: "grp", Op: store.OpNe, Value: "0"}},
			Sort:    &store.Sort{Column: "acc", Desc: true}},
			"SELECT id FROM items WHERE name LIKE 'n1%' AND grp <> 0 ORDER BY acc DESC, id DESC"},
		{"NULL filter, sorted by group", store.RowQuery{
			Filters: []store.Filter{{Column: "acc", Op: store.OpNotNull}, {Column: "acc", Op: store.OpGe, Value: "0.3"}},
			Sort:    &store.Sort{Column: "grp"}},
			"SELECT id FROM items WHERE acc IS NOT NULL AND acc >= 0.3 ORDER BY grp, id"},
		{"nothing matches", store.RowQuery{Filters: []store.Filter{{Column: "name", Op: store.OpEq, Value: "zzz"}}},
			"SELECT id FROM items WHERE name = 'zzz' ORDER BY id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := strs(plainIDs(t, db, tt.plain))
			q := tt.q
			q.Table, q.Limit = "items", 40
			got := walk(t, st, info, q, 0)
			if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Fatalf("forward pages give\n%v\nplain SELECT gives\n%v", got, want)
			}
			if len(want) > 0 {
				walkFromEnd(t, st, info, q, 0, want)
			}
		})
	}
}

func TestRowsPageShape(t *testing.T) {
	parallel(t)
	st, _, info := newItems(t)
	ctx := ctxT(t)
	p, err := st.Rows(ctx, store.RowQuery{Table: "items", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Keyset || len(p.Rows) != 10 || p.HasPrev || !p.HasNext || len(p.Columns) != 5 || p.Columns[2].Name != "name" {
		t.Fatalf("first page: keyset %v rows %d prev %v next %v columns %d", p.Keyset, len(p.Rows), p.HasPrev, p.HasNext, len(p.Columns))
	}
	// After the very last row (as if the rows after it had been deleted):
	// the last page again.
	last, err := st.RowsOf(ctx, info, store.RowQuery{Limit: 10, Last: true})
	if err != nil {
		t.Fatal(err)
	}
	past, err := st.RowsOf(ctx, info, store.RowQuery{Limit: 10, After: &last.End})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(column(past, 0), column(last, 0)) || past.HasNext || !past.HasPrev {
		t.Errorf("past the end: %v, prev %v next %v", column(past, 0), past.HasPrev, past.HasNext)
	}
	// An empty result is an empty page with nowhere to go.
	none, err := st.RowsOf(ctx, info, store.RowQuery{Filters: []store.Filter{{Column: "grp", Op: store.OpGt, Value: "100"}}})
	if err != nil || len(none.Rows) != 0 || none.HasPrev || none.HasNext || !none.Start.IsZero() {
		t.Errorf("empty result: %+v, %v", none, err)
	}
	// A cursor from one sort order does not fit another.
	sorted, err := st.RowsOf(ctx, info, store.RowQuery{Sort: &store.Sort{Column: "name"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RowsOf(ctx, info, store.RowQuery{After: &sorted.End}); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("mismatched cursor: %v", err)
	}
	if _, err := st.RowsOf(ctx, info, store.RowQuery{Sort: &store.Sort{Column: "nope"}}); !errors.Is(err, store.ErrNoColumn) || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("unknown sort column: %v", err)
	}
	if _, err := st.RowsOf(ctx, info, store.RowQuery{Filters: []store.Filter{{Column: "grp", Op: store.OpEq, Value: "three"}}}); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("text for an integer column: %v", err)
	}
	n, err := st.CountMatching(ctx, info, []store.Filter{{Column: "name", Op: store.OpIsNull}})
	if err != nil || n != 27 {
		t.Errorf("CountMatching = %d, %v; want 27 NULL names", n, err)
	}
}

func TestRowsCompositeKey(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE pairs (a INT NOT NULL, b INT NOT NULL, v INT NULL, PRIMARY KEY (a, b))")
	var vals []string
	for i := range 120 {
		v := strconv.Itoa(i * 7 % 10)
		if i%8 == 0 {
			v = "NULL"
		}
		vals = append(vals, fmt.Sprintf("(%d,%d,%s)", i%9, i, v))
	}
	exec(t, db, "INSERT INTO pairs VALUES "+strings.Join(vals, ","))
	info, err := st.Describe(ctxT(t), "pairs")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sort  *store.Sort
		plain string
	}{
		{nil, "SELECT b FROM pairs ORDER BY a, b"},
		{&store.Sort{Column: "v"}, "SELECT b FROM pairs ORDER BY v, a, b"},
		{&store.Sort{Column: "v", Desc: true}, "SELECT b FROM pairs ORDER BY v DESC, a DESC, b DESC"},
		{&store.Sort{Column: "b", Desc: true}, "SELECT b FROM pairs ORDER BY b DESC, a DESC"},
	} {
		want := strs(plainIDs(t, db, tt.plain))
		q := store.RowQuery{Table: "pairs", Limit: 7, Sort: tt.sort}
		if got := walk(t, st, info, q, 1); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: got %v, want %v", tt.plain, got, want)
		}
		walkFromEnd(t, st, info, q, 1, want)
	}
}

func TestRowsWithoutPrimaryKey(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db,
		"CREATE TABLE loose (x INT NULL, y VARCHAR(5) NULL)",
		"CREATE TABLE coded (code VARCHAR(10) NOT NULL, n INT NULL, UNIQUE KEY code_unique (code))")
	var vals, codes []string
	for i := range 95 {
		x := strconv.Itoa(i % 13)
		if i%10 == 0 {
			x = "NULL"
		}
		vals = append(vals, fmt.Sprintf("(%s,'y%d')", x, i%4)) // full duplicates too
		codes = append(codes, fmt.Sprintf("('c%03d',%d)", (i*31)%95, i%5))
	}
	exec(t, db, "INSERT INTO loose VALUES "+strings.Join(vals, ","), "INSERT INTO coded VALUES "+strings.Join(codes, ","))
	ctx := ctxT(t)

	info, err := st.Describe(ctx, "loose")
	if err != nil {
		t.Fatal(err)
	}
	rowsOf := func(query string) []string {
		rows, err := db.QueryContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var x sql.NullInt64
			var y string
			if err := rows.Scan(&x, &y); err != nil {
				t.Fatal(err)
			}
			s := "NULL"
			if x.Valid {
				s = strconv.FormatInt(x.Int64, 10)
			}
			out = append(out, s+"/"+y)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	render := func(p *store.RowPage) []string {
		var out []string
		for _, r := range p.Rows {
			out = append(out, r[0].String()+"/"+r[1].String())
		}
		return out
	}
	for _, tt := range []struct {
		sort  *store.Sort
		plain string
	}{
		{nil, "SELECT x, y FROM loose ORDER BY x, y"},
		{&store.Sort{Column: "y", Desc: true}, "SELECT x, y FROM loose ORDER BY y DESC, x, y"},
	} {
		want := rowsOf(tt.plain)
		q := store.RowQuery{Table: "loose", Limit: 10, Sort: tt.sort}
		var got []string
		var pages []*store.RowPage
		for {
			p, err := st.RowsOf(ctx, info, q)
			if err != nil {
				t.Fatal(err)
			}
			if p.Keyset {
				t.Fatal("keyset paging on a table without a key")
			}
			pages = append(pages, p)
			got = append(got, render(p)...)
			if !p.HasNext {
				break
			}
			q.After = &p.End
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: pages give %v, want %v", tt.plain, got, want)
		}
		q.After = nil
		q.Before = &pages[len(pages)-1].Start
		back, err := st.RowsOf(ctx, info, q)
		if err != nil || !reflect.DeepEqual(render(back), render(pages[len(pages)-2])) {
			t.Errorf("previous page: %v, %v", render(back), err)
		}
		q.Before, q.Last = nil, true
		last, err := st.RowsOf(ctx, info, q)
		if err != nil || !reflect.DeepEqual(render(last), want[len(want)-10:]) || last.HasNext || !last.HasPrev {
			t.Errorf("last page: %v, %v", render(last), err)
		}
	}

	coded, err := st.Describe(ctx, "coded")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(coded.RowKey(), []string{"code"}) {
		t.Fatalf("row key %v", coded.RowKey())
	}
	q := store.RowQuery{Table: "coded", Limit: 10, Sort: &store.Sort{Column: "n"}}
	p, err := st.RowsOf(ctx, coded, q)
	if err != nil || !p.Keyset {
		t.Fatalf("unique key paging: %v keyset %v", err, p != nil && p.Keyset)
	}
	want := plainIDs(t, db, "SELECT CAST(SUBSTRING(code, 2) AS SIGNED) FROM coded ORDER BY n, code")
	got := walk(t, st, coded, q, 0)
	for i := range got {
		got[i] = strings.TrimLeft(strings.TrimPrefix(got[i], "c"), "0")
		if got[i] == "" {
			got[i] = "0"
		}
	}
	if !reflect.DeepEqual(got, strs(want)) {
		t.Errorf("unique key pages %v, want %v", got, want)
	}
}

func TestRowsCells(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db,
		"CREATE TABLE cells (id INT PRIMARY KEY, t VARCHAR(10) NULL, b VARBINARY(4) NULL, d DATE NULL, dt DATETIME NULL, f FLOAT NULL, dec2 DECIMAL(6,2) NULL, big BIGINT UNSIGNED NULL)",
		"INSERT INTO cells VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"+
			"(2, '', x'', '2025-01-02', '2025-01-02 03:04:05', 0.1, 12.50, 18446744073709551615),"+
			"(3, 'NULL', x'00ff', '1999-12-31', '1999-12-31 23:59:59', -2.5, -0.01, 0)",
	)
	ctx := ctxT(t)
	// Through both protocols: no arguments (text) and a filter (binary).
	for _, q := range []store.RowQuery{
		{Table: "cells"},
		{Table: "cells", Filters: []store.Filter{{Column: "id", Op: store.OpGe, Value: "1"}}},
	} {
		p, err := st.Rows(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Rows) != 3 {
			t.Fatalf("%d rows", len(p.Rows))
		}
		for i := 1; i < 8; i++ {
			if c := p.Rows[0][i]; !c.Null {
				t.Errorf("row 1 column %s: %#v, want NULL", p.Columns[i].Name, c)
			}
		}
		want2 := []string{"2", "", "", "2025-01-02", "2025-01-02 03:04:05", "0.1", "12.50", "18446744073709551615"}
		want3 := []string{"3", "NULL", "\x00\xff", "1999-12-31", "1999-12-31 23:59:59", "-2.5", "-0.01", "0"}
		for i := range want2 {
			if c := p.Rows[1][i]; c.Null || string(c.Bytes) != want2[i] {
				t.Errorf("row 2 column %s: %#v, want %q", p.Columns[i].Name, c, want2[i])
			}
			if c := p.Rows[2][i]; c.Null || string(c.Bytes) != want3[i] {
				t.Errorf("row 3 column %s: %#v, want %q", p.Columns[i].Name, c, want3[i])
			}
		}
		if !p.Columns[2].Binary || p.Columns[1].Binary {
			t.Errorf("binary flags: %+v", p.Columns[1:3])
		}
	}
	for _, f := range []store.Filter{
		{Column: "b", Op: store.OpEq, Value: "0x00ff"},
		{Column: "f", Op: store.OpEq, Value: "-2.5"},
		{Column: "t", Op: store.OpEq, Value: "NULL"},
		{Column: "dec2", Op: store.OpLt, Value: "0"},
		{Column: "d", Op: store.OpLt, Value: "2000-01-01"},
	} {
		p, err := st.Rows(ctx, store.RowQuery{Table: "cells", Filters: []store.Filter{f}})
		if err != nil {
			t.Fatal(err)
		}
		if got := column(p, 0); !reflect.DeepEqual(got, []string{"3"}) {
			t.Errorf("filter %s %s %s: rows %v, want [3]", f.Column, f.Op, f.Value, got)
		}
	}
	p, err := st.Rows(ctx, store.RowQuery{Table: "cells", Filters: []store.Filter{{Column: "f", Op: store.OpEq, Value: "0.1"}}})
	if err != nil || !reflect.DeepEqual(column(p, 0), []string{"2"}) {
		t.Errorf("FLOAT = 0.1: %v, %v", column(p, 0), err)
	}
	p, err = st.Rows(ctx, store.RowQuery{Table: "cells", Filters: []store.Filter{{Column: "t", Op: store.OpIsNull}}})
	if err != nil || !reflect.DeepEqual(column(p, 0), []string{"1"}) {
		t.Errorf("IS NULL: %v, %v", column(p, 0), err)
	}
}

func TestRowsHostileNames(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, hostileSchema...)
	exec(t, db,
		"INSERT INTO `order` VALUES (1,'x',NULL),(1,'y','w`1'),(2,'x','w2')",
		"INSERT INTO `my table` (`id`, `o a`, `o``b`) VALUES (10,1,'x'),(11,1,'y'),(12,NULL,NULL),(13,1,'x')",
	)
	ctx := ctxT(t)
	p, err := st.Rows(ctx, store.RowQuery{Table: "order", Sort: &store.Sort{Column: "we`ird", Desc: true},
		Filters: []store.Filter{{Column: "b c", Op: store.OpLike, Value: "%"}}, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := column(p, 2); !reflect.DeepEqual(got, []string{"w2", "w`1"}) || !p.HasNext {
		t.Fatalf("sorted by a column with a backtick: %v next %v", got, p.HasNext)
	}
	next, err := st.Rows(ctx, store.RowQuery{Table: "order", Sort: &store.Sort{Column: "we`ird", Desc: true},
		Filters: []store.Filter{{Column: "b c", Op: store.OpLike, Value: "%"}}, Limit: 2, After: &p.End})
	if err != nil || len(next.Rows) != 1 || !next.Rows[0][2].Null || next.HasNext {
		t.Fatalf("next page: %+v, %v", next, err)
	}
	p, err = st.Rows(ctx, store.RowQuery{Table: "my table", Filters: []store.Filter{{Column: "o`b", Op: store.OpEq, Value: "x"}}})
	if err != nil || !reflect.DeepEqual(column(p, 0), []string{"10", "13"}) {
		t.Fatalf("filter on a column with a backtick: %v, %v", column(p, 0), err)
	}
}
