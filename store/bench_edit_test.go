package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// BenchmarkApplyEdits times the edit path for a batch of 100 UPDATEs (one
// page of rows, each with a changed column): building the statements
// (PlanEdits) and running them in one transaction with their checks
// (ApplyEdits). Each round reads the page first, so the checks match.
func BenchmarkApplyEdits(b *testing.B) {
	ctx := context.Background()
	st, db, _ := newDB(b)
	exec(b, db, "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT NOT NULL, s VARCHAR(50) NOT NULL)")
	for i := 0; i < 10; i++ {
		q := "INSERT INTO t VALUES "
		for j := 0; j < 100; j++ {
			if j > 0 {
				q += ","
			}
			id := strconv.Itoa(i*100 + j + 1)
			q += "(" + id + ", 0, 'row " + id + "')"
		}
		exec(b, db, q)
	}
	info, err := st.Describe(ctx, "t")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for n := 0; b.Loop(); n++ {
		p, err := st.RowsOf(ctx, info, store.RowQuery{Table: "t", Limit: 100})
		if err != nil {
			b.Fatal(err)
		}
		changes := make([]store.Change, len(p.Rows))
		for i, row := range p.Rows {
			changes[i] = store.Change{Kind: store.ChangeUpdate, Info: info, Columns: p.Columns, Row: row,
				Edits: []store.Edit{{Column: "v", Value: store.Value{Bytes: []byte(strconv.Itoa(n + 1))}}}}
		}
		plan, err := st.PlanEdits(ctx, changes)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.ApplyEdits(ctx, plan); err != nil {
			b.Fatal(err)
		}
	}
}
