package store

import (
	"strings"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// ResultTable says that the rows of a query result are rows of one table:
// the result holds every column of the table's primary key, as plain
// column references, so each row can be found again in the table (to
// open it as a record, follow its relations, or read a long value whole).
type ResultTable struct {
	// Table is the table's name.
	Table string
	// Key is, for each column of the table's primary key in order, the
	// index of the result column that holds it.
	Key []int
	// Columns is, for each result column, the column of Table it is a
	// plain reference to, or "" (an expression, another table's column).
	Columns []string
}

// source is a table of a FROM clause: a base table of the current
// database (info known) or anything else (another database's table, a
// derived table), known only by its name.
type source struct {
	name, alias string
	info        *TableInfo
}

// origin is where a result column comes from: src's column, or nowhere;
// aliased when the select list renames it (AS name).
type origin struct {
	src     *source
	column  string
	aliased bool
}

// ResultTableOf matches the columns of a result to the tables of the
// statement that produced it. The driver does not report which table a
// result column comes from, so the statement's select list is read
// instead: stars are expanded with the tables' columns (infos, by table
// name), plain column references are resolved through the FROM clause's
// names and aliases. It returns the first table of the FROM clause whose
// whole primary key is in the result, or nil: for anything but a plain
// SELECT, when a name cannot be resolved, or when the select list does
// not line up with the result's columns.
func ResultTableOf(st Classified, cols []Column, infos map[string]*TableInfo) *ResultTable {
	if st.sel == nil || len(cols) == 0 {
		return nil
	}
	var srcs []*source
	if !collectSources(st.sel.From, infos, &srcs) {
		return nil
	}
	var origins []origin
	for _, e := range st.sel.SelectExprs {
		switch e := e.(type) {
		case *sqlparser.StarExpr:
			matched := false
			for _, s := range srcs {
				if !e.TableName.Name.IsEmpty() && !s.named(e.TableName) {
					continue
				}
				if s.info == nil {
					return nil // its columns are unknown: the list cannot be lined up
				}
				matched = true
				for _, c := range s.info.Columns {
					origins = append(origins, origin{src: s, column: c.Name})
				}
			}
			if !matched {
				return nil
			}
		case *sqlparser.AliasedExpr:
			o := resolveColumn(e.Expr, srcs)
			o.aliased = !e.As.IsEmpty()
			origins = append(origins, o)
		default:
			return nil
		}
	}
	if len(origins) != len(cols) {
		return nil
	}
	for i, o := range origins {
		// A plain column keeps its name unless aliased; when the names
		// disagree the list was not lined up as the server did it.
		if o.src != nil && !o.aliased && !strings.EqualFold(cols[i].Name, o.column) {
			return nil
		}
	}
	for _, s := range srcs {
		if s.info == nil || len(s.info.PrimaryKey) == 0 {
			continue
		}
		key := make([]int, 0, len(s.info.PrimaryKey))
		for _, pk := range s.info.PrimaryKey {
			for i, o := range origins {
				if o.src == s && strings.EqualFold(o.column, pk) {
					key = append(key, i)
					break
				}
			}
		}
		if len(key) != len(s.info.PrimaryKey) {
			continue
		}
		rt := &ResultTable{Table: s.info.Name, Key: key, Columns: make([]string, len(cols))}
		for i, o := range origins {
			if o.src == s {
				rt.Columns[i] = o.column
			}
		}
		return rt
	}
	return nil
}

// collectSources lists the tables of a FROM clause in order; false when
// the clause holds something it cannot name.
func collectSources(exprs sqlparser.TableExprs, infos map[string]*TableInfo, out *[]*source) bool {
	for _, te := range exprs {
		switch te := te.(type) {
		case *sqlparser.AliasedTableExpr:
			s := &source{alias: te.As.String()}
			switch t := te.Expr.(type) {
			case sqlparser.TableName:
				s.name = t.Name.String()
				if t.DbQualifier.IsEmpty() {
					s.info = infos[s.name]
				}
			default:
				// A derived table: known by its alias only.
			}
			*out = append(*out, s)
		case *sqlparser.JoinTableExpr:
			if !collectSources(sqlparser.TableExprs{te.LeftExpr, te.RightExpr}, infos, out) {
				return false
			}
		case *sqlparser.ParenTableExpr:
			if !collectSources(te.Exprs, infos, out) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// named reports whether a qualifier names the source: its alias when it
// has one, else its table name.
func (s *source) named(q sqlparser.TableName) bool {
	if s == nil || !q.DbQualifier.IsEmpty() && s.info == nil {
		return false
	}
	if s.alias != "" {
		return q.Name.String() == s.alias
	}
	return q.Name.String() == s.name
}

// resolveColumn finds the source column a select expression is a plain
// reference to; an expression, or a name that fits no source or several,
// has no origin.
func resolveColumn(e sqlparser.Expr, srcs []*source) origin {
	col, ok := e.(*sqlparser.ColName)
	if !ok {
		return origin{}
	}
	name := col.Name.String()
	var found origin
	for _, s := range srcs {
		if !col.Qualifier.Name.IsEmpty() && !s.named(col.Qualifier) {
			continue
		}
		if s.info == nil {
			if !col.Qualifier.Name.IsEmpty() {
				return origin{} // a derived table's column
			}
			continue
		}
		for _, c := range s.info.Columns {
			if strings.EqualFold(c.Name, name) {
				if found.src != nil {
					return origin{} // ambiguous: the server would have refused it
				}
				found = origin{src: s, column: c.Name}
			}
		}
	}
	return found
}

// KeyFilters are the equality filters that find the row of Table a result
// row comes from (for a RowQuery), by its primary key. info describes
// Table.
func (rt *ResultTable) KeyFilters(info *TableInfo, row Row) []Filter {
	out := make([]Filter, 0, len(rt.Key))
	for n, i := range rt.Key {
		name := info.PrimaryKey[n]
		col := info.Column(name)
		if i >= len(row) || col == nil {
			return nil
		}
		if row[i].Null {
			out = append(out, Filter{Column: name, Op: OpIsNull})
			continue
		}
		out = append(out, Filter{Column: name, Op: OpEq, Value: filterText(col, row[i])})
	}
	return out
}

// TableRow is a result row as a row of Table: the result columns that are
// plain references to Table's columns, described and named as in the
// table (info), with their values. FullValue and Relations take it.
func (rt *ResultTable) TableRow(info *TableInfo, row Row) ([]Column, Row) {
	var cols []Column
	var vals Row
	for i, name := range rt.Columns {
		if name == "" || i >= len(row) {
			continue
		}
		if c := info.Column(name); c != nil {
			cols = append(cols, *c)
			vals = append(vals, row[i])
		}
	}
	return cols, vals
}
