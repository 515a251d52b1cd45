package store

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// Describe reads everything the catalog knows about table: its columns in
// order, its indexes, its primary key (possibly composite; empty when it
// has none), the relations it holds (Outgoing) and those of other tables
// that point to it (Incoming) from the relation graph (RelationGraph:
// foreign keys, declared and inferred relations, each with its Origin),
// composite keys included with their columns in ordinal order. A view is described too (View set), with the primary
// key of its base table when it selects that key plainly (see viewKey). A
// missing table gives an ErrNoTable error naming it.
func (s *Store) Describe(ctx context.Context, table string) (*TableInfo, error) {
	info, err := s.describeTable(ctx, table)
	if err != nil {
		return nil, err
	}
	if info.View, err = s.isView(ctx, table); err != nil {
		return nil, err
	}
	if info.View {
		s.viewKey(ctx, info)
	}
	return info, nil
}

// describeTable is Describe without looking at views.
func (s *Store) describeTable(ctx context.Context, table string) (*TableInfo, error) {
	info, err := s.describeKeys(ctx, table)
	if err != nil {
		return nil, err
	}
	if info.Outgoing, info.Incoming, err = s.foreignKeys(ctx, info); err != nil {
		return nil, err
	}
	return info, nil
}

// describeKeys is describeTable without the relations (which read the
// whole database's catalog): the columns, the indexes and the primary key.
func (s *Store) describeKeys(ctx context.Context, table string) (*TableInfo, error) {
	info := &TableInfo{Name: table}
	var err error
	if info.Columns, err = s.columns(ctx, table); err != nil {
		return nil, err
	}
	if len(info.Columns) == 0 {
		return nil, s.wrap(noTable(nil, table, s.cfg), "describe %s", table)
	}
	if info.Indexes, err = s.indexes(ctx, info); err != nil {
		return nil, err
	}
	for _, ix := range info.Indexes {
		if ix.Primary {
			info.PrimaryKey = ix.Columns
		}
	}
	return info, nil
}

func (s *Store) columns(ctx context.Context, table string) ([]Column, error) {
	q := sq.Select("COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE", "IS_NULLABLE",
		"COLUMN_DEFAULT", "COLUMN_KEY", "EXTRA", "COLUMN_COMMENT").
		From("information_schema.COLUMNS").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_NAME": table}).
		OrderBy("ORDINAL_POSITION")
	return selectRows(ctx, s, "list columns of "+table, q, func(rows *sql.Rows) (Column, error) {
		var c Column
		var nullable string
		var def sql.NullString
		if err := rows.Scan(&c.Name, &c.Type, &c.DataType, &nullable, &def, &c.Key, &c.Extra, &c.Comment); err != nil {
			return c, err
		}
		c.DataType = strings.ToLower(c.DataType)
		c.Nullable = strings.EqualFold(nullable, "YES")
		if def.Valid {
			d := normalizeDefault(def.String)
			c.Default = &d
		}
		c.Binary = binaryTypes[c.DataType]
		return c, nil
	})
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
	q := sq.Select("INDEX_NAME", "NON_UNIQUE", "SEQ_IN_INDEX", "COLUMN_NAME").
		From("information_schema.STATISTICS").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_NAME": info.Name})
	type part struct {
		seq  int
		name string
	}
	byName := map[string]*Index{}
	parts := map[string][]part{}
	err := selectEach(ctx, s, "list indexes of "+info.Name, q, func(rows *sql.Rows) error {
		var name string
		var nonUnique, seq int
		var col sql.NullString
		if err := rows.Scan(&name, &nonUnique, &seq, &col); err != nil {
			return err
		}
		if !col.Valid { // a functional index part (MySQL 8): no column to show
			return nil
		}
		if byName[name] == nil {
			byName[name] = &Index{Name: name, Unique: nonUnique == 0, Primary: name == "PRIMARY"}
		}
		parts[name] = append(parts[name], part{seq, info.columnName(col.String)})
		return nil
	})
	if err != nil {
		return nil, err
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

// foreignKeys reads the relations from and to info's table from the
// relation graph (foreign keys, declared and inferred relations), with
// column names matched to the table's own (see columnName).
func (s *Store) foreignKeys(ctx context.Context, info *TableInfo) (out, in []ForeignKey, err error) {
	g, err := s.RelationGraph(ctx)
	if err != nil {
		return nil, nil, err
	}
	out, in = g.Outgoing(info.Name), g.Incoming(info.Name)
	for i := range out {
		for j, c := range out[i].Columns {
			out[i].Columns[j] = info.columnName(c)
		}
	}
	for i := range in {
		for j, c := range in[i].RefColumns {
			in[i].RefColumns[j] = info.columnName(c)
		}
	}
	return out, in, nil
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
