package store_test

import (
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// TestEditFloatSeenOnAFirstPage stages changes to rows read from a first
// page, which has no arguments and so comes through the text protocol,
// where a server may print a FLOAT with fewer digits than it stores
// (MariaDB prints 1.2345678 as 1.23457). The optimistic check must still
// match the row.
func TestEditFloatSeenOnAFirstPage(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE fl (id INT NOT NULL PRIMARY KEY, f FLOAT NULL, d DOUBLE NULL)",
		"INSERT INTO fl VALUES (1, 1.2345678, 0.1), (2, 3.4028234e38, 1.7976931348623157e308), (3, -1.1754944e-38, 2.2250738585072014e-308), (4, 0.53, 1e-300)")
	info, err := st.Describe(ctxT(t), "fl")
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.RowsOf(ctxT(t), info, store.RowQuery{Table: "fl"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 4 {
		t.Fatalf("%d rows", len(p.Rows))
	}
	for _, row := range p.Rows {
		t.Logf("seen %s %s %s", row[0].Bytes, row[1].Bytes, row[2].Bytes)
		apply(t, st, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: row,
			Edits: []store.Edit{{Column: "f", Value: val("2.5")}, {Column: "d", Value: val("2.5")}}})
	}
	p, err = st.RowsOf(ctxT(t), info, store.RowQuery{Table: "fl"})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range p.Rows {
		apply(t, st, store.Change{Kind: store.ChangeDelete, Info: info, Columns: p.Columns, Row: row})
	}
	if ids := plainIDs(t, db, "SELECT id FROM fl"); len(ids) != 0 {
		t.Fatalf("rows left: %v", ids)
	}
}
