package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// ExactCountLimit is the largest estimated row count for which Tables
// counts rows exactly (COUNT(*)); bigger tables keep the estimate.
const ExactCountLimit = 10_000

// Tables lists the base tables of the selected database in alphabetical
// order (case-insensitive) with row counts: the information_schema
// estimate, replaced by an exact COUNT(*) (Exact=true) for tables estimated
// at no more than ExactCountLimit rows. Views are not listed.
func (s *Store) Tables(ctx context.Context) ([]Table, error) {
	q := sq.Select("TABLE_NAME", "TABLE_ROWS", "TABLE_TYPE").
		From("information_schema.TABLES").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_TYPE": []string{"BASE TABLE", "VIEW"}})
	tables, err := selectRows(ctx, s, "list tables", q, func(rows *sql.Rows) (Table, error) {
		var t Table
		var n sql.NullInt64
		var typ string
		err := rows.Scan(&t.Name, &n, &typ)
		t.Rows = max(n.Int64, 0)
		t.View = typ == "VIEW"
		return t, err
	})
	if err != nil {
		return nil, err
	}
	sortTables(tables)

	// A view is not counted: counting it runs its query, which can cost
	// anything.
	var small []int
	for i, t := range tables {
		if t.Rows <= ExactCountLimit && !t.View {
			small = append(small, i)
		}
	}
	if len(small) > 0 {
		names := make([]string, len(small))
		for i, idx := range small {
			names[i] = tables[idx].Name
		}
		counts, err := s.countTables(ctx, names)
		if err != nil {
			if ctx.Err() != nil {
				return nil, s.wrapCtx(ctx, err, "count rows")
			}
			// A table dropped meanwhile or a privilege missing: the
			// estimates still make a useful list.
			return tables, nil
		}
		for i, idx := range small {
			tables[idx].Rows = counts[i]
			tables[idx].Exact = true
		}
	}
	return tables, nil
}

func sortTables(tables []Table) {
	sort.Slice(tables, func(i, j int) bool {
		a, b := strings.ToLower(tables[i].Name), strings.ToLower(tables[j].Name)
		if a != b {
			return a < b
		}
		return tables[i].Name < tables[j].Name
	})
}

// countTables counts the rows of several tables, in one round trip when
// the server can.
func (s *Store) countTables(ctx context.Context, names []string) ([]int64, error) {
	parts := make([]sq.SelectBuilder, len(names))
	for i, name := range names {
		parts[i] = sq.Select(fmt.Sprintf("%d", i), "COUNT(*)").From(QuoteIdent(name))
	}
	counts, err := s.countUnion(ctx, parts)
	if err != nil && ctx.Err() == nil {
		return s.countEach(ctx, parts)
	}
	return counts, err
}

// countUnion runs SELECT i, COUNT(*) ... UNION ALL ... and returns the
// counts in the order of parts. Each part selects its index and a count.
func (s *Store) countUnion(ctx context.Context, parts []sq.SelectBuilder) ([]int64, error) {
	sqlizers := make([]sq.Sqlizer, len(parts))
	for i, p := range parts {
		sqlizers[i] = p
	}
	query, args, err := unionAll(sqlizers)
	if err != nil {
		return nil, err
	}
	counts := make([]int64, len(parts))
	err = QueryEach(ctx, s.db, query, args, func(rows *sql.Rows) error {
		var i int
		var n int64
		if err := rows.Scan(&i, &n); err != nil {
			return err
		}
		if i >= 0 && i < len(counts) {
			counts[i] = n
		}
		return nil
	})
	return counts, err
}

// countEach runs the count queries of countUnion one by one, for servers
// that fail a union (see Relations).
func (s *Store) countEach(ctx context.Context, parts []sq.SelectBuilder) ([]int64, error) {
	counts := make([]int64, len(parts))
	for i, p := range parts {
		query, args, err := p.ToSql()
		if err != nil {
			return nil, err
		}
		var idx int
		if err := s.db.QueryRowContext(ctx, query, args...).Scan(&idx, &counts[i]); err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// unionAll joins squirrel SELECTs with UNION ALL (squirrel has no union
// builder); each part keeps its own placeholders and arguments.
func unionAll(parts []sq.Sqlizer) (string, []any, error) {
	var b strings.Builder
	var args []any
	for i, p := range parts {
		q, a, err := p.ToSql()
		if err != nil {
			return "", nil, err
		}
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		b.WriteString(q)
		args = append(args, a...)
	}
	return b.String(), args, nil
}

// CountRows counts the rows of table exactly. On a big table this scans an
// index; cancel ctx to stop it.
func (s *Store) CountRows(ctx context.Context, table string) (int64, error) {
	var n int64
	err := selectOne(ctx, s, "count rows of "+table, sq.Select("COUNT(*)").From(QuoteIdent(table)), &n)
	return n, err
}

// CreateTableSQL returns the server's SHOW CREATE TABLE text for table (or
// SHOW CREATE VIEW text for a view).
func (s *Store) CreateTableSQL(ctx context.Context, table string) (string, error) {
	what := "show create table " + table
	var ddl *string
	err := selectEach(ctx, s, what, sq.Expr("SHOW CREATE TABLE "+QuoteIdent(table)), func(rows *sql.Rows) error {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		// A table gives (Table, Create Table), a view four columns; the
		// statement is always the second.
		if len(cols) < 2 {
			return fmt.Errorf("unexpected result with %d columns", len(cols))
		}
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if ddl == nil {
			text := string(vals[1])
			ddl = &text
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if ddl == nil {
		return "", s.wrap(noTable(nil, table, s.cfg), "%s", what)
	}
	return *ddl, nil
}
