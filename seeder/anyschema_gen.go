package seeder

import (
	"context"
	"fmt"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/seeder/colgen"
)

// spec is t as the load pipeline takes it.
func (t *anyTable) spec() tableSpec {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	s := tableSpec{
		name:            t.cat.name,
		columns:         names,
		gen:             t.generate,
		rows:            func(Options) int64 { return t.rows },
		noAutoIncrement: !t.hasAutoInc(),
	}
	for _, f := range t.fks {
		if f.deferred {
			s.after = t.fill
			break
		}
	}
	return s
}

func (t *anyTable) hasAutoInc() bool {
	for _, c := range t.cat.cols {
		if c.autoInc {
			return true
		}
	}
	return false
}

// generate writes t's rows.
func (t *anyTable) generate(o Options, w rowWriter) error {
	r := newRNG(o.Seed)
	for i := int64(0); i < t.rows; i++ {
		for _, c := range t.cols {
			c.write(w, r, i)
		}
		if err := w.EndRow(); err != nil {
			return err
		}
	}
	return nil
}

// write writes c's value for row. A foreign key writes the value its
// parent's column has in the parent row it picks (recursively, for a key
// that references another foreign key).
func (c *anyCol) write(w colgen.Writer, r *rng, row int64) {
	switch c.kind {
	case colSeq:
		w.Int(row + 1)
	case colPos:
		w.Int(row%c.per + 1)
	case colNull:
		w.Null()
	case colFK:
		c.writeRef(w, r, row)
	default:
		c.gen(w, r.at(c.stream, row), row)
	}
}

func (c *anyCol) writeRef(w colgen.Writer, r *rng, row int64) {
	p, ok := c.fk.pick(r, row)
	if !ok {
		w.Null()
		return
	}
	c.parentCol.write(w, r, p)
}

// pick is the parent row (0-based) of child row, or false for NULL.
func (f *anyFK) pick(r *rng, row int64) (int64, bool) {
	n := f.parent.rows
	if n == 0 {
		return 0, false
	}
	switch f.mode {
	case pickTree:
		// About one row in twenty is a root; every other row hangs under
		// an earlier row, so no row is its own ancestor. A NOT NULL
		// reference makes roots point to themselves.
		if row < max(1, f.child.rows/20) {
			return row, !f.nullable
		}
		return int64(r.at(f.stream, row).IntN(int(row))), true
	case pickGrouped:
		return min(row/f.per, n-1), true
	case pickSame:
		return row, true
	case pickPairA:
		return row % n, true
	case pickPairB:
		na := f.partner.parent.rows
		return (row/na + row%na) % n, true
	}
	return int64(r.at(f.stream, row).IntN(int(n))), true
}

// fillPrefix names the temporary table of a second pass.
const fillPrefix = "_demobots_fill_"

// fill is t's second pass: it sets the deferred foreign keys (loaded as
// NULL to break a cycle) to the parent rows they pick, now that every
// table is loaded. The values go into a temporary table keyed like t,
// and one UPDATE … JOIN copies them: one statement whatever the keys'
// types, instead of one UPDATE per row.
func (t *anyTable) fill(ctx context.Context, x execer, actual func(string) string) error {
	ins, ok := x.(inserter)
	if !ok {
		return fmt.Errorf("seeder: the second pass needs a connection or a transaction")
	}
	var cols, defs, on []string
	var writers []*anyCol
	for _, k := range t.fillKey {
		cc := t.cat.column(k)
		cols = append(cols, k)
		defs = append(defs, quoteIdent(k)+" "+cc.ColumnType+" NOT NULL")
		on = append(on, "c."+quoteIdent(k)+" = s."+quoteIdent(k))
		writers = append(writers, t.byName[k])
	}
	var sets []string
	for _, f := range t.fks {
		if !f.deferred {
			continue
		}
		for i, k := range f.fk.Columns {
			cols = append(cols, k)
			defs = append(defs, quoteIdent(k)+" "+t.cat.column(k).ColumnType+" NULL")
			sets = append(sets, k)
			col := *t.byName[k]
			col.kind, col.ref = colFK, f.fk.RefColumns[i]
			writers = append(writers, &col)
		}
	}
	tmp := fillPrefix + t.cat.name
	create := "CREATE TEMPORARY TABLE " + quoteIdent(tmp) + " (" + strings.Join(defs, ", ") +
		", PRIMARY KEY (" + quoteList(t.fillKey) + "))"
	if _, err := x.ExecContext(ctx, create); err != nil {
		// The embedded engine has no temporary tables: one UPDATE per row.
		return t.fillByRow(ctx, ins, actual, writers, len(t.fillKey), sets)
	}
	defer x.ExecContext(context.WithoutCancel(ctx), "DROP TEMPORARY TABLE IF EXISTS "+quoteIdent(tmp)) //nolint:errcheck // the connection is discarded anyway
	spec := tableSpec{
		name:    tmp,
		columns: cols,
		rows:    func(Options) int64 { return t.rows },
		gen: func(o Options, w rowWriter) error {
			r := newRNG(o.Seed)
			for i := int64(0); i < t.rows; i++ {
				for _, c := range writers {
					c.write(w, r, i)
				}
				if err := w.EndRow(); err != nil {
					return err
				}
			}
			return nil
		},
	}
	if _, err := loadInsert(ctx, ins, spec, Options{Seed: t.seed}, insertBatch, nil); err != nil {
		return err
	}
	up := sq.Update(quoteIdent(actual(t.cat.name)) + " AS c JOIN " + quoteIdent(tmp) + " AS s ON " + strings.Join(on, " AND "))
	for _, k := range sets {
		up = up.Set("c."+quoteIdent(k), sq.Expr("s."+quoteIdent(k)))
	}
	query, args, err := up.ToSql()
	if err != nil {
		return fmt.Errorf("build the second pass: %w", err)
	}
	if _, err := x.ExecContext(ctx, query, args...); err != nil {
		return fmt.Errorf("fill the foreign keys deferred by a cycle: %w", err)
	}
	return nil
}

// fillByRow is fill without a temporary table: one prepared UPDATE per
// row, setting the deferred columns (the last of writers) by the key
// (the first nKey).
func (t *anyTable) fillByRow(ctx context.Context, ins inserter, actual func(string) string, writers []*anyCol, nKey int, sets []string) error {
	up := sq.Update(quoteIdent(actual(t.cat.name)))
	for _, k := range sets {
		up = up.Set(quoteIdent(k), nil)
	}
	// The condition in key order (squirrel would sort an Eq's keys).
	conds := make([]string, len(t.fillKey))
	for i, k := range t.fillKey {
		conds[i] = quoteIdent(k) + " = ?"
	}
	query, _, err := up.Where(strings.Join(conds, " AND ")).ToSql()
	if err != nil {
		return fmt.Errorf("build the second pass: %w", err)
	}
	stmt, err := ins.PrepareContext(ctx, query)
	if err != nil {
		return fmt.Errorf("prepare the second pass: %w", err)
	}
	defer stmt.Close()
	r := newRNG(t.seed)
	for i := int64(0); i < t.rows; i++ {
		var vals capturedRow
		for _, c := range writers {
			c.write(&vals, r, i)
		}
		args := append(vals.args[nKey:], vals.args[:nKey]...)
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("fill the foreign keys deferred by a cycle: %w", err)
		}
	}
	return nil
}

// capturedRow collects one row's values as statement arguments, in the
// forms batchWriter sends.
type capturedRow struct{ args []any }

func (c *capturedRow) Int(v int64)  { c.args = append(c.args, v) }
func (c *capturedRow) Str(s string) { c.args = append(c.args, s) }
func (c *capturedRow) Null()        { c.args = append(c.args, nil) }
func (c *capturedRow) DateTime(unix int64) {
	c.args = append(c.args, string(appendDateTime(nil, unix)))
}
func (c *capturedRow) Date(unix int64) { c.args = append(c.args, string(appendDate(nil, unix))) }
