package tui

import (
	"context"
	"sync"
	"time"

	"github.com/demobots/demobots-tui/store"
)

// Session is what the query console runs SQL on: a connection of its own
// (store.Session, through storeSession). One statement runs at a time.
type Session interface {
	// Query runs one statement (see store.Session.Query): a read streams,
	// a write runs in the session's transaction.
	Query(ctx context.Context, sqlText string) (ResultStream, error)
	// Explain returns the plan of one statement as rows.
	Explain(ctx context.Context, sqlText string) (ResultStream, error)
	// Commit and Rollback end the open transaction and say how many rows
	// it had changed.
	Commit(ctx context.Context) (int64, error)
	Rollback(ctx context.Context) (int64, error)
	// SetWholeValues makes later results carry long values whole instead
	// of a prefix (an export needs them whole).
	SetWholeValues(on bool)
	// Close ends the session: it stops a running statement, rolls back an
	// open transaction and frees the connection.
	Close() error
}

// ResultStream is the outcome of one statement; its rows stream (see
// store.Result). Ending its context stops the statement on the server.
type ResultStream interface {
	Columns() []store.Column
	Statement() store.Classified
	RowsAffected() int64
	// InTransaction is true for a write held by the open transaction.
	InTransaction() bool
	NextWithin(ctx context.Context, n int, wait time.Duration) ([]store.Row, error)
	Skip(ctx context.Context, n int64) (int64, error)
	Done() bool
	// Close stops a statement still sending rows (KILL QUERY).
	Close() error
}

// sessionOpener is a Store that opens console sessions itself (the tests'
// fake does).
type sessionOpener interface {
	OpenSession(ctx context.Context) (Session, error)
}

// sessionsOf returns how the console opens sessions on st, or nil when st
// cannot (the console then says so).
func sessionsOf(st Store) func(context.Context) (Session, error) {
	switch st := st.(type) {
	case sessionOpener:
		return st.OpenSession
	case *store.Store:
		return func(ctx context.Context) (Session, error) {
			se, err := st.Session(ctx)
			if err != nil {
				return nil, err
			}
			return storeSession{se}, nil
		}
	}
	return nil
}

// storeSession adapts a store.Session to Session.
type storeSession struct{ se *store.Session }

func (s storeSession) Query(ctx context.Context, sqlText string) (ResultStream, error) {
	r, err := s.se.Query(ctx, sqlText)
	if err != nil {
		return nil, err
	}
	return storeResult{r}, nil
}

func (s storeSession) Explain(ctx context.Context, sqlText string) (ResultStream, error) {
	r, err := s.se.Explain(ctx, sqlText)
	if err != nil {
		return nil, err
	}
	return storeResult{r}, nil
}

func (s storeSession) Commit(ctx context.Context) (int64, error)   { return s.se.Commit(ctx) }
func (s storeSession) Rollback(ctx context.Context) (int64, error) { return s.se.Rollback(ctx) }
func (s storeSession) Close() error                                { return s.se.Close() }
func (s storeSession) SetWholeValues(on bool)                      { s.se.SetWholeValues(on) }

// storeResult adapts a store.Result to ResultStream.
type storeResult struct{ r *store.Result }

func (s storeResult) Columns() []store.Column                          { return s.r.Columns }
func (s storeResult) Statement() store.Classified                      { return s.r.Statement }
func (s storeResult) RowsAffected() int64                              { return s.r.RowsAffected }
func (s storeResult) InTransaction() bool                              { return s.r.InTransaction }
func (s storeResult) Done() bool                                       { return s.r.Done() }
func (s storeResult) Close() error                                     { return s.r.Close() }
func (s storeResult) Skip(ctx context.Context, n int64) (int64, error) { return s.r.Skip(ctx, n) }
func (s storeResult) NextWithin(ctx context.Context, n int, wait time.Duration) ([]store.Row, error) {
	return s.r.NextWithin(ctx, n, wait)
}

var (
	_ Session      = storeSession{}
	_ ResultStream = storeResult{}
)

// sessionSet is the console sessions open. Consoles close theirs when they
// leave the stack; Run closes those left when the program ends, which stops
// a statement still running on the server.
type sessionSet struct {
	mu   sync.Mutex
	open map[Session]bool
}

func (s *sessionSet) add(se Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open == nil {
		s.open = map[Session]bool{}
	}
	s.open[se] = true
}

func (s *sessionSet) remove(se Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.open, se)
}

// closeAll closes every open session.
func (s *sessionSet) closeAll() {
	s.mu.Lock()
	open := s.open
	s.open = nil
	s.mu.Unlock()
	for se := range open {
		_ = se.Close()
	}
}
