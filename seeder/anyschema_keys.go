package seeder

import (
	"fmt"
	"slices"
	"strings"

	"github.com/demobots/demobots-tui/seeder/colgen"
	"github.com/demobots/demobots-tui/store"
)

// anyTable is one table of a seed of any schema.
type anyTable struct {
	cat     *catTable
	rows    int64
	counted bool
	// withParent, when set, is the table whose with sets rows: withPer
	// children per parent row, grouped under their parent.
	withParent string
	withPer    int64
	fks        []*anyFK
	cols       []*anyCol // the columns loaded, in table order
	byName     map[string]*anyCol
	// seq are integer columns numbered 1..N (AUTO_INCREMENT, or a single
	// integer primary key); unique are columns whose generator must not
	// repeat; pos numbers rows within their parent of a foreign key.
	seq    map[string]bool
	unique map[string]bool
	pos    map[string]*anyFK
	// fillKey identifies rows for the second pass of deferred keys.
	fillKey []string
	seed    uint64
}

// fkMode is how a child row picks its parent row.
type fkMode int

const (
	pickRandom  fkMode = iota
	pickGrouped        // row / per: children in groups under their parent
	pickSame           // row i → parent row i (a one-to-one key)
	pickPairA          // with pickPairB: no (A, B) pair repeats
	pickPairB
	pickTree // a self-reference: an earlier row, or none for a root
)

// anyFK is one foreign key of a table.
type anyFK struct {
	fk            store.ForeignKey
	child, parent *anyTable
	mode          fkMode
	per           int64
	partner       *anyFK // pickPairB's pickPairA
	nullable      bool
	deferred      bool // loaded as NULL, filled by the second pass
	stream        uint64
}

func (f *anyFK) String() string {
	return fmt.Sprintf("%s(%s) → %s", f.fk.Table, strings.Join(f.fk.Columns, ","), f.fk.RefTable)
}

// linkKeys sets how each foreign key of t picks parents and which columns
// must be unique, so that every PRIMARY and UNIQUE key of t holds.
func (p *anyPlan) linkKeys(t *anyTable, deferred []store.ForeignKey) error {
	c := t.cat
	t.seq, t.unique, t.pos = map[string]bool{}, map[string]bool{}, map[string]*anyFK{}
	inFK := map[string]bool{}
	for _, fk := range c.fks {
		f := &anyFK{fk: fk, child: t, parent: p.tables[fk.RefTable], nullable: true, stream: stream(t.cat.name, "fk\x00"+fk.Name)}
		for _, col := range fk.Columns {
			inFK[col] = true
			if cc := c.column(col); cc == nil || !cc.Nullable {
				f.nullable = false
			}
		}
		f.deferred = slices.ContainsFunc(deferred, func(d store.ForeignKey) bool { return d.Table == fk.Table && d.Name == fk.Name })
		switch fk.RefTable {
		case fk.Table:
			f.mode = pickTree
		case t.withParent:
			f.mode, f.per = pickGrouped, max(t.withPer, 1)
		}
		t.fks = append(t.fks, f)
	}
	for _, col := range c.cols {
		if col.autoInc {
			t.seq[col.Name] = true
		}
	}
	if c.primary && len(c.keys[0]) == 1 {
		if col := c.column(c.keys[0][0]); col != nil && !inFK[col.Name] && intType(col.DataType) && !p.refined(col) {
			t.seq[col.Name] = true
		}
	}
	for _, key := range c.keys {
		if err := p.keepUnique(t, key, inFK); err != nil {
			return err
		}
	}
	// The second pass updates rows by a key without deferred columns; a
	// table without one gets its deferred keys loaded directly instead
	// (the load runs with foreign_key_checks off).
	for _, key := range c.keys {
		ok := true
		for _, k := range key {
			col := c.column(k)
			ok = ok && col != nil && !col.Nullable && !col.generated && t.deferredCol(k) == nil
		}
		if ok {
			t.fillKey = key
			break
		}
	}
	if t.fillKey == nil {
		for _, f := range t.fks {
			f.deferred = false
		}
	}
	for _, f := range t.fks {
		if f.parent.rows == 0 && t.rows > 0 && !f.nullable && f.mode != pickTree {
			return fmt.Errorf("seeder: %s gets %d rows, but %s, which its foreign key %s references, gets none", t.cat.name, t.rows, f.fk.RefTable, f.fk.Name)
		}
	}
	return nil
}

// refined reports whether the refinement sets col's generator.
func (p *anyPlan) refined(col *catColumn) bool {
	return p.refine != nil && p.refine.Table(col.Table).Column(col.Name) != nil
}

func (t *anyTable) deferredCol(name string) *anyFK {
	for _, f := range t.fks {
		if f.deferred && slices.Contains(f.fk.Columns, name) {
			return f
		}
	}
	return nil
}

// keepUnique makes key (a PRIMARY or UNIQUE key of t) unique.
func (p *anyPlan) keepUnique(t *anyTable, key []string, inFK map[string]bool) error {
	for _, k := range key {
		if t.seq[k] {
			return nil
		}
	}
	var others []string
	for _, k := range key {
		if !inFK[k] {
			others = append(others, k)
		}
	}
	var covered []*anyFK // the keys whose columns are all in key
	for _, f := range t.fks {
		if f.mode != pickTree && !slices.ContainsFunc(f.fk.Columns, func(c string) bool { return !slices.Contains(key, c) }) {
			covered = append(covered, f)
		}
	}
	free := func(f *anyFK) bool { return f.mode == pickRandom || f.mode == pickGrouped && f.per == 1 }
	name := t.cat.name + "(" + strings.Join(key, ",") + ")"
	switch {
	case len(others) == 0 && len(covered) == 1 && len(covered[0].fk.Columns) == len(key) && free(covered[0]):
		f := covered[0]
		if t.rows > f.parent.rows {
			return fmt.Errorf("seeder: unique key %s is the foreign key to %s: %s can have at most %d rows (one per row of %s), not %d", name, f.fk.RefTable, t.cat.name, f.parent.rows, f.fk.RefTable, t.rows)
		}
		f.mode = pickSame
		return nil
	case len(others) == 1 && len(covered) == 1 && (covered[0].mode == pickRandom || covered[0].mode == pickGrouped):
		col := t.cat.column(others[0])
		f := covered[0]
		if col != nil && intType(col.DataType) && !p.refined(col) && f.parent.rows > 0 {
			per := f.per
			if f.mode == pickRandom {
				per = max(1, (t.rows+f.parent.rows-1)/f.parent.rows)
			}
			if _, hi := col.IntRange(); per <= hi {
				f.mode, f.per = pickGrouped, per
				t.pos[col.Name] = f
				return nil
			}
		}
	case len(others) == 0 && len(covered) >= 2 && covered[0].mode == pickRandom && covered[1].mode == pickRandom:
		a, b := covered[0], covered[1]
		if t.rows > a.parent.rows*b.parent.rows {
			return fmt.Errorf("seeder: unique key %s pairs rows of %s and %s: %s can have at most %d rows, not %d", name, a.fk.RefTable, b.fk.RefTable, t.cat.name, a.parent.rows*b.parent.rows, t.rows)
		}
		a.mode, b.mode, b.partner = pickPairA, pickPairB, a
		return nil
	}
	if len(others) > 0 {
		t.unique[others[0]] = true
		return nil
	}
	return fmt.Errorf("seeder: cannot keep unique key %s unique: its columns all come from foreign keys that are picked otherwise", name)
}

var intTypes = map[string]bool{"tinyint": true, "smallint": true, "mediumint": true, "int": true, "integer": true, "bigint": true}

func intType(dataType string) bool { return intTypes[dataType] }

// columns builds the generator of each loaded column of t.
func (p *anyPlan) columns(t *anyTable) error {
	for i := range t.cat.cols {
		cc := &t.cat.cols[i]
		if cc.generated {
			continue // the server computes it
		}
		col := &anyCol{name: cc.Name, stream: stream(t.cat.name, cc.Name)}
		switch f := t.fkOf(cc.Name); {
		case f != nil:
			col.kind, col.fk = colFK, f
			col.ref = f.fk.RefColumns[slices.Index(f.fk.Columns, cc.Name)]
			if f.deferred {
				col.kind = colNull
			}
		case t.seq[cc.Name]:
			if _, hi := cc.IntRange(); t.rows > hi {
				return fmt.Errorf("seeder: %s.%s (%s) cannot number %d rows", t.cat.name, cc.Name, cc.ColumnType, t.rows)
			}
			col.kind = colSeq
		case t.pos[cc.Name] != nil:
			col.kind, col.per = colPos, t.pos[cc.Name].per
		default:
			c := cc.Column
			c.Unique = c.Unique || t.unique[c.Name] || t.singleKey(c.Name)
			g, err := p.newColumnGen(c, t.rows)
			if err != nil {
				return err
			}
			col.gen = g
		}
		t.cols = append(t.cols, col)
		t.byName[col.name] = col
	}
	return nil
}

// singleKey reports whether name alone is a PRIMARY or UNIQUE key.
func (t *anyTable) singleKey(name string) bool {
	for _, k := range t.cat.keys {
		if len(k) == 1 && k[0] == name {
			return true
		}
	}
	return false
}

// fkOf is the foreign key column name belongs to (the one with the most
// columns, when it is in several).
func (t *anyTable) fkOf(name string) *anyFK {
	var best *anyFK
	for _, f := range t.fks {
		if slices.Contains(f.fk.Columns, name) && (best == nil || len(f.fk.Columns) > len(best.fk.Columns)) {
			best = f
		}
	}
	return best
}

// resolve links each foreign-key column to the parent column it copies,
// once every table's columns are built.
func (p *anyPlan) resolve() error {
	for _, t := range p.tables {
		for _, col := range t.cols {
			if col.fk == nil {
				continue
			}
			col.parentCol = col.fk.parent.byName[col.ref]
			if col.parentCol == nil {
				return fmt.Errorf("seeder: %s.%s references %s.%s, which the server generates: its values cannot be known in advance", t.cat.name, col.name, col.fk.fk.RefTable, col.ref)
			}
		}
	}
	return nil
}

// colKind is where a loaded column's values come from.
type colKind int

const (
	colGen  colKind = iota // its colgen generator
	colSeq                 // 1..N
	colPos                 // 1..per within its parent of a foreign key
	colFK                  // the parent row's value of the referenced column
	colNull                // NULL now, filled by the second pass
)

// anyCol is one loaded column.
type anyCol struct {
	name      string
	kind      colKind
	stream    uint64
	gen       colgen.Gen
	per       int64
	fk        *anyFK
	ref       string  // the referenced column of fk
	parentCol *anyCol // the column of fk's parent table named ref
}
