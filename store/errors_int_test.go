package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// TestErrorsReadOnce checks that every store error names what the store was
// doing once: no "store: a: store: b: ..." and no repeated context.
func TestErrorsReadOnce(t *testing.T) {
	parallel(t)
	st, _ := newDemobots(t)
	ctx := ctxT(t)
	users, err := st.Describe(ctx, "users")
	if err != nil {
		t.Fatal(err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	bad := store.OffsetCursor(5)
	cases := []struct {
		name string
		kind error
		call func() error
	}{
		{"rows of a missing table", store.ErrNoTable, func() error {
			_, err := st.Rows(ctx, store.RowQuery{Table: "nope"})
			return err
		}},
		{"rows with a foreign cursor", store.ErrBadQuery, func() error {
			_, err := st.RowsOf(ctx, users, store.RowQuery{After: &bad})
			return err
		}},
		{"rows cancelled", store.ErrCanceled, func() error {
			_, err := st.Rows(done, store.RowQuery{Table: "users"})
			return err
		}},
		{"count with a missing column", store.ErrNoColumn, func() error {
			_, err := st.CountMatching(ctx, users, []store.Filter{{Column: "nope", Op: store.OpEq, Value: "1"}})
			return err
		}},
		{"describe a missing table", store.ErrNoTable, func() error {
			_, err := st.Describe(ctx, "nope")
			return err
		}},
		{"create table of a missing table", store.ErrNoTable, func() error {
			_, err := st.CreateTableSQL(ctx, "nope")
			return err
		}},
		{"a missing user", store.ErrNotFound, func() error {
			_, err := st.UserSummary(ctx, 999)
			return err
		}},
		{"relations of a row without its key", store.ErrBadQuery, func() error {
			_, err := st.Relations(ctx, users, nil, store.Row{})
			return err
		}},
		{"foreign keys cancelled", store.ErrCanceled, func() error {
			_, err := st.ForeignKeys(done, "")
			return err
		}},
		{"tables cancelled", store.ErrCanceled, func() error {
			_, err := st.Tables(done)
			return err
		}},
	}
	for _, c := range cases {
		err := c.call()
		if !errors.Is(err, c.kind) {
			t.Errorf("%s: %v, want %v", c.name, err, c.kind)
			continue
		}
		msg := err.Error()
		if n := strings.Count(msg, "store:"); n != 1 {
			t.Errorf("%s: %q says store: %d times", c.name, msg, n)
		}
		if op, rest, ok := strings.Cut(strings.TrimPrefix(msg, "store: "), ": "); !ok || strings.Contains(rest, op) {
			t.Errorf("%s: %q does not read as \"store: what: why\" with what said once", c.name, msg)
		}
	}
}
