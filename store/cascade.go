package store

import (
	"context"
	"fmt"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// MaxCascadeDepth is how many levels of ON DELETE CASCADE PreviewDelete
// follows. A schema whose cascades go deeper (or loop, as a table that
// references itself does) is previewed to this depth and says so.
const MaxCascadeDepth = 8

// CascadeEffect is what deleting a row does through one foreign key that
// references it, or references rows the delete cascades to.
type CascadeEffect struct {
	// FK is the child table's key; FK.Table is the child table and
	// FK.RefTable the table whose deleted rows it references.
	FK ForeignKey
	// Rule is the key's ON DELETE rule as the catalog reports it:
	// CASCADE, SET NULL, RESTRICT, NO ACTION or SET DEFAULT.
	Rule string
	// Rows is the number of child rows it touches: deleted (CASCADE),
	// set to NULL (SET NULL), or blocking the delete (RESTRICT, NO
	// ACTION).
	Rows int64
	// Depth is 1 for a key that references the deleted row itself, 2 for
	// one that references rows a level-1 CASCADE deletes, and so on.
	Depth int
}

// Blocks reports whether the effect stops the delete: child rows under a
// rule that refuses to let their parent go.
func (e CascadeEffect) Blocks() bool {
	switch e.Rule {
	case "CASCADE", "SET NULL":
		return false
	}
	return e.Rows > 0
}

// DeletePreview is what deleting one row would do, read before it is
// staged: every foreign key that references the row, or (transitively)
// a row an ON DELETE CASCADE would delete, with its rule and how many rows
// it touches.
type DeletePreview struct {
	Table string
	Row   string // the row's key, e.g. "id=3"
	// Effects are in breadth-first order: the keys that reference the row,
	// then those that reference what they cascade to.
	Effects []CascadeEffect
	// Deeper is true when cascades go on below MaxCascadeDepth: the
	// preview then undercounts.
	Deeper bool
}

// Blocked lists the effects that stop the delete.
func (p *DeletePreview) Blocked() []CascadeEffect {
	var out []CascadeEffect
	for _, e := range p.Effects {
		if e.Blocks() {
			out = append(out, e)
		}
	}
	return out
}

// Deleted is the number of rows the delete removes besides the row itself.
func (p *DeletePreview) Deleted() int64 {
	var n int64
	for _, e := range p.Effects {
		if e.Rule == "CASCADE" {
			n += e.Rows
		}
	}
	return n
}

// rowSet is a set of rows of one table: a predicate on the alias the
// table gets in a query (the deleted row by its key, or the children of
// another set).
type rowSet struct {
	table string
	where func(alias string) (string, []any)
}

// PreviewDelete reads what deleting row (of the table info describes, its
// values in the order of cols) would do: for each foreign key that
// references it, the child table, the key's ON DELETE rule and the number
// of child rows; CASCADE keys are followed to the keys that reference the
// rows they delete, down to MaxCascadeDepth. Each count is one COUNT(*)
// query; rows a delete reaches along two different paths are counted on
// each. Nothing is changed.
func (s *Store) PreviewDelete(ctx context.Context, info *TableInfo, cols []Column, row Row) (*DeletePreview, error) {
	what := "preview the delete"
	if info == nil {
		return nil, wrapOp(fmt.Errorf("%w: no table description", ErrBadQuery), what)
	}
	what += " of a row of " + info.Name
	if reason := info.ReadOnlyReason(); reason != "" {
		return nil, wrapOp(&Error{Kind: ErrNotEditable, Msg: reason}, what)
	}
	root, err := rowByKey(info, cols, row)
	if err != nil {
		return nil, wrapOp(err, what)
	}
	all, err := s.ForeignKeys(ctx, "")
	if err != nil {
		return nil, err
	}
	p := &DeletePreview{Table: info.Name, Row: KeyLabel(info, cols, row)}
	level := []rowSet{root}
	for depth := 1; len(level) > 0; depth++ {
		var next []rowSet
		for _, parent := range level {
			for _, fk := range all {
				if fk.RefTable != parent.table {
					continue
				}
				if depth > MaxCascadeDepth {
					p.Deeper = true
					continue
				}
				child := childSet(fk, parent, depth)
				alias := fmt.Sprintf("t%d", depth)
				where, args := child.where(alias)
				q := sq.Select("COUNT(*)").From(QuoteIdent(fk.Table)+" AS "+alias).Where(where, args...)
				var n int64
				if err := selectOne(ctx, s, what, q, &n); err != nil {
					return nil, err
				}
				rule := strings.ToUpper(fk.OnDelete)
				if rule == "" {
					rule = "RESTRICT"
				}
				p.Effects = append(p.Effects, CascadeEffect{FK: fk, Rule: rule, Rows: n, Depth: depth})
				if rule == "CASCADE" && n > 0 {
					next = append(next, child)
				}
			}
		}
		level = next
	}
	return p, nil
}

// rowByKey is the set of one row: its key columns hold its values.
func rowByKey(info *TableInfo, cols []Column, row Row) (rowSet, error) {
	// Checked once here; the condition is built again per alias.
	if _, err := keyWhere(info, cols, row); err != nil {
		return rowSet{}, err
	}
	return rowSet{table: info.Name, where: func(alias string) (string, []any) {
		where, _ := keyWhereAs(info, cols, row, alias)
		cond, args, _ := where.ToSql()
		return cond, args
	}}, nil
}

// childSet is the rows of fk.Table that reference a row of parent: a
// semi-join on the key's columns (IN for one column, EXISTS for several).
// Subqueries nest one level per depth, each with its own alias.
func childSet(fk ForeignKey, parent rowSet, depth int) rowSet {
	inner := fmt.Sprintf("p%d", depth)
	from := QuoteIdent(parent.table) + " AS " + inner
	return rowSet{table: fk.Table, where: func(alias string) (string, []any) {
		parentWhere, args := parent.where(inner)
		if len(fk.Columns) == 1 {
			return alias + "." + QuoteIdent(fk.Columns[0]) + " IN (SELECT " + inner + "." + QuoteIdent(fk.RefColumns[0]) +
				" FROM " + from + " WHERE " + parentWhere + ")", args
		}
		var join []string
		for i := range fk.Columns {
			join = append(join, inner+"."+QuoteIdent(fk.RefColumns[i])+" = "+alias+"."+QuoteIdent(fk.Columns[i]))
		}
		return "EXISTS (SELECT 1 FROM " + from + " WHERE " + strings.Join(join, " AND ") + " AND " + parentWhere + ")", args
	}}
}
