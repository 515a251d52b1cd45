package store

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strings"

	sq "github.com/Masterminds/squirrel"
)

// Origin says where a relation comes from.
type Origin int

const (
	// OriginFK is a FOREIGN KEY constraint: the server enforces it.
	OriginFK Origin = iota
	// OriginDeclared is a [[relation]] of the project file.
	OriginDeclared
	// OriginInferred is guessed from a column's name (user_id → users).
	OriginInferred
)

// String is "fk", "declared" or "inferred", as the UI and the project
// file's comments show it.
func (o Origin) String() string {
	switch o {
	case OriginDeclared:
		return "declared"
	case OriginInferred:
		return "inferred"
	}
	return "fk"
}

// Graph is every relation between the tables of a database: the foreign
// keys, the relations the project file declares and those inferred from
// column names. It is the one place relations come from: drill-down,
// relation counts, the user view and the structure view all read it.
type Graph struct {
	// Relations are sorted by table, origin, name and columns.
	Relations []ForeignKey
	// Unresolved lists the columns named like references that were not
	// inferred, with the reason, for a user who wonders why.
	Unresolved []Unresolved
}

// Outgoing returns the relations from table to its parents.
func (g *Graph) Outgoing(table string) []ForeignKey {
	var out []ForeignKey
	for _, r := range g.Relations {
		if r.Table == table {
			out = append(out, r.clone())
		}
	}
	return out
}

// Incoming returns the relations from other tables (or table itself) to
// table.
func (g *Graph) Incoming(table string) []ForeignKey {
	var out []ForeignKey
	for _, r := range g.Relations {
		if r.RefTable == table {
			out = append(out, r.clone())
		}
	}
	return out
}

// Link returns the relation from child to parent on one column that the
// user view follows: a foreign key before a declared relation before an
// inferred one, or nil when there is none.
func (g *Graph) Link(child, parent string) *ForeignKey {
	var best *ForeignKey
	for i := range g.Relations {
		r := &g.Relations[i]
		if r.Table == child && r.RefTable == parent && len(r.Columns) == 1 && (best == nil || r.Origin < best.Origin) {
			best = r
		}
	}
	if best == nil {
		return nil
	}
	c := best.clone()
	return &c
}

// sameColumns reports whether fk and o join the same columns.
func (fk ForeignKey) sameColumns(o ForeignKey) bool {
	return fk.Table == o.Table && fk.RefTable == o.RefTable &&
		slices.Equal(fk.Columns, o.Columns) && slices.Equal(fk.RefColumns, o.RefColumns)
}

func (fk ForeignKey) clone() ForeignKey {
	fk.Columns = slices.Clone(fk.Columns)
	fk.RefColumns = slices.Clone(fk.RefColumns)
	return fk
}

// RelationGraph reads the relations of the selected database: its foreign
// keys, the relations Options.Relations declared (checked when the store
// opened) and those inferred from column names where a FOREIGN KEY is
// missing (see inferRelations). A declared relation overrides the
// inference for its columns. It reads the catalog each time (five
// information_schema queries), so that a schema changed by a push is seen
// at once; callers that need it often keep the result.
func (s *Store) RelationGraph(ctx context.Context) (*Graph, error) {
	tables, err := s.graphTables(ctx)
	if err != nil {
		return nil, err
	}
	fks, err := s.fkCatalog(ctx, "", "")
	if err != nil {
		return nil, err
	}
	byName := map[string]*graphTable{}
	for i := range tables {
		byName[tables[i].Name] = &tables[i]
	}
	// The embedded engine drops backticks from names in
	// KEY_COLUMN_USAGE; use the tables' own spelling.
	for i := range fks {
		if t := byName[fks[i].Table]; t != nil {
			spellColumns(t, fks[i].Columns)
		}
		if t := byName[fks[i].RefTable]; t != nil {
			spellColumns(t, fks[i].RefColumns)
		}
	}
	known := fks
	for _, d := range s.declared {
		if !slices.ContainsFunc(fks, d.sameColumns) {
			known = append(known, d)
		}
	}
	inferred, unresolved := inferRelations(tables, known)
	g := &Graph{Relations: append(known, inferred...), Unresolved: unresolved}
	for i := range g.Relations {
		g.Relations[i] = g.Relations[i].clone()
	}
	sortRelations(g.Relations)
	return g, nil
}

func spellColumns(t *graphTable, cols []string) {
	info := TableInfo{Columns: t.Columns}
	for i, c := range cols {
		cols[i] = info.columnName(c)
	}
}

// sortRelations orders relations by table, origin, name and columns.
func sortRelations(rels []ForeignKey) {
	sort.SliceStable(rels, func(i, j int) bool {
		a, b := rels[i], rels[j]
		if a.Table != b.Table {
			return a.Table < b.Table
		}
		if a.Origin != b.Origin {
			return a.Origin < b.Origin
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return strings.Join(a.Columns, "\x00") < strings.Join(b.Columns, "\x00")
	})
}

// graphTables reads the tables and views of the selected database with
// their columns and primary keys.
func (s *Store) graphTables(ctx context.Context) ([]graphTable, error) {
	var tables []graphTable
	index := map[string]int{}
	q := sq.Select("TABLE_NAME", "TABLE_TYPE").From("information_schema.TABLES").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_TYPE": []string{"BASE TABLE", "VIEW"}})
	err := selectEach(ctx, s, "list tables for the relation graph", q, func(rows *sql.Rows) error {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return err
		}
		index[name] = len(tables)
		tables = append(tables, graphTable{Name: name, View: typ == "VIEW"})
		return nil
	})
	if err != nil {
		return nil, err
	}
	q = sq.Select("TABLE_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE").
		From("information_schema.COLUMNS").
		Where("TABLE_SCHEMA = DATABASE()").
		OrderBy("TABLE_NAME", "ORDINAL_POSITION")
	err = selectEach(ctx, s, "list columns for the relation graph", q, func(rows *sql.Rows) error {
		var table string
		var c Column
		if err := rows.Scan(&table, &c.Name, &c.Type, &c.DataType); err != nil {
			return err
		}
		if i, ok := index[table]; ok {
			c.DataType = strings.ToLower(c.DataType)
			tables[i].Columns = append(tables[i].Columns, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	type part struct {
		seq  int
		name string
	}
	parts := map[int][]part{}
	q = sq.Select("TABLE_NAME", "COLUMN_NAME", "SEQ_IN_INDEX").
		From("information_schema.STATISTICS").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"INDEX_NAME": "PRIMARY"})
	err = selectEach(ctx, s, "list primary keys for the relation graph", q, func(rows *sql.Rows) error {
		var table string
		var col sql.NullString
		var seq int
		if err := rows.Scan(&table, &col, &seq); err != nil {
			return err
		}
		if i, ok := index[table]; ok && col.Valid {
			parts[i] = append(parts[i], part{seq, col.String})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, ps := range parts {
		sort.Slice(ps, func(a, b int) bool { return ps[a].seq < ps[b].seq })
		info := TableInfo{Columns: tables[i].Columns}
		for _, p := range ps {
			tables[i].PrimaryKey = append(tables[i].PrimaryKey, info.columnName(p.name))
		}
	}
	return tables, nil
}
