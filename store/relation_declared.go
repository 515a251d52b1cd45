package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/internal/project"
)

// checkDeclared checks that the tables and columns rels name exist in the
// selected database and returns them as relations of OriginDeclared, with
// the catalog's spelling of column names. Each problem is a
// *project.Error naming the file, line and key of the entry; all of them
// are returned together.
func (s *Store) checkDeclared(ctx context.Context, rels []project.Relation) ([]ForeignKey, error) {
	if len(rels) == 0 {
		return nil, nil
	}
	var names []string
	for _, r := range rels {
		names = append(names, r.From.Table, r.To.Table)
	}
	tables, err := s.tableNames(ctx)
	if err != nil {
		return nil, err
	}
	cols := map[string][]string{}
	q := sq.Select("TABLE_NAME", "COLUMN_NAME").From("information_schema.COLUMNS").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_NAME": slices.Compact(slices.Sorted(slices.Values(names)))}).
		OrderBy("TABLE_NAME", "ORDINAL_POSITION")
	err = selectEach(ctx, s, "check the declared relations", q, func(rows *sql.Rows) error {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return err
		}
		cols[t] = append(cols[t], c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []ForeignKey
	var errs []error
	for _, r := range rels {
		from, ferr := s.checkEndpoint(r.From, tables, cols)
		to, terr := s.checkEndpoint(r.To, tables, cols)
		if ferr != nil || terr != nil {
			errs = append(errs, ferr, terr)
			continue
		}
		out = append(out, ForeignKey{Name: r.Name, Table: r.From.Table, Columns: from,
			RefTable: r.To.Table, RefColumns: to, Origin: OriginDeclared})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// checkEndpoint returns the columns of e as the catalog spells them (MySQL
// column names ignore case), or the problem.
func (s *Store) checkEndpoint(e project.Endpoint, tables []string, cols map[string][]string) ([]string, error) {
	if !slices.Contains(tables, e.Table) {
		msg := e.At.Errorf("table %q does not exist in database %s", e.Table, s.cfg.DBName)
		for _, t := range tables {
			if strings.EqualFold(t, e.Table) {
				msg.Problem += ", but " + t + " does (table names are case-sensitive)"
				break
			}
		}
		msg.Problem += ": correct or remove the entry"
		return nil, msg
	}
	have := cols[e.Table]
	out := make([]string, len(e.Columns))
	for i, c := range e.Columns {
		j := slices.IndexFunc(have, func(h string) bool { return strings.EqualFold(h, c) })
		if j < 0 {
			return nil, e.At.Errorf("table %s has no column %q (its columns: %s): correct or remove the entry",
				e.Table, c, strings.Join(have, ", "))
		}
		out[i] = have[j]
	}
	return out, nil
}

// tableNames lists the tables and views of the selected database.
func (s *Store) tableNames(ctx context.Context) ([]string, error) {
	q := sq.Select("TABLE_NAME").From("information_schema.TABLES").
		Where("TABLE_SCHEMA = DATABASE()").
		Where(sq.Eq{"TABLE_TYPE": []string{"BASE TABLE", "VIEW"}})
	return selectRows(ctx, s, "list tables", q, func(rows *sql.Rows) (string, error) {
		var n string
		err := rows.Scan(&n)
		return n, err
	})
}
