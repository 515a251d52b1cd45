package store

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// ColumnNames lists the columns of every table and view of the selected
// database, by table, in column order: what the query console completes.
// It is one query, however many tables there are.
func (s *Store) ColumnNames(ctx context.Context) (map[string][]string, error) {
	q := sq.Select("TABLE_NAME", "COLUMN_NAME").
		From("information_schema.COLUMNS").
		Where("TABLE_SCHEMA = DATABASE()").
		OrderBy("TABLE_NAME", "ORDINAL_POSITION")
	out := map[string][]string{}
	err := selectEach(ctx, s, "list the columns of the database", q, func(rows *sql.Rows) error {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return err
		}
		out[table] = append(out[table], col)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
