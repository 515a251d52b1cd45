package store

import (
	"context"
	"database/sql"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// isView reports whether table is a view.
func (s *Store) isView(ctx context.Context, table string) (bool, error) {
	q := sq.Select("TABLE_TYPE").From("information_schema.TABLES").
		Where("TABLE_SCHEMA = DATABASE()").Where(sq.Eq{"TABLE_NAME": table})
	types, err := selectRows(ctx, s, "read the type of "+table, q, func(rows *sql.Rows) (string, error) {
		var t string
		return t, rows.Scan(&t)
	})
	return len(types) > 0 && types[0] == "VIEW", err
}

// viewKey gives a view the primary key of its base table when the view
// selects every column of that key from that one table, without joins,
// grouping, DISTINCT, LIMIT or a UNION: each row of the view is then one
// row of the table, and the key identifies it. Anything else (or a
// definition this parser cannot read) leaves the view without a key: it
// pages by OFFSET.
func (s *Store) viewKey(ctx context.Context, info *TableInfo) {
	ddl, err := s.CreateTableSQL(ctx, info.Name)
	if err != nil {
		return
	}
	base, cols, star := viewColumns(ddl)
	if base == "" {
		return
	}
	baseInfo, err := s.describeKeys(ctx, base)
	if err != nil || len(baseInfo.PrimaryKey) == 0 {
		return
	}
	var key []string
	for _, pk := range baseInfo.PrimaryKey {
		name, ok := cols[strings.ToLower(pk)]
		if !ok && star {
			name, ok = pk, true // SELECT *: the column keeps its name
		}
		if !ok || info.Column(name) == nil {
			return
		}
		key = append(key, name)
	}
	info.PrimaryKey, info.KeyFrom = key, base
}

// viewColumns reads a CREATE VIEW statement: the one base table a plain
// single-table view selects from, by base column (lower case) the view
// column it appears as, and whether it also selects * (every base column
// under its own name). base is "" for any other view.
func viewColumns(ddl string) (base string, cols map[string]string, star bool) {
	stmt, err := sqlparser.Parse(ddl)
	if err != nil {
		return "", nil, false
	}
	d, ok := stmt.(*sqlparser.DDL)
	if !ok || d.ViewSpec == nil {
		return "", nil, false
	}
	sel, ok := d.ViewSpec.ViewExpr.(*sqlparser.Select)
	if !ok || sel.QueryOpts.Distinct || len(sel.GroupBy) > 0 || sel.Having != nil || sel.Limit != nil || sel.With != nil || len(sel.From) != 1 {
		return "", nil, false
	}
	from, ok := sel.From[0].(*sqlparser.AliasedTableExpr)
	if !ok {
		return "", nil, false
	}
	tn, ok := from.Expr.(sqlparser.TableName)
	if !ok {
		return "", nil, false
	}
	cols = map[string]string{}
	for i, e := range sel.SelectExprs {
		switch e := e.(type) {
		case *sqlparser.StarExpr:
			star = len(d.ViewSpec.Columns) == 0
		case *sqlparser.AliasedExpr:
			cn, ok := e.Expr.(*sqlparser.ColName)
			if !ok {
				continue
			}
			name := cn.Name.String()
			if !e.As.IsEmpty() {
				name = e.As.String()
			}
			if len(d.ViewSpec.Columns) > i {
				name = d.ViewSpec.Columns[i].String()
			}
			cols[strings.ToLower(cn.Name.String())] = name
		}
	}
	return tn.Name.String(), cols, star
}

// Trigger is a trigger on a table.
type Trigger struct {
	Name      string
	Timing    string // BEFORE or AFTER
	Event     string // INSERT, UPDATE or DELETE
	Statement string // the body
}

// Triggers lists the triggers of table, from SHOW TRIGGERS: the embedded
// engine leaves information_schema.TRIGGERS empty but answers it, like the
// servers do. An engine without triggers gives none.
func (s *Store) Triggers(ctx context.Context, table string) ([]Trigger, error) {
	var out []Trigger
	err := selectEach(ctx, s, "list triggers of "+table, sq.Expr("SHOW TRIGGERS"), func(rows *sql.Rows) error {
		cols, vals, err := scanStrings(rows)
		if err != nil {
			return err
		}
		var t Trigger
		var on string
		for i, c := range cols {
			switch strings.ToLower(c) {
			case "trigger":
				t.Name = vals[i]
			case "event":
				t.Event = strings.ToUpper(vals[i])
			case "table":
				on = vals[i]
			case "statement":
				t.Statement = vals[i]
			case "timing":
				t.Timing = strings.ToUpper(vals[i])
			}
		}
		if on == table {
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// scanStrings scans the current row of a SHOW statement as strings (NULL
// as ""), with its column names. SHOW results have no fixed width: the
// columns of SHOW TRIGGERS and SHOW PROCEDURE/FUNCTION STATUS differ
// between servers and versions, so Triggers and Routines pick theirs by
// name, and RoutineSQL takes the statement by position.
func scanStrings(rows *sql.Rows) (cols, vals []string, err error) {
	if cols, err = rows.Columns(); err != nil {
		return nil, nil, err
	}
	ns := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range ns {
		ptrs[i] = &ns[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, nil, err
	}
	vals = make([]string, len(ns))
	for i, n := range ns {
		vals[i] = n.String
	}
	return cols, vals, nil
}

// Routine is a stored procedure or function.
type Routine struct {
	Name string
	Type string // PROCEDURE or FUNCTION
}

// Routines lists the stored procedures and functions of the selected
// database, from SHOW PROCEDURE STATUS and SHOW FUNCTION STATUS (the
// embedded engine leaves information_schema.ROUTINES empty but answers
// these). An engine without routines gives none.
func (s *Store) Routines(ctx context.Context) ([]Routine, error) {
	var out []Routine
	for _, kind := range []string{"PROCEDURE", "FUNCTION"} {
		err := selectEach(ctx, s, "list routines", sq.Expr("SHOW "+kind+" STATUS"), func(rows *sql.Rows) error {
			cols, vals, err := scanStrings(rows)
			if err != nil {
				return err
			}
			r := Routine{Type: kind}
			db := ""
			for i, c := range cols {
				switch strings.ToLower(c) {
				case "db":
					db = vals[i]
				case "name":
					r.Name = vals[i]
				}
			}
			if db == s.cfg.DBName {
				out = append(out, r)
			}
			return nil
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// RoutineSQL returns SHOW CREATE PROCEDURE (or FUNCTION) of a routine.
func (s *Store) RoutineSQL(ctx context.Context, r Routine) (string, error) {
	kind := "PROCEDURE"
	if strings.EqualFold(r.Type, "FUNCTION") {
		kind = "FUNCTION"
	}
	what := "show create " + strings.ToLower(kind) + " " + r.Name
	var ddl string
	err := selectEach(ctx, s, what, sq.Expr("SHOW CREATE "+kind+" "+QuoteIdent(r.Name)), func(rows *sql.Rows) error {
		_, vals, err := scanStrings(rows)
		if err != nil {
			return err
		}
		// (Procedure, sql_mode, Create Procedure, ...): the statement is
		// the third column.
		if len(vals) > 2 {
			ddl = vals[2]
		}
		return nil
	})
	return ddl, err
}
