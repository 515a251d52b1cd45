package export

import (
	"context"

	"github.com/demobots/demobots-tui/store"
)

// ResultSource is a query result (store.Result, whose columns are a
// field) as a Source; Close closes the result. Run the query on a session
// with whole values (Session.SetWholeValues(true)): Write refuses the
// prefix of a long value.
type ResultSource struct{ Result *store.Result }

// Columns describes the result's rows.
func (s ResultSource) Columns() []store.Column { return s.Result.Columns }

// Next returns up to n more rows; none at the end.
func (s ResultSource) Next(ctx context.Context, n int) ([]store.Row, error) {
	return s.Result.Next(ctx, n)
}

// Close closes the result.
func (s ResultSource) Close() error { return s.Result.Close() }
