package store

import (
	"context"
	"database/sql"
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

// Querier runs a query that returns rows: *sql.DB, *sql.Tx and *sql.Conn
// are Queriers.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// QueryEach runs query on q and calls fn once per row, in order; fn reads
// the row with rows.Scan and must not call rows.Next. The rows are always
// closed. The error of the query, of fn or of the iteration (rows.Err) is
// returned as it is, so that the caller adds its context once.
func QueryEach(ctx context.Context, q Querier, query string, args []any, fn func(rows *sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// Close reports what Next could not: an error while discarding the
	// rest of the result.
	return rows.Close()
}

// QueryRows runs query on q and returns what scan makes of each row, in
// order (nil when there is none). Errors are returned as QueryEach returns
// them.
func QueryRows[T any](ctx context.Context, q Querier, query string, args []any, scan func(rows *sql.Rows) (T, error)) ([]T, error) {
	var out []T
	err := QueryEach(ctx, q, query, args, func(rows *sql.Rows) error {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// selectRows builds b, runs it on the store's pool and scans every row;
// an error is reported once, as "store: what: ...".
func selectRows[T any](ctx context.Context, s *Store, what string, b sq.Sqlizer, scan func(rows *sql.Rows) (T, error)) ([]T, error) {
	query, args, err := b.ToSql()
	if err != nil {
		return nil, s.wrap(fmt.Errorf("build query: %w", err), "%s", what)
	}
	out, err := QueryRows(ctx, s.db, query, args, scan)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "%s", what)
	}
	return out, nil
}

// selectEach builds b, runs it on the store's pool and calls fn for every
// row; an error is reported once, as "store: what: ...".
func selectEach(ctx context.Context, s *Store, what string, b sq.Sqlizer, fn func(rows *sql.Rows) error) error {
	query, args, err := b.ToSql()
	if err != nil {
		return s.wrap(fmt.Errorf("build query: %w", err), "%s", what)
	}
	if err := QueryEach(ctx, s.db, query, args, fn); err != nil {
		return s.wrapCtx(ctx, err, "%s", what)
	}
	return nil
}

// selectOne builds b, runs it and scans its first row into dest; no row
// is an ErrNotFound error.
func selectOne(ctx context.Context, s *Store, what string, b sq.Sqlizer, dest ...any) error {
	return s.wrapCtx(ctx, scanOne(ctx, s.db, b, dest...), "%s", what)
}

// scanOne builds b, runs it on q and scans its first row into dest; no row
// is sql.ErrNoRows. Errors are returned as they are.
func scanOne(ctx context.Context, q Querier, b sq.Sqlizer, dest ...any) error {
	query, args, err := b.ToSql()
	if err != nil {
		return fmt.Errorf("build query: %w", err)
	}
	found := false
	err = QueryEach(ctx, q, query, args, func(rows *sql.Rows) error {
		if found {
			return nil
		}
		found = true
		return rows.Scan(dest...)
	})
	if err == nil && !found {
		err = sql.ErrNoRows
	}
	return err
}
