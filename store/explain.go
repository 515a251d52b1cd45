package store

import (
	"context"
	"errors"
	"fmt"
)

// Explain runs EXPLAIN of one statement on the session and returns the
// plan as a result to read like any other (the statement itself does not
// run). It explains SELECT (and UNION, WITH), INSERT, UPDATE, DELETE and
// REPLACE. The embedded engine answers a plain EXPLAIN with no rows, so
// there it asks for the engine's own plan (EXPLAIN FORMAT=TREE: one column
// of plan lines); where EXPLAIN fails the error says so.
func (se *Session) Explain(ctx context.Context, sqlText string) (*Result, error) {
	st := Classify(sqlText)
	what := "explain " + verbOf(st)
	switch {
	case st.Text == "":
		return nil, wrapOp(&Error{Kind: ErrBadQuery, Msg: "there is no statement to explain"}, what)
	case !explainable(st):
		return nil, wrapOp(&Error{Kind: ErrBadQuery, Msg: fmt.Sprintf(
			"EXPLAIN shows the plan of SELECT, INSERT, UPDATE, DELETE and REPLACE statements, not of %s", verbOf(st))}, what)
	}
	prefix := "EXPLAIN "
	if se.s.flavor.Kind == FlavorEmbedded {
		prefix = "EXPLAIN FORMAT=TREE "
	}
	plan := Classified{Text: prefix + st.Text, Kind: KindRead, Verb: "EXPLAIN", Parsed: st.Parsed}
	se.closeResult()
	se.mu.Lock()
	defer se.mu.Unlock()
	if err := se.usable(ctx); err != nil {
		return nil, wrapOp(err, what)
	}
	se.killed.Store(false)
	r, err := se.stream(ctx, plan, what)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Kind == ErrCanceled {
			return nil, err
		}
		return nil, &opError{op: what, err: &Error{Kind: ErrBadQuery, Err: err, Msg: fmt.Sprintf(
			"%s cannot explain this statement: %s", se.s.flavor, causeText(err))}}
	}
	return r, nil
}

// causeText is an error's message without the store's "store: what: "
// prefix.
func causeText(err error) string {
	var oe *opError
	if errors.As(err, &oe) {
		return oe.err.Error()
	}
	return err.Error()
}

// explainable reports whether EXPLAIN applies to the statement.
func explainable(st Classified) bool {
	switch st.Verb {
	case "SELECT", "UNION", "UNION ALL", "UNION DISTINCT", "INTERSECT", "EXCEPT",
		"INSERT", "UPDATE", "DELETE", "REPLACE":
		return true
	}
	return st.Kind == KindRead && st.Verb == "WITH"
}
