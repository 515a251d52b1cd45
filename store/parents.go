package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// ParentChoice is one row a foreign key column may point to: the
// referenced value and a label that tells people which row it is.
type ParentChoice struct {
	Key   Value
	Label Value // NULL when the parent table has no label column
}

// ParentChoices is a page of the rows a single-column foreign key may
// point to.
type ParentChoices struct {
	Table       string
	KeyColumn   string
	LabelColumn string // "" when the parent table has no text column to show
	KeyType     Column
	Choices     []ParentChoice
}

// labelNames are the columns that name a row, in order of preference.
var labelNames = []string{"username", "name", "title", "label", "email", "slug", "code", "last_name", "first_name", "description"}

// LabelColumn picks the column that names a row of the table info
// describes for people — username, name, title, ... or else its first
// short text column that is not key — or "" when it has none.
func LabelColumn(info *TableInfo, key string) string {
	for _, want := range labelNames {
		for _, c := range info.Columns {
			if strings.EqualFold(c.Name, want) && c.Name != key && textTypes[c.DataType] && c.DataType != "json" {
				return c.Name
			}
		}
	}
	for _, c := range info.Columns {
		if c.Name != key && (c.DataType == "varchar" || c.DataType == "char") {
			return c.Name
		}
	}
	return ""
}

// ParentChoices lists up to limit rows of the table a single-column
// foreign key references, with the parent's label column (see
// LabelColumn): those whose key starts with search or whose label
// contains it (all rows for an empty search), an exact key match first,
// then by key. search is matched as text, never spliced into SQL.
func (s *Store) ParentChoices(ctx context.Context, fk ForeignKey, search string, limit int) (*ParentChoices, error) {
	what := "list the rows of " + fk.RefTable + " for " + fk.Table + "." + strings.Join(fk.Columns, ",")
	if len(fk.RefColumns) != 1 {
		return nil, wrapOp(fmt.Errorf("%w: foreign key %s has %d columns; only single-column keys offer a list", ErrBadQuery, fk.Name, len(fk.RefColumns)), what)
	}
	parent, err := s.Describe(ctx, fk.RefTable)
	if err != nil {
		return nil, err
	}
	keyCol := parent.Column(fk.RefColumns[0])
	if keyCol == nil {
		return nil, wrapOp(noColumn(parent.Name, fk.RefColumns[0]), what)
	}
	out := &ParentChoices{Table: parent.Name, KeyColumn: keyCol.Name, LabelColumn: LabelColumn(parent, keyCol.Name), KeyType: *keyCol}
	key := QuoteIdent(keyCol.Name)
	keyText := "CAST(" + key + " AS CHAR)"
	cols := []string{key}
	var label *Column
	if out.LabelColumn != "" {
		label = parent.Column(out.LabelColumn)
		cols = append(cols, QuoteIdent(label.Name))
	}
	if limit <= 0 {
		limit = 50
	}
	b := sq.Select(cols...).From(QuoteIdent(parent.Name))
	if search = strings.TrimSpace(search); search != "" {
		pattern := likeEscape(search)
		cond := sq.Or{sq.Expr(keyText+" LIKE ?", pattern+"%")}
		if label != nil {
			cond = append(cond, sq.Expr(QuoteIdent(label.Name)+" LIKE ?", "%"+pattern+"%"))
		}
		b = b.Where(cond).OrderByClause("CASE WHEN "+keyText+" = ? THEN 0 ELSE 1 END", search)
	}
	b = b.OrderBy(key).Limit(uint64(limit))
	query, args, err := b.ToSql()
	if err != nil {
		return nil, wrapOp(err, what)
	}
	out.Choices, err = QueryRows(ctx, s.db, query, args, func(rows *sql.Rows) (ParentChoice, error) {
		var k, l any
		dest := []any{&k}
		if label != nil {
			dest = append(dest, &l)
		}
		if err := rows.Scan(dest...); err != nil {
			return ParentChoice{}, err
		}
		c := ParentChoice{Key: cellValue(keyCol, k), Label: Value{Null: true}}
		if label != nil {
			c.Label = cellValue(label, l)
		}
		return c, nil
	})
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "%s", what)
	}
	return out, nil
}

// likeEscape escapes LIKE's wildcards and its escape character.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ParentExists reports whether the row that fk (a key of the row's own
// table) points to from row exists; a row whose key columns hold NULL
// points nowhere and needs no parent. cols are the columns of row.
func (s *Store) ParentExists(ctx context.Context, fk ForeignKey, cols []Column, row Row) (bool, error) {
	what := "look up the " + fk.RefTable + " row of " + fk.Table + "." + strings.Join(fk.Columns, ",")
	q, ok, err := relationFilters(RelationCount{FK: fk}, cols, row)
	if err != nil {
		return false, wrapOp(err, what)
	}
	if !ok {
		return true, nil
	}
	b := sq.Select("1").From(QuoteIdent(q.Table)).Limit(1)
	for _, f := range q.Filters {
		b = b.Where(QuoteIdent(f.Column)+" = ?", f.arg)
	}
	var one int
	err = scanOne(ctx, s.db, b, &one)
	switch {
	case err == sql.ErrNoRows:
		return false, nil
	case err != nil:
		return false, s.wrapCtx(ctx, err, "%s", what)
	}
	return true, nil
}
