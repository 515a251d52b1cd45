package store_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/demobots/demobots-tui/store"
)

// docValues are the values newDocs stores, by id and column, as the full
// text the server sends back ("" with null for NULL).
type docValues map[int]map[string]string

// newDocs creates `docs` with long TEXT, BLOB, JSON and wide VARCHAR
// columns. The values are built by the server (REPEAT), so no statement
// needs a big packet.
func newDocs(t *testing.T) (*store.Store, *store.TableInfo, docValues) {
	t.Helper()
	st, db, _ := newDB(t)
	exec(t, db,
		"CREATE TABLE docs (id INT NOT NULL PRIMARY KEY, title VARCHAR(20) NULL, body LONGTEXT NULL, data LONGBLOB NULL,"+
			" doc JSON NULL, wide VARCHAR(2000) NULL, note TINYTEXT NULL)",
		// 1: big values; 2: NULLs; 3: short values; 4: exactly the prefix;
		// 5: one byte more; 6: multi-byte characters across the cut.
		"INSERT INTO docs VALUES (1, 'big', REPEAT('é', 300000), UNHEX(REPEAT('00FF', 200000)), CONCAT('[', REPEAT('1,', 50000), '1]'), REPEAT('w', 1500), REPEAT('n', 200))",
		"INSERT INTO docs VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL)",
		"INSERT INTO docs VALUES (3, 'short', 'hi', UNHEX('0001'), '{\"a\": 1}', 'ww', '')",
		"INSERT INTO docs VALUES (4, 'exact', REPEAT('x', 1024), UNHEX(REPEAT('AB', 1024)), NULL, NULL, NULL)",
		"INSERT INTO docs VALUES (5, 'over', REPEAT('x', 1025), UNHEX(REPEAT('AB', 1025)), NULL, NULL, NULL)",
		"INSERT INTO docs VALUES (6, 'utf8', CONCAT('a', REPEAT('é', 600)), NULL, NULL, NULL, NULL)",
	)
	info, err := st.Describe(ctxT(t), "docs")
	if err != nil {
		t.Fatal(err)
	}
	jsonArray := "[" + strings.Repeat("1, ", 50000) + "1]" // as the server prints it back
	want := docValues{
		1: {"body": strings.Repeat("é", 300000), "data": strings.Repeat("\x00\xff", 200000), "wide": strings.Repeat("w", 1500), "note": strings.Repeat("n", 200), "doc": jsonArray},
		3: {"body": "hi", "data": "\x00\x01", "wide": "ww", "note": ""},
		4: {"body": strings.Repeat("x", 1024), "data": strings.Repeat("\xab", 1024)},
		5: {"body": strings.Repeat("x", 1025), "data": strings.Repeat("\xab", 1025)},
		6: {"body": "a" + strings.Repeat("é", 600)},
	}
	return st, info, want
}

func colIndex(p *store.RowPage, name string) int {
	for i, c := range p.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

func TestLongCellsCarryAPrefix(t *testing.T) {
	parallel(t)
	st, info, want := newDocs(t)
	ctx := ctxT(t)
	// Through both protocols: no arguments (text) and a filter (binary).
	for _, q := range []store.RowQuery{
		{},
		{Filters: []store.Filter{{Column: "id", Op: store.OpGe, Value: "1"}}},
	} {
		p, err := st.RowsOf(ctx, info, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Rows) != 6 {
			t.Fatalf("%d rows", len(p.Rows))
		}
		var total int
		for r, row := range p.Rows {
			id := r + 1
			for i, v := range row {
				col := p.Columns[i].Name
				total += len(v.Bytes)
				full, known := want[id][col]
				switch {
				case id == 2 && col != "id":
					if !v.Null || v.Size != 0 || v.Truncated {
						t.Errorf("row 2 %s: %+v, want NULL", col, v)
					}
					continue
				case !known:
					if v.Truncated || v.Size != int64(len(v.Bytes)) || v.Null && v.Size != 0 {
						t.Errorf("row %d %s: %+v: a short value comes whole with its size", id, col, v)
					}
					continue
				}
				if col == "doc" {
					// JSON spacing differs between engines; compare without it.
					full = strings.ReplaceAll(full, " ", "")
				}
				got := string(v.Bytes)
				if col == "doc" {
					got = strings.ReplaceAll(got, " ", "")
				}
				if len(v.Bytes) > store.CellPrefixBytes {
					t.Errorf("row %d %s: %d bytes, more than the prefix of %d", id, col, len(v.Bytes), store.CellPrefixBytes)
				}
				if !strings.HasPrefix(full, got) {
					t.Errorf("row %d %s: %.40q is not a prefix of the value", id, col, got)
				}
				long := len(full) > store.CellPrefixBytes
				if v.Truncated != long {
					t.Errorf("row %d %s: Truncated = %v for a value of %d bytes", id, col, v.Truncated, len(full))
				}
				if !long && got != full {
					t.Errorf("row %d %s: a value that fits comes whole: %.40q", id, col, got)
				}
				if col != "doc" && v.Size != int64(len(full)) {
					t.Errorf("row %d %s: Size = %d, want %d", id, col, v.Size, len(full))
				}
				if col == "doc" && v.Truncated && v.Size < int64(len(full)) {
					t.Errorf("row %d doc: Size = %d, want at least %d", id, v.Size, len(full))
				}
				if !p.Columns[i].Binary && !utf8.Valid(v.Bytes) {
					t.Errorf("row %d %s: the prefix cuts a character: % x", id, col, v.Bytes[len(v.Bytes)-4:])
				}
			}
		}
		// Row 1 alone holds more than 1.5 MB; the page carries prefixes.
		if limit := len(p.Rows) * len(p.Columns) * store.CellPrefixBytes; total > limit {
			t.Errorf("the page holds %d bytes, more than %d", total, limit)
		}
	}
}

func TestFullValue(t *testing.T) {
	parallel(t)
	st, info, want := newDocs(t)
	ctx := ctxT(t)
	p, err := st.RowsOf(ctx, info, store.RowQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"body", "data", "wide", "note"} {
		for r, row := range p.Rows {
			id := r + 1
			v, err := st.FullValue(ctx, info, p.Columns, row, col)
			if err != nil {
				t.Fatalf("row %d %s: %v", id, col, err)
			}
			full, known := want[id][col]
			switch {
			case id == 2 || !known && col != "body":
				if !v.Null && !known {
					t.Errorf("row %d %s: %.40q, want NULL", id, col, v.Bytes)
				}
			case string(v.Bytes) != full || v.Truncated || v.Size != int64(len(full)):
				t.Errorf("row %d %s: %d bytes (size %d, truncated %v), want the %d bytes of the value", id, col, len(v.Bytes), v.Size, v.Truncated, len(full))
			}
		}
	}
	doc, err := st.FullValue(ctx, info, p.Columns, p.Rows[0], "doc")
	if err != nil || strings.ReplaceAll(string(doc.Bytes), " ", "") != strings.ReplaceAll(want[1]["doc"], " ", "") {
		t.Errorf("full JSON: %.40q..., %v", doc.Bytes, err)
	}
	if _, err := st.FullValue(ctx, info, p.Columns, p.Rows[0], "nope"); !errors.Is(err, store.ErrNoColumn) {
		t.Errorf("a missing column: %v", err)
	}
	if _, err := st.DB().ExecContext(ctx, "DELETE FROM docs WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FullValue(ctx, info, p.Columns, p.Rows[0], "body"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted row: %v, want ErrNotFound", err)
	}
}

// TestLongCellsKeysInFull: the columns the cursor compares (the sort
// column) come whole, and keyset paging over them still works.
func TestLongCellsKeysInFull(t *testing.T) {
	parallel(t)
	st, info, want := newDocs(t)
	ctx := ctxT(t)
	q := store.RowQuery{Sort: &store.Sort{Column: "wide", Desc: true}, Limit: 2}
	p, err := st.RowsOf(ctx, info, q)
	if err != nil {
		t.Fatal(err)
	}
	w := colIndex(p, "wide")
	if got := p.Rows[0][w]; got.Truncated || string(got.Bytes) != want[1]["wide"] {
		t.Errorf("the sort column is cut: %d bytes, truncated %v", len(got.Bytes), got.Truncated)
	}
	if b := colIndex(p, "body"); !p.Rows[0][b].Truncated {
		t.Errorf("the other long columns still carry a prefix: %+v", p.Rows[0][b].Size)
	}
	q.After = &p.End
	next, err := st.RowsOf(ctx, info, q)
	if err != nil || len(next.Rows) != 2 || column(next, 0)[0] == column(p, 0)[1] {
		t.Errorf("next page by the long sort column: %v, %v", column(next, 0), err)
	}
}

// TestFullValueWithoutKey: a table without a usable key finds the row by
// all its whole values, and says so when two rows look the same.
func TestFullValueWithoutKey(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db,
		"CREATE TABLE loose (n INT NULL, f FLOAT NULL, body LONGTEXT NULL)",
		"INSERT INTO loose VALUES (1, 0.1, REPEAT('a', 5000)), (2, NULL, REPEAT('b', 5000)), (3, 0.5, REPEAT('c', 5000)), (3, 0.5, REPEAT('d', 5000)), (4, NULL, NULL)",
	)
	ctx := ctxT(t)
	info, err := st.Describe(ctx, "loose")
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.RowsOf(ctx, info, store.RowQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Keyset || len(p.Rows) != 5 {
		t.Fatalf("keyset %v, %d rows", p.Keyset, len(p.Rows))
	}
	for i, letter := range []string{"a", "b"} {
		v, err := st.FullValue(ctx, info, p.Columns, p.Rows[i], "body")
		if err != nil || string(v.Bytes) != strings.Repeat(letter, 5000) {
			t.Errorf("row %d: %.20q, %v", i+1, v.Bytes, err)
		}
	}
	if v, err := st.FullValue(ctx, info, p.Columns, p.Rows[4], "body"); err != nil || !v.Null {
		t.Errorf("a NULL value: %+v, %v", v, err)
	}
	if _, err := st.FullValue(ctx, info, p.Columns, p.Rows[2], "body"); !errors.Is(err, store.ErrAmbiguousRow) {
		t.Errorf("two rows alike: %v, want ErrAmbiguousRow", err)
	}
	if _, err := st.DB().ExecContext(ctx, "DELETE FROM loose WHERE n = 2"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FullValue(ctx, info, p.Columns, p.Rows[1], "body"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted row: %v, want ErrNotFound", err)
	}
}
