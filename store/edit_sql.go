package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// fingerprint is the length and SHA-256 (hex, as SHA2(x, 256) answers it)
// of a value too long for the page to carry whole.
type fingerprint struct {
	size int64
	hash string
}

// buildStatement builds the statement of one change; fps holds the
// fingerprints of the row's truncated values that the statement checks.
func buildStatement(ch Change, fps map[string]fingerprint) (Statement, error) {
	info := ch.Info
	if info == nil {
		return Statement{}, fmt.Errorf("%w: no table description", ErrBadQuery)
	}
	st := Statement{Kind: ch.Kind, Table: info.Name, info: info, cols: ch.Columns, row: ch.Row}
	var b sq.Sqlizer
	var err error
	switch ch.Kind {
	case ChangeInsert:
		st.Row = "new row"
		b, err = buildInsert(info, ch.Edits)
	case ChangeUpdate, ChangeDelete:
		if reason := info.ReadOnlyReason(); reason != "" {
			return st, &Error{Kind: ErrNotEditable, Msg: reason}
		}
		st.Row = KeyLabel(info, ch.Columns, ch.Row)
		if ch.Kind == ChangeUpdate {
			b, err = buildUpdate(info, ch.Columns, ch.Row, ch.Edits, fps)
		} else {
			b, err = buildDelete(info, ch.Columns, ch.Row, fps)
		}
	default:
		return st, fmt.Errorf("%w: unknown change kind %d", ErrBadQuery, ch.Kind)
	}
	if err != nil {
		return st, err
	}
	st.SQL, st.Args, err = b.ToSql()
	return st, err
}

// KeyLabel names a row by its key: "id=3", "a=1,b=x". Values longer than
// 32 bytes are cut.
func KeyLabel(info *TableInfo, cols []Column, row Row) string {
	var parts []string
	for _, name := range info.RowKey() {
		i := indexOf(cols, name)
		if i < 0 || i >= len(row) {
			continue
		}
		v := InputText(&cols[i], row[i])
		if row[i].Null {
			v = "NULL"
		}
		if len(v) > 32 {
			v = v[:32] + "…"
		}
		parts = append(parts, name+"="+v)
	}
	return strings.Join(parts, ",")
}

func buildInsert(info *TableInfo, edits []Edit) (sq.Sqlizer, error) {
	if len(edits) == 0 {
		// Every column gets its default (or AUTO_INCREMENT value).
		return sq.Expr("INSERT INTO " + QuoteIdent(info.Name) + " () VALUES ()"), nil
	}
	cols := make([]string, 0, len(edits))
	vals := make([]any, 0, len(edits))
	for _, e := range edits {
		name, v, err := editValue(info, e)
		if err != nil {
			return nil, err
		}
		cols = append(cols, name)
		vals = append(vals, v)
	}
	return sq.Insert(QuoteIdent(info.Name)).Columns(cols...).Values(vals...), nil
}

func buildUpdate(info *TableInfo, cols []Column, row Row, edits []Edit, fps map[string]fingerprint) (sq.Sqlizer, error) {
	if len(edits) == 0 {
		return nil, fmt.Errorf("%w: an UPDATE needs a changed column", ErrBadQuery)
	}
	b := sq.Update(QuoteIdent(info.Name))
	for _, e := range edits {
		name, v, err := editValue(info, e)
		if err != nil {
			return nil, err
		}
		b = b.Set(name, v)
	}
	where, err := keyWhere(info, cols, row)
	if err != nil {
		return nil, err
	}
	key := info.RowKey()
	for _, e := range edits {
		if containsName(key, e.Column) {
			continue // the key predicate checks it already
		}
		c, err := seenCheck(info, cols, row, e.Column, fps)
		if err != nil {
			return nil, err
		}
		where = append(where, c)
	}
	return b.Where(where), nil
}

func buildDelete(info *TableInfo, cols []Column, row Row, fps map[string]fingerprint) (sq.Sqlizer, error) {
	where, err := keyWhere(info, cols, row)
	if err != nil {
		return nil, err
	}
	key := info.RowKey()
	for i := range info.Columns {
		c := &info.Columns[i]
		if containsName(key, c.Name) || c.Spatial() {
			continue
		}
		check, err := seenCheck(info, cols, row, c.Name, fps)
		if err != nil {
			return nil, err
		}
		where = append(where, check)
	}
	return sq.Delete(QuoteIdent(info.Name)).Where(where), nil
}

func containsName(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// keyWhere is "the row key holds the row's values".
func keyWhere(info *TableInfo, cols []Column, row Row) (sq.And, error) {
	return keyWhereAs(info, cols, row, "")
}

// keyWhereAs is keyWhere with the columns qualified by alias (none when
// it is empty), for a query that names the table more than once.
func keyWhereAs(info *TableInfo, cols []Column, row Row, alias string) (sq.And, error) {
	var where sq.And
	for _, name := range info.RowKey() {
		i := indexOf(cols, name)
		if i < 0 || i >= len(row) || row[i].Truncated || row[i].Null {
			return nil, fmt.Errorf("%w: the row has no whole value of its key column %q", ErrBadQuery, name)
		}
		col := info.Column(name)
		where = append(where, sq.Expr(sortExprAs(col, alias)+" = "+keyPlaceholder(col), keyArg(col, row[i])))
	}
	return where, nil
}

// seenCheck is "column still holds the value the person saw". It is
// NULL-safe: a NULL seen is checked with IS NULL, a value with = (which is
// not true when the column holds NULL now) — the meaning of <=>, which the
// embedded engine evaluates wrongly for TIME, ENUM and SET. It is exact:
// text by its bytes, not by a collation that ignores case or trailing
// spaces; DECIMAL as a decimal; FLOAT as the float it is. A value seen only
// in part is checked by its length and the SHA-256 read when planning.
func seenCheck(info *TableInfo, cols []Column, row Row, name string, fps map[string]fingerprint) (sq.Sqlizer, error) {
	col := info.Column(name)
	if col == nil {
		return nil, noColumn(info.Name, name)
	}
	i := indexOf(cols, name)
	if i < 0 || i >= len(row) {
		return nil, fmt.Errorf("%w: the row as read has no value of column %q to check", ErrBadQuery, name)
	}
	v := row[i]
	expr := QuoteIdent(col.Name)
	switch {
	case v.Null:
		return sq.Expr(expr + " IS NULL"), nil
	case v.Truncated:
		fp, ok := fps[name]
		if !ok {
			return nil, fmt.Errorf("%w: no fingerprint of the long value of %q", ErrBadQuery, name)
		}
		_, length := prefixExprs(col, Flavor{})
		return sq.Expr(length+" = ? AND SHA2("+hashedExpr(col)+", 256) = ?", fp.size, fp.hash), nil
	case col.DataType == "float":
		return floatCheck(expr, v)
	case col.DataType == "set":
		// A SET value is always its members in declaration order, so
		// comparing as text is exact; the embedded engine turns a SET into
		// its number under CAST and compares SETs wrongly with <=>.
		return sq.Expr(expr+" = ?", string(v.Bytes)), nil
	case textTypes[col.DataType]:
		return sq.Expr("CAST(CONVERT("+sortExpr(col)+" USING utf8mb4) AS BINARY) = CAST(? AS BINARY)", string(v.Bytes)), nil
	}
	return sq.Expr(expr+" = "+keyPlaceholder(col), keyArg(col, v)), nil
}

// floatDisplayDigits is the fewest significant digits a server prints a
// FLOAT with: MariaDB's text protocol (every page without arguments) shows
// 1.2345678 as 1.23457.
const floatDisplayDigits = 6

// floatCheck is "the FLOAT column still holds what was seen", where the
// seen text may carry only floatDisplayDigits significant digits: the
// stored value lies within half a unit of the last of them. Values seen
// whole (the binary protocol prints every digit) lie within it too. A
// change a person could not have seen at that precision is not noticed.
func floatCheck(expr string, v Value) (sq.Sqlizer, error) {
	x, err := strconv.ParseFloat(string(v.Bytes), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return nil, fmt.Errorf("%w: %q is not a FLOAT value", ErrBadQuery, v.Bytes)
	}
	if x == 0 {
		return sq.Expr(expr + " = 0"), nil
	}
	exp := math.Floor(math.Log10(math.Abs(x)))
	half := 0.5 * math.Pow(10, exp-(floatDisplayDigits-1)) * (1 + 1e-9)
	return sq.Expr(expr+" BETWEEN ? AND ?", x-half, x+half), nil
}

// hashedExpr is what a fingerprint hashes: the column, JSON as its text,
// binary values as their hex digits (the embedded engine's SHA2 refuses
// bytes that are not UTF-8).
func hashedExpr(col *Column) string {
	switch {
	case col.DataType == "json":
		return "CAST(" + QuoteIdent(col.Name) + " AS CHAR)"
	case col.Binary:
		return "HEX(" + QuoteIdent(col.Name) + ")"
	}
	return QuoteIdent(col.Name)
}

// editValue is the quoted column an INSERT or UPDATE writes e to and the
// value it writes, with an ErrNoColumn when info has no such column:
// buildInsert and buildUpdate take an edit the same way.
func editValue(info *TableInfo, e Edit) (string, any, error) {
	col := info.Column(e.Column)
	if col == nil {
		return "", nil, noColumn(info.Name, e.Column)
	}
	v, err := writeValue(col, e)
	return QuoteIdent(col.Name), v, err
}

// writeValue is the value an INSERT or UPDATE writes for e: DEFAULT, NULL,
// or the value typed by its column.
func writeValue(col *Column, e Edit) (any, error) {
	switch {
	case e.Default:
		return sq.Expr("DEFAULT"), nil
	case e.Value.Null:
		return nil, nil
	case e.Value.Truncated:
		return nil, fmt.Errorf("%w: the new value of %q is only the start of a value", ErrBadQuery, col.Name)
	case col.Generated():
		return nil, &Error{Kind: ErrNotEditable, Msg: col.ReadOnlyReason()}
	}
	return writeArg(col, e.Value)
}

// writeArg types a value for its column: integers (and YEAR) as integers,
// FLOAT via float32 and DOUBLE as float64, BIT as an unsigned number,
// binary columns as bytes; DECIMAL, dates, times, text, ENUM, SET and JSON
// as text, which the server converts exactly. A value that does not parse
// as its column's type is an ErrInvalidValue error.
func writeArg(col *Column, v Value) (any, error) {
	s := string(v.Bytes)
	bad := func() (any, error) {
		return nil, &Error{Kind: ErrInvalidValue, Msg: fmt.Sprintf("%s: %q is not a %s value", col.Name, s, col.Type)}
	}
	switch {
	case intTypes[col.DataType]:
		if col.Unsigned() {
			if n, err := strconv.ParseUint(s, 10, 64); err == nil {
				return n, nil
			}
			return bad()
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
		return bad()
	case col.DataType == "float":
		f, err := strconv.ParseFloat(s, 32)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return bad()
		}
		return f, nil
	case col.DataType == "double" || col.DataType == "real":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return bad()
		}
		return f, nil
	case col.DataType == "bit":
		if len(v.Bytes) > 8 {
			return bad()
		}
		return keyArg(col, v), nil
	case col.Binary:
		return bytes.Clone(v.Bytes), nil
	}
	return s, nil
}

// fingerprints reads, for each value of the change's row that the page
// carried only the start of and that its statement checks, the value's
// current length and SHA-256, after checking that its start and length
// are still what the page showed. A row that changed already is a
// ConflictError.
func (s *Store) fingerprints(ctx context.Context, ch Change) (map[string]fingerprint, error) {
	if ch.Kind == ChangeInsert || ch.Info == nil {
		return nil, nil
	}
	info := ch.Info
	var names []string
	check := func(name string) {
		if i := indexOf(ch.Columns, name); i >= 0 && i < len(ch.Row) && ch.Row[i].Truncated {
			names = append(names, name)
		}
	}
	if ch.Kind == ChangeUpdate {
		for _, e := range ch.Edits {
			check(e.Column)
		}
	} else {
		for _, c := range info.Columns {
			check(c.Name)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	what := "read the fingerprints of long values in " + info.Name
	where, err := keyWhere(info, ch.Columns, ch.Row)
	if err != nil {
		return nil, wrapOp(err, what)
	}
	var exprs []string
	for _, name := range names {
		col := info.Column(name)
		prefix, length := prefixExprs(col, s.flavor)
		exprs = append(exprs, prefix, length, "SHA2("+hashedExpr(col)+", 256)")
	}
	query, args, err := sq.Select(exprs...).From(QuoteIdent(info.Name)).Where(where).ToSql()
	if err != nil {
		return nil, wrapOp(err, what)
	}
	var found []any
	err = QueryEach(ctx, s.db, query, args, func(rows *sql.Rows) error {
		found = make([]any, len(exprs))
		ptrs := make([]any, len(exprs))
		for i := range found {
			ptrs[i] = &found[i]
		}
		return rows.Scan(ptrs...)
	})
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "%s", what)
	}
	conflict := func() error {
		c := &ConflictError{Table: info.Name, Row: KeyLabel(info, ch.Columns, ch.Row), Kind: ch.Kind}
		c.Columns, c.Current, c.ReadErr = s.currentRow(ctx, info, ch.Columns, ch.Row)
		return wrapOp(c, what)
	}
	if found == nil {
		return nil, conflict()
	}
	fps := map[string]fingerprint{}
	for i, name := range names {
		col := info.Column(name)
		now := prefixValue(col, found[3*i], found[3*i+1])
		seen := ch.Row[indexOf(ch.Columns, name)]
		if now.Null || now.Size != seen.Size || !bytes.Equal(now.Bytes, seen.Bytes) {
			return nil, conflict()
		}
		hash := cellValue(nil, found[3*i+2])
		if hash.Null {
			return nil, wrapOp(fmt.Errorf("the server returned no SHA-256 of %s", name), what)
		}
		fps[name] = fingerprint{size: now.Size, hash: strings.ToLower(string(hash.Bytes))}
	}
	return fps, nil
}
