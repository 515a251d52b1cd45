package seeder

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/store"
)

// ErrCommitted is wrapped by the error of Seed or Reset when the failure
// came after COMMIT: the new data (for Reset, the empty tables) is in
// place, and only a follow-up step failed. Every other error of Seed or
// Reset means the transaction was rolled back and the previous data is
// intact, with one exception no client can rule out: when the connection
// breaks during COMMIT itself, the server may have committed before it
// went away — that error wraps ErrCommitUnknown.
var ErrCommitted = errors.New("the new data is committed")

// ErrCommitUnknown is wrapped by the error of Seed or Reset when the
// connection broke while the server was committing: the transaction is
// atomic, so the database holds either all the previous data or all the
// new, but no client can tell which without looking.
var ErrCommitUnknown = errors.New("the server did not confirm the commit: the database holds either all the previous data or all the new (never a mix); look at it before trusting either")

// ErrOutsideReferences is wrapped by the error of Seed or Reset when a
// table that is not one of the demobots tables holds rows whose foreign key
// references them: deleting the demobots rows would delete or change those
// rows (ON DELETE CASCADE, SET NULL, SET DEFAULT) or be refused (RESTRICT,
// NO ACTION). Nothing is changed; the message names the table, the
// constraint and the row count.
var ErrOutsideReferences = errors.New("a table outside the demobots tables references them")

// classifiedError is a seeder error whose cause store.WrapError recognised:
// its text is the seeder's context followed by the readable message
// instead of the raw cause, and it matches both the store's sentinel (and
// *store.Error) and everything the original error matched.
type classifiedError struct {
	msg  string
	kind *store.Error
	err  error
}

func (e *classifiedError) Error() string   { return e.msg }
func (e *classifiedError) Unwrap() []error { return []error{e.kind, e.err} }

// wrapError classifies the cause of err with store.WrapError, keeping the
// seeder's context ("seeder: load scores: ") in front of the readable
// message. When ctx is done before the work was committed, the context's
// error joins the chain, so that a cancellation that surfaced as a broken
// connection still matches context.Canceled.
func wrapError(ctx context.Context, err error, cfg *mysql.Config) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) && !errors.Is(err, ErrCommitted) {
		err = fmt.Errorf("%w: %w", err, cerr)
	}
	var se *store.Error
	if errors.As(err, &se) {
		return err // already classified
	}
	if !errors.As(store.WrapError(err, cfg), &se) {
		return err
	}
	text := err.Error()
	cause := deepestOfKind(err, se.Kind, cfg).Error()
	msg := se.Msg
	if i := strings.LastIndex(text, cause); i >= 0 {
		msg = text[:i] + se.Msg + text[i+len(cause):]
	}
	return &classifiedError{msg: msg, kind: se, err: err}
}

// deepestOfKind returns the innermost error of err's tree that
// store.WrapError classifies as kind: the raw cause whose text the readable
// message replaces.
func deepestOfKind(err, kind error, cfg *mysql.Config) error {
	var next []error
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		next = []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		next = u.Unwrap()
	}
	for _, e := range next {
		if e != nil && errors.Is(store.WrapError(e, cfg), kind) {
			return deepestOfKind(e, kind, cfg)
		}
	}
	return err
}

// commitError is the error of a failed COMMIT (or of the statement that
// stands for one, what): a broken connection leaves its outcome unknown
// (ErrCommitUnknown); any other failure is the server's refusal, and
// nothing changed.
func commitError(what string, err error) error {
	if store.IsConnError(err) {
		return fmt.Errorf("seeder: %s: %w (%w)", what, ErrCommitUnknown, err)
	}
	return fmt.Errorf("seeder: %s: %w", what, err)
}

// swapInstead reports whether a seed or reset that failed with err should
// go again through shadow tables (swap.go): on TiDB, when the server
// refused the one transaction for its size (or a test forces it).
func swapInstead(ctx context.Context, st *store.Store, err error) bool {
	return st.Flavor().Kind == store.FlavorTiDB && ctx.Err() == nil &&
		(forceSwap || err != nil && errors.Is(store.WrapError(err, st.Config()), store.ErrTooLarge))
}
