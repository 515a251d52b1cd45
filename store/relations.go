package store

import (
	"context"
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

// Relations counts, for one row of the table info describes, the rows each
// of its relations leads to (info.Outgoing and info.Incoming: foreign keys,
// declared and inferred relations alike): for every outgoing relation the
// parent row (1, or 0 when the key is NULL or dangling), for every incoming
// one the child rows that point at this row. cols are the columns row's values are in
// (RowPage.Columns). Each count is an indexed COUNT(*); a real server
// answers them all in one round trip (UNION ALL), the embedded engine one
// by one.
func (s *Store) Relations(ctx context.Context, info *TableInfo, cols []Column, row Row) ([]RelationCount, error) {
	var rels []RelationCount
	for _, fk := range info.Outgoing {
		rels = append(rels, RelationCount{FK: fk})
	}
	for _, fk := range info.Incoming {
		rels = append(rels, RelationCount{FK: fk, Incoming: true})
	}
	var parts []sq.SelectBuilder
	var which []int
	for i, rel := range rels {
		q, ok, err := relationFilters(rel, cols, row)
		if err != nil {
			return nil, wrapOp(err, "relations of "+info.Name)
		}
		if !ok {
			continue // a NULL key leads nowhere
		}
		b := sq.Select(fmt.Sprintf("%d", len(parts)), "COUNT(*)").From(QuoteIdent(q.Table))
		for _, f := range q.Filters {
			b = b.Where(QuoteIdent(f.Column)+" = ?", f.arg)
		}
		parts = append(parts, b)
		which = append(which, i)
	}
	if len(parts) == 0 {
		return rels, nil
	}
	var counts []int64
	var err error
	if s.flavor.Kind == FlavorEmbedded {
		// The embedded engine fails some unions of point lookups
		// ("max1Row iterator returned more than one row").
		counts, err = s.countEach(ctx, parts)
	} else {
		counts, err = s.countUnion(ctx, parts)
	}
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "count relations of %s", info.Name)
	}
	for j, i := range which {
		rels[i].Rows = counts[j]
	}
	return rels, nil
}

// RelationQuery builds the RowQuery that opens what rel leads to from row:
// the parent row for an outgoing key, the child rows for an incoming one,
// as equality filters on the key columns. A NULL key value leads to no row:
// the query then filters on IS NULL of the referenced column, which
// matches nothing a foreign key can point to.
func RelationQuery(rel RelationCount, cols []Column, row Row) RowQuery {
	if rel.Incoming {
		return ChildQuery(rel.FK, cols, row)
	}
	return ParentQuery(rel.FK, cols, row)
}

// ParentQuery builds the RowQuery for the parent row that fk (an outgoing
// key of the row's table) points to from row.
func ParentQuery(fk ForeignKey, cols []Column, row Row) RowQuery {
	return keyQuery(fk.RefTable, fk.RefColumns, fk.Columns, cols, row)
}

// ChildQuery builds the RowQuery for the rows of fk.Table that point to row
// (fk is an incoming key of the row's table).
func ChildQuery(fk ForeignKey, cols []Column, row Row) RowQuery {
	return keyQuery(fk.Table, fk.Columns, fk.RefColumns, cols, row)
}

// keyQuery filters table on target[i] = the row's value of source[i].
func keyQuery(table string, target, source []string, cols []Column, row Row) RowQuery {
	q := RowQuery{Table: table}
	for i, name := range target {
		if i >= len(source) {
			break
		}
		idx := indexOf(cols, source[i])
		if idx < 0 || idx >= len(row) || row[idx].Null {
			q.Filters = append(q.Filters, Filter{Column: name, Op: OpIsNull})
			continue
		}
		q.Filters = append(q.Filters, Filter{Column: name, Op: OpEq, Value: filterText(&cols[idx], row[idx])})
	}
	return q
}

// typedFilter is an equality filter whose value is already an argument.
type typedFilter struct {
	Column string
	arg    any
}

type typedQuery struct {
	Table   string
	Filters []typedFilter
}

// relationFilters returns the equality filters rel needs, with arguments
// typed by the row's own columns (a foreign key's columns have the types
// of the columns they reference). ok is false when a key value is NULL.
func relationFilters(rel RelationCount, cols []Column, row Row) (typedQuery, bool, error) {
	table, target, source := rel.FK.RefTable, rel.FK.RefColumns, rel.FK.Columns
	if rel.Incoming {
		table, target, source = rel.FK.Table, rel.FK.Columns, rel.FK.RefColumns
	}
	q := typedQuery{Table: table}
	for i, name := range target {
		if i >= len(source) {
			break
		}
		idx := indexOf(cols, source[i])
		if idx < 0 || idx >= len(row) {
			return q, false, fmt.Errorf("%w: the row has no column %q for relation %s", ErrBadQuery, source[i], describeRelation(rel.FK))
		}
		if row[idx].Null {
			return q, false, nil
		}
		q.Filters = append(q.Filters, typedFilter{Column: name, arg: keyArg(&cols[idx], row[idx])})
	}
	return q, true, nil
}

func indexOf(cols []Column, name string) int {
	for i := range cols {
		if cols[i].Name == name {
			return i
		}
	}
	return -1
}
