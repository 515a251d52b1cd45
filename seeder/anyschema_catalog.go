package seeder

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/seeder/colgen"
	"github.com/demobots/demobots-tui/store"
)

// catTable is what the catalog says of one base table, for a seed of any
// schema.
type catTable struct {
	name string
	cols []catColumn
	// keys are the PRIMARY key (first, when there is one) and the UNIQUE
	// indexes, each as its columns in order.
	keys    [][]string
	primary bool // keys[0] is the primary key
	fks     []store.ForeignKey
}

// catColumn is one column: what colgen needs, and what the seeder leaves
// to the server.
type catColumn struct {
	colgen.Column
	// generated: the server computes it (VIRTUAL, STORED, PERSISTENT);
	// it is left out of the load.
	generated bool
	autoInc   bool
}

func (t *catTable) column(name string) *catColumn {
	for i := range t.cols {
		if t.cols[i].Name == name {
			return &t.cols[i]
		}
	}
	return nil
}

// readCatalog reads the base tables of st's database (views and a swap's
// leftovers left out) with their columns, keys and foreign keys, sorted
// by name.
func readCatalog(ctx context.Context, st *store.Store) ([]*catTable, error) {
	db := st.DB()
	byName := map[string]*catTable{}
	var tables []*catTable
	q := sq.Select("TABLE_NAME").From("information_schema.TABLES").
		Where("TABLE_SCHEMA = DATABASE()").Where(sq.Eq{"TABLE_TYPE": "BASE TABLE"}).OrderBy("TABLE_NAME")
	err := queryBuilt(ctx, db, q, func(rows *sql.Rows) error {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		if strings.HasPrefix(name, newPrefix) || strings.HasPrefix(name, oldPrefix) {
			return nil
		}
		t := &catTable{name: name}
		byName[name] = t
		tables = append(tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: list tables: %w", err)
	}
	if err := readAnyColumns(ctx, db, byName); err != nil {
		return nil, err
	}
	if err := readAnyKeys(ctx, db, byName); err != nil {
		return nil, err
	}
	markJSON(ctx, db, byName)
	// The catalog names generated columns everywhere but in the embedded
	// engine, which alone needs a SHOW CREATE TABLE per table.
	if st.Flavor().Kind == store.FlavorEmbedded {
		for _, t := range tables {
			if err := markGenerated(ctx, st, t); err != nil {
				return nil, err
			}
		}
	}
	fks, err := st.ForeignKeys(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("seeder: %w", err)
	}
	for _, fk := range fks {
		if t := byName[fk.Table]; t != nil && byName[fk.RefTable] != nil {
			t.fks = append(t.fks, fk)
		}
	}
	return tables, nil
}

func readAnyColumns(ctx context.Context, db *sql.DB, byName map[string]*catTable) error {
	q := sq.Select("TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "COLUMN_TYPE", "IS_NULLABLE",
		"CHARACTER_MAXIMUM_LENGTH", "NUMERIC_PRECISION", "NUMERIC_SCALE", "EXTRA", "COALESCE(GENERATION_EXPRESSION, '')").
		From("information_schema.COLUMNS").Where("TABLE_SCHEMA = DATABASE()").
		OrderBy("TABLE_NAME", "ORDINAL_POSITION")
	err := queryBuilt(ctx, db, q, func(rows *sql.Rows) error {
		var table, nullable, extra, expr string
		var maxChars, precision, scale sql.NullInt64
		var c catColumn
		if err := rows.Scan(&table, &c.Name, &c.DataType, &c.ColumnType, &nullable, &maxChars, &precision, &scale, &extra, &expr); err != nil {
			return err
		}
		t := byName[table]
		if t == nil {
			return nil
		}
		sc := store.Column{Name: c.Name, Type: c.ColumnType, DataType: strings.ToLower(c.DataType), Extra: extra}
		c.Table, c.DataType = table, sc.DataType
		c.Nullable = nullable == "YES"
		c.MaxChars, c.Precision, c.Scale = maxChars.Int64, int(precision.Int64), int(scale.Int64)
		c.Unsigned = sc.Unsigned()
		c.Members = sc.Members()
		// EXTRA names generated columns on MariaDB, MySQL and TiDB; the
		// embedded engine leaves it empty (see markGenerated).
		c.generated, c.autoInc = sc.Generated() || expr != "", sc.AutoIncrement()
		t.cols = append(t.cols, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("seeder: list columns: %w", err)
	}
	return nil
}

// readAnyKeys reads the PRIMARY and UNIQUE indexes.
func readAnyKeys(ctx context.Context, db *sql.DB, byName map[string]*catTable) error {
	q := sq.Select("TABLE_NAME", "INDEX_NAME", "COLUMN_NAME").
		From("information_schema.STATISTICS").Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"NON_UNIQUE": 0}).OrderBy("TABLE_NAME", "INDEX_NAME", "SEQ_IN_INDEX")
	type key struct{ table, index string }
	var order []key
	cols := map[key][]string{}
	err := queryBuilt(ctx, db, q, func(rows *sql.Rows) error {
		var k key
		var col string
		if err := rows.Scan(&k.table, &k.index, &col); err != nil {
			return err
		}
		if cols[k] == nil {
			order = append(order, k)
		}
		cols[k] = append(cols[k], col)
		return nil
	})
	if err != nil {
		return fmt.Errorf("seeder: list unique keys: %w", err)
	}
	for _, k := range order {
		t := byName[k.table]
		if t == nil {
			continue
		}
		if k.index == "PRIMARY" {
			t.keys = append([][]string{cols[k]}, t.keys...)
			t.primary = true
		} else {
			t.keys = append(t.keys, cols[k])
		}
	}
	return nil
}

// queryBuilt runs a built query on db, calling fn per row.
func queryBuilt(ctx context.Context, db *sql.DB, q sq.Sqlizer, fn func(*sql.Rows) error) error {
	query, args, err := q.ToSql()
	if err != nil {
		return err
	}
	return store.QueryEach(ctx, db, query, args, fn)
}

// markJSON finds MariaDB's JSON columns: it stores JSON as LONGTEXT with a
// json_valid(col) CHECK constraint, so DATA_TYPE says longtext. Engines
// without CHECK_CONSTRAINTS (or without such checks) have nothing to mark.
func markJSON(ctx context.Context, db *sql.DB, byName map[string]*catTable) {
	q := sq.Select("TABLE_NAME", "CHECK_CLAUSE").From("information_schema.CHECK_CONSTRAINTS").
		Where("CONSTRAINT_SCHEMA = DATABASE()").Where(sq.Like{"CHECK_CLAUSE": "json_valid(%"})
	_ = queryBuilt(ctx, db, q, func(rows *sql.Rows) error {
		var table, clause string
		if err := rows.Scan(&table, &clause); err != nil {
			return err
		}
		name := strings.Trim(strings.TrimSuffix(strings.TrimPrefix(clause, "json_valid("), ")"), "`")
		if t := byName[table]; t != nil {
			if c := t.column(name); c != nil && strings.HasSuffix(c.DataType, "text") {
				c.DataType = "json"
			}
		}
		return nil
	})
}

var reGeneratedCol = regexp.MustCompile("(?i)^\\s*`((?:[^`]|``)+)`.*\\sAS\\s*\\(.*\\)\\s*(STORED|VIRTUAL|PERSISTENT)")

// markGenerated finds the generated columns the catalog's EXTRA does not
// name (the embedded engine leaves it empty) in SHOW CREATE TABLE.
func markGenerated(ctx context.Context, st *store.Store, t *catTable) error {
	create, err := st.CreateTableSQL(ctx, t.name)
	if err != nil {
		return fmt.Errorf("seeder: %w", err)
	}
	for _, line := range strings.Split(create, "\n") {
		if m := reGeneratedCol.FindStringSubmatch(line); m != nil {
			if c := t.column(strings.ReplaceAll(m[1], "``", "`")); c != nil {
				c.generated = true
			}
		}
	}
	return nil
}
