package store

import (
	"fmt"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// MaxPageSize is the largest page Rows returns.
const MaxPageSize = 5_000

// PageQuery is one page's SELECT as BuildRowsQuery builds it, with what
// Rows needs to turn its result into a RowPage.
type PageQuery struct {
	SQL  string
	Args []any
	// Limit is the page size; the query asks for Limit+1 rows so that the
	// extra row tells whether more rows follow.
	Limit int
	// Reverse is true when the rows come in reverse display order (a
	// Before or Last page); Rows drops the extra row and reverses them.
	Reverse bool
	// Keyset is false when the table has no usable key and the query pages
	// by OFFSET.
	Keyset bool
	// Offset is, in OFFSET mode, the position of the page's first row.
	Offset int64

	keys          []int  // indexes into info.Columns of the cursor values
	prefixed      []bool // by column: selected as prefix and length (see prefixExprs)
	shape         string
	after, before bool
	firstIfShort  bool // a short Before page is replaced by the first page
}

// BuildRowsQuery builds the SELECT for one page of q without touching a
// database, so the SQL and its arguments can be checked directly.
//
// How rows are paged:
//   - Keyset pagination on the table's row key, TableInfo.RowKey: the
//     primary key, or else a UNIQUE index whose columns are all NOT NULL.
//     A page is "the Limit rows after (or before) this key" (WHERE key > ?
//     ORDER BY key LIMIT n), which an index answers directly, so the
//     millionth page costs what the first does.
//   - With a Sort, rows are ordered by (sort column, key) in the sort's
//     direction and the keyset is that pair. NULLs come first ascending and
//     last descending (MySQL's own order), and the keyset comparison
//     handles a NULL boundary explicitly.
//   - A table with no usable key pages by LIMIT/OFFSET instead
//     (PageQuery.Keyset and RowPage.Keyset are false), ordered by the sort
//     column, then by every column so that pages are stable. Each page
//     then costs a scan up to its offset, and rows inserted or deleted
//     meanwhile shift the pages. The last page of such a table needs a row
//     count first: BuildRowsQuery rejects Last in OFFSET mode and Rows
//     counts, then asks for the page at that offset.
//
// Long values (see CellPrefixBytes) are selected as a prefix and their
// length, except in the columns a cursor or a relation compares: the row
// key, the sort column and the foreign key columns come whole.
//
// Filter and sort columns must exist in info; filter values are always
// placeholders, typed by their column (a number column needs a number).
//
// BuildRowsQuery writes the SQL MariaDB, MySQL and TiDB read; Rows builds
// the query for the flavour of its server.
func BuildRowsQuery(info *TableInfo, q RowQuery) (*PageQuery, error) {
	return buildRowsQuery(info, q, Flavor{})
}

func buildRowsQuery(info *TableInfo, q RowQuery, flavor Flavor) (*PageQuery, error) {
	return buildPageQuery(info, q, flavor, false)
}

// buildPageQuery is BuildRowsQuery for a flavour; whole selects every
// value whole, as a stream for export needs them, instead of the prefix of
// long ones.
func buildPageQuery(info *TableInfo, q RowQuery, flavor Flavor, whole bool) (*PageQuery, error) {
	if info == nil || len(info.Columns) == 0 {
		return nil, fmt.Errorf("%w: no table description", ErrBadQuery)
	}
	if q.Table != "" && q.Table != info.Name {
		return nil, fmt.Errorf("%w: the query is for table %q but the description is of %q", ErrBadQuery, q.Table, info.Name)
	}
	if q.After.IsZero() {
		q.After = nil
	}
	if q.Before.IsZero() {
		q.Before = nil
	}
	if q.After != nil && q.Before != nil {
		return nil, fmt.Errorf("%w: set After or Before, not both", ErrBadQuery)
	}
	if q.Last && (q.After != nil || q.Before != nil) {
		return nil, fmt.Errorf("%w: Last takes no cursor", ErrBadQuery)
	}
	limit := q.Limit
	switch {
	case limit < 0:
		return nil, fmt.Errorf("%w: negative page size %d", ErrBadQuery, limit)
	case limit == 0:
		limit = DefaultPageSize
	case limit > MaxPageSize:
		limit = MaxPageSize
	}
	var sortCol *Column
	if q.Sort != nil {
		if sortCol = info.Column(q.Sort.Column); sortCol == nil {
			return nil, noColumn(info.Name, q.Sort.Column)
		}
	}

	keyCols := info.RowKey()
	cols, prefixed := selectList(info, keyCols, sortCol, flavor, whole)
	b := sq.StatementBuilder.PlaceholderFormat(sq.Question).
		Select(cols...).
		From(QuoteIdent(info.Name))
	for _, f := range q.Filters {
		pred, args, err := filterSQL(info, f)
		if err != nil {
			return nil, err
		}
		b = b.Where(pred, args...)
	}
	pq := &PageQuery{Limit: limit, after: q.After != nil, before: q.Before != nil, prefixed: prefixed}
	desc := q.Sort != nil && q.Sort.Desc
	pq.Reverse = q.Before != nil || q.Last

	if len(keyCols) == 0 {
		return buildOffsetQuery(b, info, q, pq, sortCol, desc)
	}
	pq.Keyset = true
	var order []*Column
	if sortCol != nil {
		order = append(order, sortCol)
	}
	for _, name := range keyCols {
		c := info.Column(name)
		if c == nil {
			return nil, noColumn(info.Name, name)
		}
		if c != sortCol {
			order = append(order, c)
		}
	}
	pq.shape = "keyset"
	for _, c := range order {
		pq.keys = append(pq.keys, columnIndex(info, c))
		pq.shape += "|" + c.Name
	}
	if desc {
		pq.shape += "|desc"
	}
	if cur := firstCursor(q.After, q.Before); cur != nil {
		if cur.shape != pq.shape || len(cur.keys) != len(order) {
			return nil, fmt.Errorf("%w: the cursor belongs to another sort order or table; start from the first page", ErrBadQuery)
		}
		parts := make([]keyPart, len(order))
		for i, c := range order {
			parts[i] = keyPart{expr: sortExpr(c), ph: keyPlaceholder(c), arg: keyArg(c, cur.keys[i]), null: cur.keys[i].Null, nullable: c.Nullable}
		}
		// Rows after the cursor in display order are greater in key order
		// when ascending; before it, or descending, they are smaller.
		var pred string
		var args []any
		if (q.After != nil) != desc {
			pred, args = keyGreater(parts)
		} else {
			pred, args = keyLess(parts)
		}
		b = b.Where(pred, args...)
		pq.firstIfShort = q.Before != nil
	}
	dir := "ASC"
	if desc != pq.Reverse {
		dir = "DESC"
	}
	for _, c := range order {
		b = b.OrderBy(sortExpr(c) + " " + dir)
	}
	b = b.Limit(uint64(limit) + 1)
	var err error
	if pq.SQL, pq.Args, err = b.ToSql(); err != nil {
		return nil, fmt.Errorf("build rows query: %w", err)
	}
	return pq, nil
}

func buildOffsetQuery(b sq.SelectBuilder, info *TableInfo, q RowQuery, pq *PageQuery, sortCol *Column, desc bool) (*PageQuery, error) {
	if q.Last {
		return nil, fmt.Errorf("%w: the last page of a table without a primary or unique NOT NULL key needs a row count; use Rows", ErrBadQuery)
	}
	pq.shape = "offset"
	pq.Reverse = false
	if cur := firstCursor(q.After, q.Before); cur != nil {
		if cur.shape != pq.shape {
			return nil, fmt.Errorf("%w: the cursor belongs to another table; start from the first page", ErrBadQuery)
		}
		pq.Offset = cur.offset
		if q.Before != nil {
			// The page ending at the cursor; near the start, the first page.
			pq.Offset = max(cur.offset-int64(pq.Limit), 0)
		}
	}
	if sortCol != nil {
		dir := " ASC"
		if desc {
			dir = " DESC"
		}
		b = b.OrderBy(sortExpr(sortCol) + dir)
	}
	for i := range info.Columns {
		b = b.OrderBy(sortExpr(&info.Columns[i]) + " ASC")
	}
	b = b.Limit(uint64(pq.Limit) + 1)
	if pq.Offset > 0 {
		b = b.Offset(uint64(pq.Offset))
	}
	var err error
	if pq.SQL, pq.Args, err = b.ToSql(); err != nil {
		return nil, fmt.Errorf("build rows query: %w", err)
	}
	return pq, nil
}

// BuildCountQuery builds SELECT COUNT(*) over the rows q's filters select.
func BuildCountQuery(info *TableInfo, filters []Filter) (string, []any, error) {
	if info == nil {
		return "", nil, fmt.Errorf("%w: no table description", ErrBadQuery)
	}
	b := sq.Select("COUNT(*)").From(QuoteIdent(info.Name))
	for _, f := range filters {
		pred, args, err := filterSQL(info, f)
		if err != nil {
			return "", nil, err
		}
		b = b.Where(pred, args...)
	}
	return b.ToSql()
}

// filterSQL renders one filter as a predicate with its placeholder value.
func filterSQL(info *TableInfo, f Filter) (string, []any, error) {
	col := info.Column(f.Column)
	if col == nil {
		return "", nil, noColumn(info.Name, f.Column)
	}
	name := QuoteIdent(col.Name)
	switch f.Op {
	case OpIsNull, OpNotNull:
		return name + " " + string(f.Op), nil, nil
	case OpLike:
		return name + " LIKE ?", []any{f.Value}, nil
	case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe:
		arg, err := filterArg(col, f.Value)
		if err != nil {
			return "", nil, err
		}
		op := string(f.Op)
		if f.Op == OpNe {
			op = "<>"
		}
		return name + " " + op + " ?", []any{arg}, nil
	}
	return "", nil, fmt.Errorf("%w: unknown filter operator %q", ErrBadQuery, f.Op)
}

// keyPart is one column of a keyset boundary.
type keyPart struct {
	expr, ph       string // SQL expression and its placeholder
	arg            any
	null, nullable bool // the boundary value is NULL; the column can be NULL
}

// keyGreater renders "the row's key tuple sorts after the boundary", NULL
// being the smallest value, as (a >= ? AND (a > ? OR <rest>)), a form the
// range optimizer uses with an index on the key.
func keyGreater(parts []keyPart) (string, []any) {
	p, rest := parts[0], parts[1:]
	if p.null {
		if len(rest) == 0 {
			return p.expr + " IS NOT NULL", nil
		}
		r, ra := keyGreater(rest)
		return "(" + p.expr + " IS NOT NULL OR (" + p.expr + " IS NULL AND " + r + "))", ra
	}
	if len(rest) == 0 {
		return p.expr + " > " + p.ph, []any{p.arg}
	}
	r, ra := keyGreater(rest)
	return "(" + p.expr + " >= " + p.ph + " AND (" + p.expr + " > " + p.ph + " OR " + r + "))",
		append([]any{p.arg, p.arg}, ra...)
}

// keyLess renders "the row's key tuple sorts before the boundary".
func keyLess(parts []keyPart) (string, []any) {
	p, rest := parts[0], parts[1:]
	if p.null {
		if len(rest) == 0 {
			return "1=0", nil // nothing sorts before NULL
		}
		r, ra := keyLess(rest)
		return "(" + p.expr + " IS NULL AND " + r + ")", ra
	}
	var pred string
	var args []any
	if len(rest) == 0 {
		pred, args = p.expr+" < "+p.ph, []any{p.arg}
	} else {
		r, ra := keyLess(rest)
		pred = "(" + p.expr + " <= " + p.ph + " AND (" + p.expr + " < " + p.ph + " OR " + r + "))"
		args = append([]any{p.arg, p.arg}, ra...)
	}
	if p.nullable {
		pred = "(" + pred + " OR " + p.expr + " IS NULL)"
	}
	return pred, args
}

func firstCursor(cs ...*Cursor) *Cursor {
	for _, c := range cs {
		if c != nil {
			return c
		}
	}
	return nil
}

// selectList is the page's select list: every column, whole or (long
// values outside the keyset and the foreign keys, unless all is set) as
// prefix and length. The prefix expressions get no alias, so that ORDER BY
// and WHERE keep naming the columns themselves.
func selectList(info *TableInfo, keyCols []string, sortCol *Column, flavor Flavor, all bool) ([]string, []bool) {
	whole := map[string]bool{}
	for _, name := range keyCols {
		whole[name] = true
	}
	if sortCol != nil {
		whole[sortCol.Name] = true
	}
	for _, fk := range info.Outgoing {
		for _, name := range fk.Columns {
			whole[name] = true
		}
	}
	for _, fk := range info.Incoming {
		for _, name := range fk.RefColumns {
			whole[name] = true
		}
	}
	var exprs []string
	prefixed := make([]bool, len(info.Columns))
	for i := range info.Columns {
		c := &info.Columns[i]
		if all || whole[c.Name] || !isLong(c) {
			exprs = append(exprs, QuoteIdent(c.Name))
			continue
		}
		prefix, length := prefixExprs(c, flavor)
		exprs = append(exprs, prefix, length)
		prefixed[i] = true
	}
	return exprs, prefixed
}

func columnIndex(info *TableInfo, c *Column) int {
	for i := range info.Columns {
		if &info.Columns[i] == c {
			return i
		}
	}
	return -1
}

func noColumn(table, column string) error {
	return &Error{Kind: ErrNoColumn, Msg: fmt.Sprintf("column %q does not exist in table %q", column, table)}
}

// IsZero reports whether c is the zero Cursor, which RowQuery treats as no
// cursor at all.
func (c *Cursor) IsZero() bool {
	return c == nil || len(c.keys) == 0 && c.offset == 0 && c.shape == ""
}

// String describes the cursor for logs and debugging.
func (c Cursor) String() string {
	if c.shape == "offset" {
		return fmt.Sprintf("offset %d", c.offset)
	}
	vals := make([]string, len(c.keys))
	for i, v := range c.keys {
		vals[i] = v.String()
	}
	return "(" + strings.Join(vals, ", ") + ")"
}

// OffsetCursor is a cursor at a row offset, the kind Rows uses for tables
// without a usable key. Store fakes in other packages' tests use it to hand
// out positions of their own.
func OffsetCursor(offset int64) Cursor { return Cursor{offset: offset, shape: "offset"} }

// Offset is the row offset of a cursor made by OffsetCursor (or of an
// OFFSET-paged table); 0 for keyset cursors.
func (c Cursor) Offset() int64 { return c.offset }
