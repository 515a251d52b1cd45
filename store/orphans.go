package store

import (
	"context"
	"fmt"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// Orphans counts the rows of rel.Table whose relation columns are all set
// (none NULL) but match no row of rel.RefTable: the rows a FOREIGN KEY
// constraint would have refused, which a declared or inferred relation
// cannot prevent. It reads all of rel.Table (one lookup in rel.RefTable per
// row, by index when the referenced columns have one), so callers run it
// on request, never on every page; cancel ctx to stop it.
func (s *Store) Orphans(ctx context.Context, rel ForeignKey) (int64, error) {
	q, err := orphansQuery(rel)
	if err != nil {
		return 0, err
	}
	var n int64
	err = selectOne(ctx, s, fmt.Sprintf("count orphans of %s → %s", describeRelation(rel), rel.RefTable), q, &n)
	return n, err
}

// orphansQuery builds
//
//	SELECT COUNT(*) FROM child AS c WHERE c.k IS NOT NULL ...
//	AND NOT EXISTS (SELECT 1 FROM parent AS p WHERE p.r = c.k ...)
func orphansQuery(rel ForeignKey) (sq.SelectBuilder, error) {
	if len(rel.Columns) == 0 || len(rel.Columns) != len(rel.RefColumns) {
		return sq.SelectBuilder{}, &Error{Kind: ErrBadQuery,
			Msg: fmt.Sprintf("relation %s has %d columns referring to %d", describeRelation(rel), len(rel.Columns), len(rel.RefColumns))}
	}
	const child, parent = "`c`", "`p`"
	sub := sq.Select("1").From(QuoteIdent(rel.RefTable) + " AS " + parent)
	q := sq.Select("COUNT(*)").From(QuoteIdent(rel.Table) + " AS " + child)
	for i, col := range rel.Columns {
		q = q.Where(child + "." + QuoteIdent(col) + " IS NOT NULL")
		sub = sub.Where(parent + "." + QuoteIdent(rel.RefColumns[i]) + " = " + child + "." + QuoteIdent(col))
	}
	return q.Where(sq.Expr("NOT EXISTS (?)", sub)), nil
}

// describeRelation names a relation in messages: its name, else
// table(columns).
func describeRelation(rel ForeignKey) string {
	if rel.Name != "" {
		return rel.Name
	}
	return rel.Table + "(" + strings.Join(rel.Columns, ", ") + ")"
}
