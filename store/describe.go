package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// Describe reads everything the catalog knows about table: its columns in
// order, its indexes, its primary key (possibly composite; empty when it
// has none), the foreign keys it holds (Outgoing) and those of other tables
// that point to it (Incoming), composite keys included with their columns
// in ordinal order. A missing table gives an ErrNoTable error naming it.
func (s *Store) Describe(ctx context.Context, table string) (*TableInfo, error) {
	info := &TableInfo{Name: table}
	var err error
	if info.Columns, err = s.columns(ctx, table); err != nil {
		return nil, err
	}
	if len(info.Columns) == 0 {
		return nil, fmt.Errorf("store: describe: %w", noTable(nil, table, s.cfg))
	}
	if info.Indexes, err = s.indexes(ctx, info); err != nil {
		return nil, err
	}
	for _, ix := range info.Indexes {
		if ix.Primary {
			info.PrimaryKey = ix.Columns
		}
	}
	if info.Outgoing, info.Incoming, err = s.foreignKeys(ctx, info); err != nil {
		return nil, err
	}
	return info, nil
}

func (s *Store) columns(ctx context.Context, table string) ([]Column, error) {
	query, args, err := sq.Select("COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "IS_NULLABLE",
		"COLUMN_DEFAULT", "COLUMN_KEY", "EXTRA", "COLUMN_COMMENT").
		From("information_schema.COLUMNS").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_NAME": table}).
		OrderBy("ORDINAL_POSITION").
		ToSql()
	if err != nil {
		return nil, s.wrap(err, "build column query")
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "list columns of %s", table)
	}
	defer rows.Close()
	var cols []Column
	for rows.Next() {
		var c Column
		var nullable string
		var def sql.NullString
		if err := rows.Scan(&c.Name, &c.Type, &c.DataType, &nullable, &def, &c.Key, &c.Extra, &c.Comment); err != nil {
			return nil, s.wrapCtx(ctx, err, "list columns of %s", table)
		}
		c.DataType = strings.ToLower(c.DataType)
		c.Nullable = strings.EqualFold(nullable, "YES")
		if def.Valid {
			d := normalizeDefault(def.String)
			c.Default = &d
		}
		c.Binary = binaryTypes[c.DataType]
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrapCtx(ctx, err, "list columns of %s", table)
	}
	return cols, nil
}

// binaryTypes are the data types whose values are bytes, not text.
var binaryTypes = map[string]bool{
	"binary": true, "varbinary": true, "tinyblob": true, "blob": true, "mediumblob": true,
	"longblob": true, "bit": true, "geometry": true, "point": true, "linestring": true,
	"polygon": true, "multipoint": true, "multilinestring": true, "multipolygon": true,
	"geometrycollection": true,
}

// normalizeDefault removes the quotes MariaDB (10.2.7 and later) puts around
// literal defaults, so both servers report 'x' as x. Expressions such as
// current_timestamp() are left as they are.
func normalizeDefault(d string) string {
	if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
		return strings.ReplaceAll(d[1:len(d)-1], "''", "'")
	}
	return d
}

func (s *Store) indexes(ctx context.Context, info *TableInfo) ([]Index, error) {
	query, args, err := sq.Select("INDEX_NAME", "NON_UNIQUE", "SEQ_IN_INDEX", "COLUMN_NAME").
		From("information_schema.STATISTICS").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_NAME": info.Name}).
		ToSql()
	if err != nil {
		return nil, s.wrap(err, "build index query")
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "list indexes of %s", info.Name)
	}
	defer rows.Close()
	type part struct {
		seq  int
		name string
	}
	byName := map[string]*Index{}
	parts := map[string][]part{}
	for rows.Next() {
		var name string
		var nonUnique, seq int
		var col sql.NullString
		if err := rows.Scan(&name, &nonUnique, &seq, &col); err != nil {
			return nil, s.wrapCtx(ctx, err, "list indexes of %s", info.Name)
		}
		if !col.Valid { // a functional index part (MySQL 8): no column to show
			continue
		}
		if byName[name] == nil {
			byName[name] = &Index{Name: name, Unique: nonUnique == 0, Primary: name == "PRIMARY"}
		}
		parts[name] = append(parts[name], part{seq, info.columnName(col.String)})
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrapCtx(ctx, err, "list indexes of %s", info.Name)
	}
	out := make([]Index, 0, len(byName))
	for name, ix := range byName {
		ps := parts[name]
		sort.Slice(ps, func(i, j int) bool { return ps[i].seq < ps[j].seq })
		for _, p := range ps {
			ix.Columns = append(ix.Columns, p.name)
		}
		out = append(out, *ix)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Primary != out[j].Primary {
			return out[i].Primary
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// columnName maps a column name reported by information_schema to the
// table's column. The embedded engine drops backticks from names in
// STATISTICS and KEY_COLUMN_USAGE (`a“b` is reported as ab); match those.
func (t *TableInfo) columnName(reported string) string {
	for _, c := range t.Columns {
		if c.Name == reported {
			return reported
		}
	}
	for _, c := range t.Columns {
		if strings.ReplaceAll(c.Name, "`", "") == reported {
			return c.Name
		}
	}
	return reported
}

func (s *Store) foreignKeys(ctx context.Context, info *TableInfo) (out, in []ForeignKey, err error) {
	rules, err := s.fkRules(ctx, info.Name)
	if err != nil {
		return nil, nil, err
	}
	query, args, err := sq.Select("CONSTRAINT_NAME", "TABLE_NAME", "COLUMN_NAME",
		"REFERENCED_TABLE_NAME", "REFERENCED_COLUMN_NAME", "ORDINAL_POSITION").
		From("information_schema.KEY_COLUMN_USAGE").
		Where("TABLE_SCHEMA = DATABASE()").
		Where("REFERENCED_TABLE_SCHEMA = DATABASE()").
		Where("REFERENCED_TABLE_NAME IS NOT NULL").
		Where(sq.Or{sq.Eq{"TABLE_NAME": info.Name}, sq.Eq{"REFERENCED_TABLE_NAME": info.Name}}).
		ToSql()
	if err != nil {
		return nil, nil, s.wrap(err, "build foreign key query")
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, s.wrapCtx(ctx, err, "list foreign keys of %s", info.Name)
	}
	defer rows.Close()
	type fkCol struct {
		pos      int
		col, ref string
	}
	type key struct{ table, name string }
	fks := map[key]*ForeignKey{}
	cols := map[key][]fkCol{}
	for rows.Next() {
		var k key
		var c fkCol
		var refTable string
		if err := rows.Scan(&k.name, &k.table, &c.col, &refTable, &c.ref, &c.pos); err != nil {
			return nil, nil, s.wrapCtx(ctx, err, "list foreign keys of %s", info.Name)
		}
		if k.table == info.Name {
			c.col = info.columnName(c.col)
		}
		if refTable == info.Name {
			c.ref = info.columnName(c.ref)
		}
		if fks[k] == nil {
			r := rules[k.table+"\x00"+k.name]
			fks[k] = &ForeignKey{Name: k.name, Table: k.table, RefTable: refTable, OnUpdate: r[0], OnDelete: r[1]}
		}
		cols[k] = append(cols[k], c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.wrapCtx(ctx, err, "list foreign keys of %s", info.Name)
	}
	for k, fk := range fks {
		cs := cols[k]
		sort.Slice(cs, func(i, j int) bool { return cs[i].pos < cs[j].pos })
		for _, c := range cs {
			fk.Columns = append(fk.Columns, c.col)
			fk.RefColumns = append(fk.RefColumns, c.ref)
		}
		if fk.Table == info.Name {
			out = append(out, *fk)
		}
		if fk.RefTable == info.Name {
			in = append(in, *fk)
		}
	}
	sortFKs(out)
	sortFKs(in)
	return out, in, nil
}

func sortFKs(fks []ForeignKey) {
	sort.Slice(fks, func(i, j int) bool {
		if fks[i].Table != fks[j].Table {
			return fks[i].Table < fks[j].Table
		}
		return fks[i].Name < fks[j].Name
	})
}

// fkRules reads ON UPDATE / ON DELETE of the foreign keys from and to
// table, keyed by table name + "\x00" + constraint name.
func (s *Store) fkRules(ctx context.Context, table string) (map[string][2]string, error) {
	query, args, err := sq.Select("TABLE_NAME", "CONSTRAINT_NAME", "UPDATE_RULE", "DELETE_RULE").
		From("information_schema.REFERENTIAL_CONSTRAINTS").
		Where("CONSTRAINT_SCHEMA = DATABASE()").
		Where(sq.Or{sq.Eq{"TABLE_NAME": table}, sq.Eq{"REFERENCED_TABLE_NAME": table}}).
		ToSql()
	if err != nil {
		return nil, s.wrap(err, "build foreign key rule query")
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "list foreign key rules of %s", table)
	}
	defer rows.Close()
	rules := map[string][2]string{}
	for rows.Next() {
		var t, name, upd, del string
		if err := rows.Scan(&t, &name, &upd, &del); err != nil {
			return nil, s.wrapCtx(ctx, err, "list foreign key rules of %s", table)
		}
		rules[t+"\x00"+name] = [2]string{upd, del}
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrapCtx(ctx, err, "list foreign key rules of %s", table)
	}
	return rules, nil
}

// Column returns the column named name, or nil.
func (t *TableInfo) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// RowKey returns the columns that identify a row, which keyset pagination
// orders by: the primary key, or else the UNIQUE index whose columns are
// all NOT NULL (the fewest columns, then the first by name). It returns nil
// when the table has neither; Rows then pages by OFFSET.
func (t *TableInfo) RowKey() []string {
	if len(t.PrimaryKey) > 0 {
		return t.PrimaryKey
	}
	var best *Index
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		if !ix.Unique || len(ix.Columns) == 0 {
			continue
		}
		ok := true
		for _, name := range ix.Columns {
			if c := t.Column(name); c == nil || c.Nullable {
				ok = false
				break
			}
		}
		if ok && (best == nil || len(ix.Columns) < len(best.Columns)) {
			best = ix
		}
	}
	if best == nil {
		return nil
	}
	return best.Columns
}
