package seeder

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"ariga.io/atlas/sql/mysql"
	"ariga.io/atlas/sql/schema"
	sq "github.com/Masterminds/squirrel"
	"github.com/dolthub/vitess/go/vt/sqlparser"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/store"
)

// ErrSchemaMismatch is wrapped by CheckSchema's (and Seed's) error when
// the database lacks a table or column seed writes, or has one seed
// cannot fill: run push.
var ErrSchemaMismatch = errors.New("the database schema differs from schema.sql")

// ErrNotDemobots is wrapped by the errors of CheckSchema, Seed and Reset
// when the database holds none of the demobots tables but tables of its
// own: most likely the database URL names the wrong database. Nothing is
// changed; pushing schema.sql there would add the demobots tables beside
// its own, which is seldom what anybody wants.
var ErrNotDemobots = errors.New("this is not a demobots database")

// CheckSchema reports whether st's database can take the rows seed
// writes: each demobots table exists with the columns seed writes, of a
// type that holds every value it writes (no narrower than schema.sql
// declares it), and no other column that must be given a value (NOT NULL
// without a default). It reads information_schema only: no scratch
// database, no privilege beyond reading the database. Other tables, other
// indexes and comments are no concern of it. Its error wraps
// ErrSchemaMismatch and names every problem, or ErrNotDemobots; other
// errors are classified by store.WrapError.
func CheckSchema(ctx context.Context, st *store.Store) error {
	return wrapError(ctx, checkSchema(ctx, st.DB(), st.Database()), st.Config())
}

// CheckDemobots reports, with ErrNotDemobots, a database that holds none
// of the demobots tables but tables of its own: Reset checks it first, and
// a caller can check it before asking for confirmation. Errors are
// classified by store.WrapError.
func CheckDemobots(ctx context.Context, st *store.Store) error {
	return wrapError(ctx, checkNotForeign(ctx, st.DB(), st.Database()), st.Config())
}

func checkNotForeign(ctx context.Context, db *sql.DB, database string) error {
	query, args, err := sq.Select("TABLE_NAME").From("information_schema.TABLES").
		Where(sq.Eq{"TABLE_SCHEMA": database, "TABLE_TYPE": "BASE TABLE"}).ToSql()
	if err != nil {
		return fmt.Errorf("seeder: build query: %w", err)
	}
	names, err := store.QueryRows(ctx, db, query, args, func(rows *sql.Rows) (string, error) {
		var name string
		return name, rows.Scan(&name)
	})
	if err != nil {
		return fmt.Errorf("seeder: list the tables of %s: %w", database, err)
	}
	return checkDemobots(database, names)
}

// liveColumn is a column as information_schema.COLUMNS describes it.
type liveColumn struct {
	name, columnType, extra string
	nullable                bool
	hasDefault              bool
}

func checkSchema(ctx context.Context, db *sql.DB, database string) error {
	tables, err := readColumns(ctx, db, database)
	if err != nil {
		return err
	}
	if err := checkDemobots(database, slices.Collect(maps.Keys(tables))); err != nil {
		return err
	}
	declared, err := declaredColumns()
	if err != nil {
		return err
	}
	var problems []string
	for _, t := range dataset {
		cols, ok := tables[t.name]
		if !ok {
			problems = append(problems, fmt.Sprintf("table %s is missing", quoteIdent(t.name)))
			continue
		}
		byName := map[string]liveColumn{}
		for _, c := range cols {
			byName[c.name] = c
		}
		for i, name := range t.columns {
			c, ok := byName[name]
			if !ok {
				problems = append(problems, fmt.Sprintf("column %s.%s is missing", quoteIdent(t.name), quoteIdent(name)))
				continue
			}
			kind := byte(0)
			if i < len(t.kinds) {
				kind = t.kinds[i]
			}
			if p := columnProblem(t.name, c, kind, declared[t.name][name]); p != "" {
				problems = append(problems, p)
			}
		}
		for _, c := range cols {
			if slices.Contains(t.columns, c.name) {
				continue
			}
			if !c.nullable && !c.hasDefault && !generated(c) && !strings.Contains(strings.ToLower(c.extra), "auto_increment") {
				problems = append(problems, fmt.Sprintf("column %s.%s is NOT NULL without a default, and seed gives it no value", quoteIdent(t.name), quoteIdent(c.name)))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w in %s: %s; run 'demobots-tui push' to make it match schema.sql", ErrSchemaMismatch, database, strings.Join(problems, "; "))
}

// checkDemobots refuses (ErrNotDemobots) a database that holds none of the
// dataset's tables but tables of its own.
func checkDemobots(database string, tables []string) error {
	own := 0
	for _, name := range tables {
		if isDatasetTable(name) {
			return nil
		}
		own++
	}
	if own == 0 {
		return nil
	}
	names := dataset.names()
	return fmt.Errorf("seeder: %w: %s holds none of the demobots tables (%s) but %s of its own; seed and reset work only on a database that holds them — check that the database URL names the right database",
		ErrNotDemobots, database, strings.Join(names, ", "), plural(own, "table"))
}

func isDatasetTable(name string) bool {
	return slices.ContainsFunc(dataset, func(t tableSpec) bool { return t.name == name })
}

func generated(c liveColumn) bool {
	return strings.Contains(strings.ToUpper(c.extra), "GENERATED")
}

// columnProblem says why column c of table cannot take what seed writes
// there (kind: see tableSpec.kinds), or "". declared is the column's type
// in schema.sql, when it declares it: the live type must hold all it holds.
func columnProblem(table string, c liveColumn, kind byte, declared schema.Type) string {
	name := quoteIdent(table) + "." + quoteIdent(c.name)
	if generated(c) {
		return fmt.Sprintf("column %s is generated, and seed writes it", name)
	}
	live, err := mysql.ParseType(c.columnType)
	if err != nil {
		return fmt.Sprintf("column %s has a type seed does not know (%s)", name, c.columnType)
	}
	wrong := func(what string) string {
		return fmt.Sprintf("column %s is %s, but seed writes %s there", name, c.columnType, what)
	}
	switch kind {
	case 'i':
		lt, ok := live.(*schema.IntegerType)
		if !ok {
			return wrong("integers")
		}
		if dt, ok := declared.(*schema.IntegerType); ok {
			_, lhi, lok := intRange(lt)
			_, dhi, dok := intRange(dt)
			if lok && dok && lhi < dhi {
				return wrong(fmt.Sprintf("integers up to %d (schema.sql: %s)", dhi, dt.T))
			}
		}
	case 's':
		lt, ok := live.(*schema.StringType)
		if !ok {
			return wrong("text")
		}
		if dt, ok := declared.(*schema.StringType); ok && stringCap(lt) < stringCap(dt) {
			return wrong(fmt.Sprintf("up to %d characters (schema.sql: %s(%d))", stringCap(dt), dt.T, dt.Size))
		}
	case 't', 'd':
		lt, ok := live.(*schema.TimeType)
		t := ""
		if ok {
			t = strings.ToLower(lt.T)
		}
		if t != "datetime" && t != "timestamp" && (kind == 't' || t != "date") {
			if kind == 't' {
				return wrong("dates with a time of day")
			}
			return wrong("dates")
		}
	case 'h':
		switch lt := live.(type) {
		case *schema.FloatType:
		case *schema.DecimalType:
			if lt.Scale < 2 || lt.Precision-lt.Scale < 1 {
				return wrong("numbers from 0.00 to 1.00")
			}
		default:
			return wrong("numbers from 0.00 to 1.00")
		}
	}
	return ""
}

// readColumns reads the columns of every base table of database.
func readColumns(ctx context.Context, db *sql.DB, database string) (map[string][]liveColumn, error) {
	query, args, err := sq.Select("t.TABLE_NAME", "c.COLUMN_NAME", "c.COLUMN_TYPE", "c.IS_NULLABLE", "c.COLUMN_DEFAULT", "c.EXTRA").
		From("information_schema.TABLES t").
		LeftJoin("information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME").
		Where(sq.Eq{"t.TABLE_SCHEMA": database, "t.TABLE_TYPE": "BASE TABLE"}).
		OrderBy("t.TABLE_NAME", "c.ORDINAL_POSITION").ToSql()
	if err != nil {
		return nil, fmt.Errorf("seeder: build query: %w", err)
	}
	tables := map[string][]liveColumn{}
	err = store.QueryEach(ctx, db, query, args, func(rows *sql.Rows) error {
		var table string
		var name, typ, nullable, def, extra sql.NullString
		if err := rows.Scan(&table, &name, &typ, &nullable, &def, &extra); err != nil {
			return err
		}
		if !name.Valid {
			tables[table] = nil
			return nil
		}
		tables[table] = append(tables[table], liveColumn{
			name: name.String, columnType: typ.String, extra: extra.String,
			nullable: strings.EqualFold(nullable.String, "YES"), hasDefault: def.Valid,
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: read the columns of %s: %w", database, err)
	}
	return tables, nil
}

// declaredColumns reads the column types schema.sql declares, by table.
func declaredColumns() (map[string]map[string]schema.Type, error) {
	declared := map[string]map[string]schema.Type{}
	err := eachDeclaredTable(func(name string, spec *sqlparser.TableSpec) {
		cols := map[string]schema.Type{}
		for _, c := range spec.Columns {
			if t, err := mysql.ParseType(typeText(c.Type)); err == nil {
				cols[c.Name.String()] = t
			}
		}
		declared[name] = cols
	})
	return declared, err
}

// eachDeclaredTable calls fn with each CREATE TABLE of schema.sql.
func eachDeclaredTable(fn func(name string, spec *sqlparser.TableSpec)) error {
	d, err := ParseSchema("schema.sql", demobots.Schema)
	if err != nil {
		return err
	}
	for _, s := range d.stmts {
		if ddl, ok := s.ast.(*sqlparser.DDL); ok && s.kind == stmtCreateTable && ddl.TableSpec != nil {
			fn(s.name, ddl.TableSpec)
		}
	}
	return nil
}

// typeText writes a parsed column type the way information_schema does,
// e.g. "varchar(20)", "decimal(5,2) unsigned".
func typeText(t sqlparser.ColumnType) string {
	s := strings.ToLower(t.Type)
	if t.Length != nil {
		s += "(" + string(t.Length.Val)
		if t.Scale != nil {
			s += "," + string(t.Scale.Val)
		}
		s += ")"
	}
	if t.Unsigned {
		s += " unsigned"
	}
	return s
}
