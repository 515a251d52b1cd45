package store

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// ForeignKeys lists every foreign key of schema whose table and referenced
// table are both in schema ("" means the selected database), sorted by
// table, then constraint name, each with its columns in ordinal order and
// its ON UPDATE / ON DELETE rules. This is the catalog query Describe uses
// for one table; Pull orders tables by it.
func (s *Store) ForeignKeys(ctx context.Context, schema string) ([]ForeignKey, error) {
	return s.fkCatalog(ctx, schema, "")
}

// fkCatalog reads the foreign keys of schema ("" for DATABASE()) that stay
// inside it; with table set, only those from or to table.
func (s *Store) fkCatalog(ctx context.Context, schema, table string) ([]ForeignKey, error) {
	what := "list foreign keys"
	if table != "" {
		what += " of " + table
	}
	rules, err := s.fkRules(ctx, schema, table, what)
	if err != nil {
		return nil, err
	}
	q := sq.Select("CONSTRAINT_NAME", "TABLE_NAME", "COLUMN_NAME",
		"REFERENCED_TABLE_NAME", "REFERENCED_COLUMN_NAME", "ORDINAL_POSITION").
		From("information_schema.KEY_COLUMN_USAGE").
		Where(inSchema("TABLE_SCHEMA", schema)).
		Where(inSchema("REFERENCED_TABLE_SCHEMA", schema)).
		Where("REFERENCED_TABLE_NAME IS NOT NULL")
	if table != "" {
		q = q.Where(sq.Or{sq.Eq{"TABLE_NAME": table}, sq.Eq{"REFERENCED_TABLE_NAME": table}})
	}
	type fkCol struct {
		pos      int
		col, ref string
	}
	type key struct{ table, name string }
	fks := map[key]*ForeignKey{}
	cols := map[key][]fkCol{}
	err = selectEach(ctx, s, what, q, func(rows *sql.Rows) error {
		var k key
		var c fkCol
		var refTable string
		if err := rows.Scan(&k.name, &k.table, &c.col, &refTable, &c.ref, &c.pos); err != nil {
			return err
		}
		if fks[k] == nil {
			r := rules[k.table+"\x00"+k.name]
			fks[k] = &ForeignKey{Name: k.name, Table: k.table, RefTable: refTable, OnUpdate: r[0], OnDelete: r[1]}
		}
		cols[k] = append(cols[k], c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ForeignKey, 0, len(fks))
	for k, fk := range fks {
		cs := cols[k]
		sort.Slice(cs, func(i, j int) bool { return cs[i].pos < cs[j].pos })
		for _, c := range cs {
			fk.Columns = append(fk.Columns, c.col)
			fk.RefColumns = append(fk.RefColumns, c.ref)
		}
		out = append(out, *fk)
	}
	sortFKs(out)
	return out, nil
}

// fkRules reads ON UPDATE / ON DELETE of the foreign keys of schema (from
// or to table, when set), keyed by table name + "\x00" + constraint name.
func (s *Store) fkRules(ctx context.Context, schema, table, what string) (map[string][2]string, error) {
	q := sq.Select("TABLE_NAME", "CONSTRAINT_NAME", "UPDATE_RULE", "DELETE_RULE").
		From("information_schema.REFERENTIAL_CONSTRAINTS").
		Where(inSchema("CONSTRAINT_SCHEMA", schema))
	if table != "" {
		q = q.Where(sq.Or{sq.Eq{"TABLE_NAME": table}, sq.Eq{"REFERENCED_TABLE_NAME": table}})
	}
	rules := map[string][2]string{}
	err := selectEach(ctx, s, what, q, func(rows *sql.Rows) error {
		var t, name, upd, del string
		if err := rows.Scan(&t, &name, &upd, &del); err != nil {
			return err
		}
		rules[t+"\x00"+name] = [2]string{strings.ToUpper(upd), strings.ToUpper(del)}
		return nil
	})
	return rules, err
}

// inSchema compares column with schema, or with DATABASE() when schema is
// empty.
func inSchema(column, schema string) sq.Sqlizer {
	if schema == "" {
		return sq.Expr(column + " = DATABASE()")
	}
	return sq.Eq{column: schema}
}

func sortFKs(fks []ForeignKey) {
	sort.Slice(fks, func(i, j int) bool {
		if fks[i].Table != fks[j].Table {
			return fks[i].Table < fks[j].Table
		}
		return fks[i].Name < fks[j].Name
	})
}
