package seeder

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/dolthub/vitess/go/vt/sqlparser"

	"github.com/demobots/demobots-tui/store"
)

// dbView is a view of a database, as the server describes it.
type dbView struct {
	name string
	// definition is the server's own text of the view's query
	// (information_schema.VIEWS), or the whole statement SHOW CREATE VIEW
	// gives where the engine leaves VIEWS empty (the embedded one).
	definition string
	options    string // CHECK_OPTION and SECURITY_TYPE
}

// dbObjects are the views and stored routines of a database.
type dbObjects struct {
	views    []dbView
	routines []Object
}

// readObjects lists the views and stored routines of database schema.
func readObjects(ctx context.Context, db *sql.DB, schema string) (dbObjects, error) {
	views, err := readViews(ctx, db, schema)
	if err != nil {
		return dbObjects{}, err
	}
	query, args, err := sq.Select("ROUTINE_NAME", "ROUTINE_TYPE").From("information_schema.ROUTINES").
		Where(sq.Eq{"ROUTINE_SCHEMA": schema}).OrderBy("ROUTINE_TYPE", "ROUTINE_NAME").ToSql()
	if err != nil {
		return dbObjects{}, fmt.Errorf("seeder: build query: %w", err)
	}
	var routines []Object
	err = store.QueryEach(ctx, db, query, args, func(rows *sql.Rows) error {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return err
		}
		kind := ObjectProcedure
		if strings.EqualFold(typ, "FUNCTION") {
			kind = ObjectFunction
		}
		routines = append(routines, Object{Kind: kind, Name: name})
		return nil
	})
	if err != nil {
		return dbObjects{}, fmt.Errorf("seeder: list the stored routines of %s: %w", schema, err)
	}
	return dbObjects{views: views, routines: routines}, nil
}

// readViews lists the views of database schema with their definitions.
func readViews(ctx context.Context, db *sql.DB, schema string) ([]dbView, error) {
	query, args, err := sq.Select("TABLE_NAME").From("information_schema.TABLES").
		Where(sq.Eq{"TABLE_SCHEMA": schema, "TABLE_TYPE": "VIEW"}).OrderBy("TABLE_NAME").ToSql()
	if err != nil {
		return nil, fmt.Errorf("seeder: build query: %w", err)
	}
	var views []dbView
	err = store.QueryEach(ctx, db, query, args, func(rows *sql.Rows) error {
		var v dbView
		if err := rows.Scan(&v.name); err != nil {
			return err
		}
		views = append(views, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: list the views of %s: %w", schema, err)
	}
	if len(views) == 0 {
		return nil, nil
	}
	query, args, err = sq.Select("TABLE_NAME", "VIEW_DEFINITION", "CHECK_OPTION", "SECURITY_TYPE").
		From("information_schema.VIEWS").Where(sq.Eq{"TABLE_SCHEMA": schema}).ToSql()
	if err != nil {
		return nil, fmt.Errorf("seeder: build query: %w", err)
	}
	defs := map[string]dbView{}
	err = store.QueryEach(ctx, db, query, args, func(rows *sql.Rows) error {
		var name string
		var def, check, security sql.NullString
		if err := rows.Scan(&name, &def, &check, &security); err != nil {
			return err
		}
		defs[name] = dbView{definition: def.String, options: check.String + " " + security.String}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: read the views of %s: %w", schema, err)
	}
	for i, v := range views {
		if d := defs[v.name]; d.definition != "" {
			views[i].definition, views[i].options = d.definition, d.options
			continue
		}
		var name, create, charset, collation sql.NullString
		err := db.QueryRowContext(ctx, "SHOW CREATE VIEW "+quoteIdent(schema)+"."+quoteIdent(v.name)).Scan(&name, &create, &charset, &collation)
		if err != nil {
			return nil, fmt.Errorf("seeder: read view %s of %s: %w", v.name, schema, err)
		}
		views[i].definition = create.String
	}
	return views, nil
}

// planViews creates the views the desired schema declares and the
// database lacks, and replaces those whose definition differs. A view
// holds no data, so neither is destructive. They run after the tables'
// changes, in file order (the order the scratch database accepted).
func planViews(d *DesiredSchema, desired, live []dbView, scratch, database string) []Change {
	find := func(views []dbView, name string) (dbView, bool) {
		i := slices.IndexFunc(views, func(v dbView) bool { return v.name == name })
		if i < 0 {
			return dbView{}, false
		}
		return views[i], true
	}
	var out []Change
	for _, name := range d.Views() {
		stmt, _ := d.view(name)
		want, ok := find(desired, name)
		if !ok {
			continue
		}
		have, ok := find(live, name)
		switch {
		case !ok:
			out = append(out, Change{SQL: stmt.sql, Comment: "create view " + quoteIdent(name), view: name})
		case have.options != want.options ||
			have.definition != strings.ReplaceAll(want.definition, quoteIdent(scratch)+".", quoteIdent(database)+"."):
			out = append(out, Change{SQL: orReplace(stmt), Comment: "replace view " + quoteIdent(name) + " (its definition differs)", view: name})
		}
	}
	return out
}

// orReplace is a CREATE VIEW statement as CREATE OR REPLACE VIEW.
func orReplace(s desiredStmt) string {
	if ddl, ok := s.ast.(*sqlparser.DDL); ok && ddl.OrReplace {
		return s.sql
	}
	// The statement starts with its first token, CREATE.
	return "CREATE OR REPLACE" + s.sql[len("CREATE"):]
}

// markAffectedViews names, on each change that alters or drops tables,
// the live views that read one of them, directly or through other views
// — except the views the plan itself drops, creates or replaces — and
// lists them all on the plan.
func markAffectedViews(plan *Plan, views []dbView, database string) {
	if len(views) == 0 {
		return
	}
	touched := map[string]bool{}
	for _, c := range plan.Changes {
		if c.view != "" {
			touched[c.view] = true
		}
	}
	reads := map[string]map[string]bool{}
	for _, v := range views {
		reads[v.name] = map[string]bool{}
		for _, t := range viewReads(v.definition, database) {
			reads[v.name][t] = true
		}
	}
	// Through other views: repeat until nothing is added.
	for changed := true; changed; {
		changed = false
		for _, v := range views {
			for t := range reads[v.name] {
				for u := range reads[t] {
					if !reads[v.name][u] {
						reads[v.name][u] = true
						changed = true
					}
				}
			}
		}
	}
	all := map[string]bool{}
	for i, c := range plan.Changes {
		for _, v := range views {
			if touched[v.name] {
				continue
			}
			if slices.ContainsFunc(c.tables, func(t string) bool { return reads[v.name][t] }) {
				plan.Changes[i].Views = append(plan.Changes[i].Views, v.name)
				all[v.name] = true
			}
		}
	}
	for v := range all {
		plan.AffectedViews = append(plan.AffectedViews, v)
	}
	slices.Sort(plan.AffectedViews)
}

var aliasedTableType = reflect.TypeOf(sqlparser.AliasedTableExpr{})

// viewReads names the tables and views of database a view's definition
// reads. When the parser cannot read the definition, every name in it
// counts: naming a view too many is better than missing one.
func viewReads(definition, database string) []string {
	var names []string
	ast, err := sqlparser.Parse(definition)
	if err == nil {
		err = walkSyntax(reflect.ValueOf(ast), 0, func(v reflect.Value) bool {
			if v.Type() != aliasedTableType {
				return true
			}
			e := v.FieldByName("Expr")
			for e.Kind() == reflect.Interface || e.Kind() == reflect.Pointer {
				if e.IsNil() {
					return true
				}
				e = e.Elem()
			}
			if e.Type() == tableNameType {
				db := identText(e.FieldByName("DbQualifier"))
				if db == "" || db == database {
					names = append(names, identText(e.FieldByName("Name")))
				}
			}
			return true
		})
	}
	if err == nil {
		return names
	}
	toks, _ := scanTokens(definition)
	for _, t := range toks {
		if t.typ == sqlparser.ID {
			names = append(names, unquoteIdent(t.in(definition)))
		}
	}
	return names
}

// unquoteIdent undoes quoteIdent; a bare name stays as it is.
func unquoteIdent(s string) string {
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	}
	return s
}
