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
	cols, prefixed := selectList(info, keyCols, sortCol, flavor)
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
	order, shape, err := keyOrder(info, keyCols, sortCol, desc)
	if err != nil {
		return nil, err
	}
	pq.shape = shape
	for _, c := range order {
		pq.keys = append(pq.keys, columnIndex(info, c))
	}
	if cur := firstCursor(q.After, q.Before); cur != nil {
		pred, args, err := cursorPredicate(order, shape, cur, q.After != nil, desc)
		if err != nil {
			return nil, err
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
	if pq.SQL, pq.Args, err = b.ToSql(); err != nil {
		return nil, fmt.Errorf("build rows query: %w", err)
	}
	return pq, nil
}

// keyOrder is the columns rows are ordered and compared by — the sort
// column, then the row key — and the cursor shape that names them.
func keyOrder(info *TableInfo, keyCols []string, sortCol *Column, desc bool) ([]*Column, string, error) {
	var order []*Column
	if sortCol != nil {
		order = append(order, sortCol)
	}
	for _, name := range keyCols {
		c := info.Column(name)
		if c == nil {
			return nil, "", noColumn(info.Name, name)
		}
		if c != sortCol {
			order = append(order, c)
		}
	}
	shape := "keyset"
	for _, c := range order {
		shape += "|" + c.Name
	}
	if desc {
		shape += "|desc"
	}
	return order, shape, nil
}

// cursorPredicate selects the rows after (or before) a cursor in display
// order. Rows after the cursor are greater in key order when ascending;
// before it, or descending, they are smaller. An inclusive cursor (see
// CursorAt) includes its own row.
func cursorPredicate(order []*Column, shape string, cur *Cursor, after, desc bool) (string, []any, error) {
	if cur.shape != shape || len(cur.keys) != len(order) {
		return "", nil, fmt.Errorf("%w: the cursor belongs to another sort order or table; start from the first page", ErrBadQuery)
	}
	parts := make([]keyPart, len(order))
	for i, c := range order {
		parts[i] = keyPart{expr: sortExpr(c), ph: keyPlaceholder(c), arg: keyArg(c, cur.keys[i]), null: cur.keys[i].Null, nullable: c.Nullable}
	}
	if after != desc {
		pred, args := keyGreater(parts, cur.inclusive && after)
		return pred, args, nil
	}
	pred, args := keyLess(parts)
	return pred, args, nil
}

// CursorAt is a cursor on the row whose row key (TableInfo.RowKey, in
// order) has the typed values, for a table in key order without a sort:
// as RowQuery.After it asks for the page that starts at that row (or, if
// it is gone, at the next one), wherever it is — one keyset page. The
// values are checked against the key columns' types.
func CursorAt(info *TableInfo, values []string) (Cursor, error) {
	keyCols := info.RowKey()
	if len(keyCols) == 0 {
		return Cursor{}, fmt.Errorf("%w: table %q has no primary key or unique NOT NULL key to jump to", ErrBadQuery, info.Name)
	}
	if len(values) != len(keyCols) {
		return Cursor{}, fmt.Errorf("%w: the key of %q is %s: give %d values", ErrBadQuery, info.Name, strings.Join(keyCols, ", "), len(keyCols))
	}
	order, shape, err := keyOrder(info, keyCols, nil, false)
	if err != nil {
		return Cursor{}, err
	}
	keys := make([]Value, len(order))
	for i, c := range order {
		arg, err := filterArg(c, values[i])
		if err != nil {
			return Cursor{}, err
		}
		switch a := arg.(type) {
		case []byte:
			keys[i] = Value{Bytes: a}
		default:
			keys[i] = Value{Bytes: []byte(fmt.Sprint(a))}
		}
		if c.DataType == "bit" {
			keys[i] = Value{Bytes: bitBytes(arg)}
		}
	}
	return Cursor{keys: keys, shape: shape, inclusive: true}, nil
}

// bitBytes is the big-endian bytes of a BIT value, as the server sends it.
func bitBytes(arg any) []byte {
	n, _ := arg.(uint64)
	out := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		out[i] = byte(n)
		n >>= 8
	}
	return out
}

// BuildCountBeforeQuery counts the rows q's filters select that come
// before q.Before in q's order: the position of a page whose place is not
// known (after a jump to a key, or to the last page).
func BuildCountBeforeQuery(info *TableInfo, q RowQuery) (string, []any, error) {
	if info == nil || q.Before.IsZero() {
		return "", nil, fmt.Errorf("%w: counting rows before a position needs the table and a Before cursor", ErrBadQuery)
	}
	keyCols := info.RowKey()
	if len(keyCols) == 0 {
		return "", nil, fmt.Errorf("%w: table %q pages by offset: its position is known", ErrBadQuery, info.Name)
	}
	var sortCol *Column
	desc := q.Sort != nil && q.Sort.Desc
	if q.Sort != nil {
		if sortCol = info.Column(q.Sort.Column); sortCol == nil {
			return "", nil, noColumn(info.Name, q.Sort.Column)
		}
	}
	order, shape, err := keyOrder(info, keyCols, sortCol, desc)
	if err != nil {
		return "", nil, err
	}
	b := sq.Select("COUNT(*)").From(QuoteIdent(info.Name))
	for _, f := range q.Filters {
		pred, args, err := filterSQL(info, f)
		if err != nil {
			return "", nil, err
		}
		b = b.Where(pred, args...)
	}
	pred, args, err := cursorPredicate(order, shape, q.Before, false, desc)
	if err != nil {
		return "", nil, err
	}
	return b.Where(pred, args...).ToSql()
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

// filterSQL renders one filter as a predicate with its placeholder values.
func filterSQL(info *TableInfo, f Filter) (string, []any, error) {
	col := info.Column(f.Column)
	if col == nil {
		return "", nil, noColumn(info.Name, f.Column)
	}
	name := QuoteIdent(col.Name)
	switch f.Op {
	case OpIsNull, OpNotNull:
		return name + " " + string(f.Op), nil, nil
	case OpLike, OpNotLike:
		if err := checkLength(col, f.Value); err != nil {
			return "", nil, err
		}
		return name + " " + string(f.Op) + " ?", []any{f.Value}, nil
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
	case OpIn, OpNotIn:
		items, err := ParseList(f.Value)
		if err != nil {
			return "", nil, fmt.Errorf("%w: %s %s: %v", ErrBadQuery, col.Name, f.Op, err)
		}
		if len(items) == 0 {
			return "", nil, fmt.Errorf("%w: %s %s needs at least one value, separated by commas", ErrBadQuery, col.Name, f.Op)
		}
		if len(items) > maxListValues {
			return "", nil, fmt.Errorf("%w: %s %s takes at most %d values, not %d", ErrBadQuery, col.Name, f.Op, maxListValues, len(items))
		}
		args := make([]any, len(items))
		for i, it := range items {
			if args[i], err = filterArg(col, it); err != nil {
				return "", nil, err
			}
		}
		return name + " " + string(f.Op) + " (" + strings.TrimSuffix(strings.Repeat("?, ", len(items)), ", ") + ")", args, nil
	case OpBetween:
		items, err := ParseList(f.Value)
		if err == nil && len(items) == 1 {
			items = splitAnd(items[0])
		}
		if err != nil || len(items) != 2 {
			return "", nil, fmt.Errorf("%w: %s BETWEEN needs two values, e.g. 10 AND 20 (or 10, 20)", ErrBadQuery, col.Name)
		}
		lo, err := filterArg(col, items[0])
		if err != nil {
			return "", nil, err
		}
		hi, err := filterArg(col, items[1])
		if err != nil {
			return "", nil, err
		}
		return name + " BETWEEN ? AND ?", []any{lo, hi}, nil
	}
	return "", nil, fmt.Errorf("%w: unknown filter operator %q", ErrBadQuery, f.Op)
}

// maxListValues bounds the values of an IN list (each is a placeholder).
const maxListValues = 1000

// ValidateFilter checks a filter against the table's column without a
// query: the column exists, the operator is known and every value is one
// the column's type can hold (a number for a number column, a date in the
// column's format for a date column, a member for an ENUM, ...). Its error
// says what is wrong.
func ValidateFilter(info *TableInfo, f Filter) error {
	if info == nil {
		return fmt.Errorf("%w: no table description", ErrBadQuery)
	}
	_, _, err := filterSQL(info, f)
	return err
}

// ParseList splits a list of values: separated by commas, each trimmed; a
// value in single quotes keeps its commas and spaces (” is a quote).
func ParseList(s string) ([]string, error) {
	var out []string
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			if len(out) > 0 {
				return nil, fmt.Errorf("a value is missing after the last comma")
			}
			return out, nil
		}
		var item string
		if s[i] == '\'' {
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return nil, fmt.Errorf("a quote is not closed")
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			item, i = b.String(), j+1
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			if i < len(s) && s[i] != ',' {
				return nil, fmt.Errorf("expected a comma after '%s'", item)
			}
		} else {
			j := strings.IndexByte(s[i:], ',')
			if j < 0 {
				j = len(s) - i
			}
			item = strings.TrimSpace(s[i : i+j])
			i += j
		}
		out = append(out, item)
		if i >= len(s) {
			return out, nil
		}
		i++ // the comma
	}
}

// splitAnd splits "a AND b" (any case) into its two sides.
func splitAnd(s string) []string {
	up := strings.ToUpper(s)
	i := strings.Index(up, " AND ")
	if i < 0 {
		return []string{s}
	}
	return []string{strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+5:])}
}

// keyPart is one column of a keyset boundary.
type keyPart struct {
	expr, ph       string // SQL expression and its placeholder
	arg            any
	null, nullable bool // the boundary value is NULL; the column can be NULL
}

// keyGreater renders "the row's key tuple sorts after the boundary" (with
// orEqual, "at or after"), NULL being the smallest value, as (a >= ? AND
// (a > ? OR <rest>)), a form the range optimizer uses with an index on the
// key.
func keyGreater(parts []keyPart, orEqual bool) (string, []any) {
	p, rest := parts[0], parts[1:]
	if p.null {
		if len(rest) == 0 {
			if orEqual {
				return "1=1", nil
			}
			return p.expr + " IS NOT NULL", nil
		}
		r, ra := keyGreater(rest, orEqual)
		return "(" + p.expr + " IS NOT NULL OR (" + p.expr + " IS NULL AND " + r + "))", ra
	}
	if len(rest) == 0 {
		if orEqual {
			return p.expr + " >= " + p.ph, []any{p.arg}
		}
		return p.expr + " > " + p.ph, []any{p.arg}
	}
	r, ra := keyGreater(rest, orEqual)
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
// values outside the keyset and the foreign keys) as prefix and length.
// The prefix expressions get no alias, so that ORDER BY and WHERE keep
// naming the columns themselves.
func selectList(info *TableInfo, keyCols []string, sortCol *Column, flavor Flavor) ([]string, []bool) {
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
		if whole[c.Name] || !isLong(c) {
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

// CursorAt is the package's CursorAt, as a method for callers that reach
// the store through an interface.
func (s *Store) CursorAt(info *TableInfo, values []string) (Cursor, error) {
	return CursorAt(info, values)
}
