package store

import (
	"context"
	"database/sql"
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

// FullValue reads the whole value of column in row, a row of the table
// info describes whose values are in the order of cols (RowPage.Columns):
// what the record view, copying a cell or an export need when a page
// carried only a prefix (Value.Truncated). A value that came whole is
// returned as it is, without a query.
//
// The row is found by the table's row key (TableInfo.RowKey). A table
// without one is searched by every value of the row that came whole and
// the length of those that did not; when several rows match, FullValue
// cannot tell them apart and returns an ErrAmbiguousRow error. A row
// deleted (or whose key changed) since the page was read gives ErrNotFound.
func (s *Store) FullValue(ctx context.Context, info *TableInfo, cols []Column, row Row, column string) (Value, error) {
	what := "read the whole value of " + column
	if info != nil {
		what += " in " + info.Name
		if i := indexOf(cols, column); i >= 0 && i < len(row) && !row[i].Truncated {
			if c := info.Column(column); c != nil {
				return row[i], nil
			}
		}
	}
	query, args, err := buildFullValueQuery(info, cols, row, column)
	if err != nil {
		return Value{}, wrapOp(err, what)
	}
	col := info.Column(column)
	vals, err := QueryRows(ctx, s.db, query, args, func(rows *sql.Rows) (Value, error) {
		var v any
		err := rows.Scan(&v)
		return cellValue(col, v), err
	})
	if err != nil {
		return Value{}, s.wrapCtx(ctx, err, "%s", what)
	}
	switch len(vals) {
	case 0:
		return Value{}, wrapOp(&Error{Kind: ErrNotFound, Msg: "the row is gone: it was deleted, or its key changed, since the page was read; refresh the page"}, what)
	case 1:
		return vals[0], nil
	}
	return Value{}, wrapOp(&Error{Kind: ErrAmbiguousRow, Msg: fmt.Sprintf(
		"table %q has no primary key or unique NOT NULL key, and more than one row holds these values: it cannot tell which row's value to read", info.Name)}, what)
}

// spatialTypes are compared as WKB bytes by no engine alike; FullValue does
// not search by them.
var spatialTypes = map[string]bool{
	"geometry": true, "point": true, "linestring": true, "polygon": true, "multipoint": true,
	"multilinestring": true, "multipolygon": true, "geometrycollection": true,
}

// buildFullValueQuery selects column of the row: by the row key, or by
// every value of a table without one (LIMIT 2, to notice a second match).
func buildFullValueQuery(info *TableInfo, cols []Column, row Row, column string) (string, []any, error) {
	if info == nil {
		return "", nil, fmt.Errorf("%w: the value does not come from a known table (a query's expression, say), so only its start can be shown", ErrBadQuery)
	}
	if info.Column(column) == nil {
		return "", nil, noColumn(info.Name, column)
	}
	b := sq.Select(QuoteIdent(column)).From(QuoteIdent(info.Name)).Limit(2)
	if key := info.RowKey(); len(key) > 0 {
		for _, name := range key {
			i := indexOf(cols, name)
			if i < 0 || i >= len(row) || row[i].Truncated {
				return "", nil, fmt.Errorf("%w: the row has no whole value of its key column %q", ErrBadQuery, name)
			}
			b = b.Where(equalsValue(info.Column(name), row[i]))
		}
		return b.ToSql()
	}
	for i := range info.Columns {
		c := &info.Columns[i]
		j := indexOf(cols, c.Name)
		if j < 0 || j >= len(row) || spatialTypes[c.DataType] {
			continue
		}
		v := row[j]
		if v.Truncated {
			_, length := prefixExprs(c, Flavor{})
			b = b.Where(length+" = ?", v.Size)
			continue
		}
		b = b.Where(equalsValue(c, v))
	}
	return b.ToSql()
}

// equalsValue is "col holds v", NULL included, with v typed as a cursor
// value of col is (see keyArg).
func equalsValue(col *Column, v Value) sq.Sqlizer {
	if v.Null {
		return sq.Expr(sortExpr(col) + " IS NULL")
	}
	return sq.Expr(sortExpr(col)+" = "+keyPlaceholder(col), keyArg(col, v))
}
