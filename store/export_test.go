package store

import (
	"context"
	"database/sql"
)

// ApplyEditsTraced is ApplyEdits that reports each statement, exactly as
// it is sent to the server, just before it runs: tests compare what runs
// with what a review shows.
func ApplyEditsTraced(s *Store, ctx context.Context, plan *EditPlan, trace func(query string, args []any)) error {
	return s.applyEdits(ctx, plan, func(ctx context.Context, tx *sql.Tx, query string, args []any) (sql.Result, error) {
		trace(query, args)
		return tx.ExecContext(ctx, query, args...)
	})
}
