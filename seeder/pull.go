package seeder

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/store"
)

// Pull returns the live schema as SQL: the server's own CREATE TABLE
// statement (SHOW CREATE TABLE, without the AUTO_INCREMENT counter) of every
// base table, parents before children. Foreign keys that close a cycle are
// left out of the CREATE TABLE statements and added by ALTER TABLE at the
// end, so that the file applies in order to an empty database — push
// --schema of it recreates the same tables, columns, keys and foreign keys.
// Errors are classified by store.WrapError.
func Pull(ctx context.Context, st *store.Store) (string, error) {
	ddl, err := pull(ctx, st)
	return ddl, wrapError(ctx, err, st.Config())
}

func pull(ctx context.Context, st *store.Store) (string, error) {
	db := st.DB()
	tables, err := baseTables(ctx, db, st.Database())
	if err != nil {
		return "", err
	}
	keys, err := st.ForeignKeys(ctx, st.Database())
	if err != nil {
		return "", err
	}
	fks := make([]fkEdge, len(keys))
	for i, k := range keys {
		fks[i] = fkEdge{name: k.Name, child: k.Table, parent: k.RefTable}
	}
	order, deferred := fkOrder(tables, fks)

	var b strings.Builder
	fmt.Fprintf(&b, "-- Schema of database %s, pulled by demobots-tui: tables in foreign-key order.\n\n", quoteIdent(st.Database()))
	var alters []string
	for _, t := range order {
		ddl, err := showCreate(ctx, db, t)
		if err != nil {
			return "", err
		}
		for _, name := range deferred[t] {
			var line string
			ddl, line = cutConstraint(ddl, name)
			if line != "" {
				alters = append(alters, "ALTER TABLE "+quoteIdent(t)+" ADD "+line+";\n\n")
			}
		}
		b.WriteString(ddl)
		b.WriteString(";\n\n")
	}
	for _, a := range alters {
		b.WriteString(a)
	}
	return strings.TrimRight(b.String(), "\n") + "\n", nil
}

// fkEdge is a foreign key of table child that references table parent of
// the same database.
type fkEdge struct {
	name, child, parent string
}

// fkOrder sorts tables parents first (depth-first, in name order, so the
// output is stable) and returns, per table, the foreign keys that must be
// deferred because they close a cycle. A table's references to itself need
// no deferring.
func fkOrder(tables []string, fks []fkEdge) (order []string, deferred map[string][]string) {
	parents := map[string][]fkEdge{}
	known := map[string]bool{}
	for _, t := range tables {
		known[t] = true
	}
	for _, e := range fks {
		if e.child != e.parent && known[e.parent] {
			parents[e.child] = append(parents[e.child], e)
		}
	}
	const (
		unseen = iota
		visiting
		done
	)
	state := map[string]int{}
	deferred = map[string][]string{}
	var visit func(t string)
	visit = func(t string) {
		state[t] = visiting
		for _, e := range parents[t] {
			switch state[e.parent] {
			case unseen:
				visit(e.parent)
			case visiting: // a cycle: this key is added after every table exists
				deferred[t] = append(deferred[t], e.name)
			}
		}
		state[t] = done
		order = append(order, t)
	}
	for _, t := range tables {
		if state[t] == unseen {
			visit(t)
		}
	}
	return order, deferred
}

// autoIncrementOpt matches the counter in SHOW CREATE TABLE's table options.
var autoIncrementOpt = regexp.MustCompile(` AUTO_INCREMENT=\d+`)

func showCreate(ctx context.Context, db *sql.DB, table string) (string, error) {
	var name, ddl string
	if err := db.QueryRowContext(ctx, "SHOW CREATE TABLE "+quoteIdent(table)).Scan(&name, &ddl); err != nil {
		return "", fmt.Errorf("seeder: show create table %s: %w", table, err)
	}
	// Only the table options line (the last) carries the counter.
	if i := strings.LastIndex(ddl, "\n)"); i >= 0 {
		ddl = ddl[:i] + autoIncrementOpt.ReplaceAllString(ddl[i:], "")
	}
	return ddl, nil
}

// cutConstraint removes the line defining constraint name from a SHOW
// CREATE TABLE statement and returns it (without its trailing comma).
func cutConstraint(ddl, name string) (string, string) {
	lines := strings.Split(ddl, "\n")
	prefix := "CONSTRAINT " + quoteIdent(name) + " "
	for i, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), prefix) {
			continue
		}
		def := strings.TrimSuffix(strings.TrimSpace(l), ",")
		last := !strings.HasSuffix(strings.TrimSpace(l), ",")
		lines = append(lines[:i], lines[i+1:]...)
		if last && i > 0 {
			lines[i-1] = strings.TrimSuffix(lines[i-1], ",")
		}
		return strings.Join(lines, "\n"), def
	}
	return ddl, ""
}

func baseTables(ctx context.Context, db *sql.DB, schema string) ([]string, error) {
	query, args, err := sq.Select("TABLE_NAME").From("information_schema.TABLES").
		Where(sq.Eq{"TABLE_SCHEMA": schema, "TABLE_TYPE": "BASE TABLE"}).OrderBy("TABLE_NAME").ToSql()
	if err != nil {
		return nil, fmt.Errorf("seeder: build query: %w", err)
	}
	tables, err := store.QueryRows(ctx, db, query, args, func(rows *sql.Rows) (string, error) {
		var t string
		err := rows.Scan(&t)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: list tables: %w", err)
	}
	return tables, nil
}
