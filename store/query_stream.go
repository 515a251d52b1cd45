package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ReadAhead is the most rows a Result reads from the server before they
// are asked for: it keeps the connection busy while the caller works on
// the rows it has, and bounds what a result holds to ReadAhead rows
// however many the query returns.
const ReadAhead = 64

// Result is the outcome of one statement run by a Session (or by
// Store.Query). A statement that returns rows streams them: the server
// sends them as Next asks for them (at most ReadAhead rows ahead), so a
// result of millions of rows costs the memory of the rows the caller
// keeps. Long values carry only their first CellPrefixBytes bytes, with
// their length (Value.Size, Value.Truncated), like table pages.
//
// A result must be closed (Close), which stops a statement still sending
// rows on the server; reading it to the end also ends it.
type Result struct {
	// Columns are the columns of the rows, as the driver reports them;
	// nil for a statement that returns no rows.
	Columns []Column
	// Statement is the statement that ran.
	Statement Classified
	// RowsAffected is the number of rows a write changed (for COMMIT and
	// ROLLBACK: the rows the transaction had changed).
	RowsAffected int64
	// InTransaction is true when the statement changed rows inside the
	// session's open transaction: nothing is permanent until
	// Session.Commit.
	InTransaction bool

	se     *Session
	rows   *sql.Rows
	cancel context.CancelFunc // cuts the connection: the last resort of Close
	whole  bool               // values are kept whole, not cut to a prefix
	items  chan item
	stop   chan struct{}
	pumped chan struct{} // closed when the reading goroutine is done

	mu     sync.Mutex // one Next at a time; guards what follows
	read   int64
	done   bool
	err    error
	closed bool
	// own: the result has its session to itself (Store.Query) and closes
	// it with the result.
	own bool
}

// item is one row read from the server, or the end of the rows.
type item struct {
	row Row
	end bool
	err error
}

// newResult starts reading rows in the background.
func newResult(se *Session, st Classified, rows *sql.Rows, cancel context.CancelFunc) (*Result, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	r := &Result{Statement: st, se: se, rows: rows, cancel: cancel, whole: se.whole.Load(),
		items: make(chan item, ReadAhead), stop: make(chan struct{}), pumped: make(chan struct{})}
	if len(types) == 0 {
		// SET, USE and the like: no rows will come. The rows are at their
		// end; closing them now frees the connection.
		r.done = true
		close(r.pumped)
		r.err = rows.Close()
		return r, r.err
	}
	r.Columns = make([]Column, len(types))
	for i, ct := range types {
		r.Columns[i] = resultColumn(ct)
	}
	go r.pump()
	return r, nil
}

// resultColumn describes a result column by the driver's column type, in
// the terms of the catalog's Column (DataType lower case, Binary for bytes,
// the precision of decimals and fractional seconds in Type).
func resultColumn(ct *sql.ColumnType) Column {
	name := strings.ToLower(ct.DatabaseTypeName())
	unsigned := strings.HasPrefix(name, "unsigned ")
	dt := strings.TrimPrefix(name, "unsigned ")
	if dt == "" {
		dt = "unknown"
	}
	col := Column{Name: ct.Name(), DataType: dt, Type: dt, Binary: binaryTypes[dt]}
	if p, s, ok := ct.DecimalSize(); ok {
		switch dt {
		case "decimal":
			col.Type = fmt.Sprintf("decimal(%d,%d)", p, s)
		case "datetime", "timestamp", "time":
			if s > 0 && s <= 6 {
				col.Type = fmt.Sprintf("%s(%d)", dt, s)
			}
		}
	}
	if unsigned {
		col.Type += " unsigned"
	}
	col.Nullable, _ = ct.Nullable()
	return col
}

// pump reads the rows into items until they end, fail or Close stops it.
func (r *Result) pump() {
	defer close(r.pumped)
	send := func(it item) bool {
		select {
		case r.items <- it:
			return true
		case <-r.stop:
			return false
		}
	}
	n := len(r.Columns)
	raw := make([]sql.RawBytes, n)
	dest := make([]any, n)
	for i := range dest {
		dest[i] = &raw[i]
	}
	for r.rows.Next() {
		if err := r.rows.Scan(dest...); err != nil {
			send(item{end: true, err: err})
			return
		}
		if !send(item{row: r.copyRow(raw)}) {
			return
		}
	}
	send(item{end: true, err: r.rows.Err()})
}

// copyRow copies a row the driver holds only until the next one: every
// value in one allocation, whole when it is short (or whole values are
// asked for), else its first CellPrefixBytes bytes (cut at a character
// boundary for text) with its length.
func (r *Result) copyRow(raw []sql.RawBytes) Row {
	row := make(Row, len(raw))
	total := 0
	for i, b := range raw {
		total += len(r.keep(i, b))
	}
	buf := make([]byte, 0, total)
	for i, b := range raw {
		if b == nil {
			row[i] = Value{Null: true}
			continue
		}
		kept := r.keep(i, b)
		start := len(buf)
		buf = append(buf, kept...)
		row[i] = Value{Bytes: buf[start:len(buf):len(buf)], Size: int64(len(b)), Truncated: len(kept) < len(b)}
	}
	return row
}

// keep is the part of value b of column i a row keeps.
func (r *Result) keep(i int, b sql.RawBytes) []byte {
	if r.whole || len(b) <= CellPrefixBytes {
		return b
	}
	cut := CellPrefixBytes
	if !r.Columns[i].Binary {
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
	}
	return b[:cut]
}

// HasRows reports whether the statement returns rows (Columns is set).
func (r *Result) HasRows() bool { return len(r.Columns) > 0 }

// Next returns the next rows, at most n, waiting until n have come or the
// rows end. See NextWithin.
func (r *Result) Next(ctx context.Context, n int) ([]Row, error) {
	return r.NextWithin(ctx, n, 0)
}

// NextWithin returns the next rows, at most n. It returns when n rows
// have come, when the rows end (Done is then true), or — when wait is
// positive and at least one row has come — once wait has passed, so rows
// that a slow query sends one by one show as they come. After the end it
// returns no rows and the error the rows ended with, if any.
//
// When ctx ends first, the statement is stopped on the server (KILL
// QUERY) and NextWithin returns the rows it has with an ErrCanceled error;
// the result is then done.
func (r *Result) NextWithin(ctx context.Context, n int, wait time.Duration) ([]Row, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done || r.closed {
		return nil, r.err
	}
	var out []Row
	err := r.take(ctx, n, wait, func(row Row) { out = append(out, row) })
	return out, err
}

// Skip reads and drops the next n rows (all of them when n < 0) and says
// how many it dropped; it holds none of them. Errors and cancellation are
// as for NextWithin.
func (r *Result) Skip(ctx context.Context, n int64) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done || r.closed {
		return 0, r.err
	}
	var skipped int64
	limit := int(min(n, int64(^uint(0)>>1)))
	if n < 0 {
		limit = -1
	}
	err := r.take(ctx, limit, 0, func(Row) { skipped++ })
	return skipped, err
}

// take hands up to n rows (all with n < 0) to keep.
func (r *Result) take(ctx context.Context, n int, wait time.Duration, keep func(Row)) error {
	stop := r.se.watch(ctx, r.cancel)
	defer stop()
	var deadline <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		deadline = t.C
	}
	got := 0
	for n < 0 || got < n {
		var it item
		if got > 0 && deadline != nil {
			select {
			case it = <-r.items:
			case <-deadline:
				return nil
			case <-ctx.Done():
				return r.end(ctx, ctx.Err())
			}
		} else {
			select {
			case it = <-r.items:
			case <-ctx.Done():
				return r.end(ctx, ctx.Err())
			}
		}
		if it.end {
			return r.end(ctx, it.err)
		}
		keep(it.row)
		got++
		r.read++
	}
	return nil
}

// end marks the rows read to the end, or failed.
func (r *Result) end(ctx context.Context, err error) error {
	r.done = true
	if err != nil {
		r.err = r.se.fail(ctx, err, "read rows of "+verbOf(r.Statement))
	}
	return r.err
}

// Read is the number of rows Next and Skip have returned so far.
func (r *Result) Read() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.read
}

// Done reports whether every row has been read (or reading failed).
func (r *Result) Done() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.done
}

// Buffered is the number of rows read from the server and not yet asked
// for: at most ReadAhead.
func (r *Result) Buffered() int { return len(r.items) }

// Kill stops the statement on the server (see Session.Kill), if it is
// still sending rows; a Next waiting for rows then returns ErrCanceled.
func (r *Result) Kill(ctx context.Context) error {
	select {
	case <-r.pumped:
		return nil // every row has come: nothing runs any more
	default:
	}
	return r.se.Kill(ctx)
}

// Close ends the result. A statement still sending rows is stopped on the
// server with KILL QUERY first — closing the rows alone would make the
// driver read every remaining row — and only if that fails is the
// connection cut, which leaves the session unusable.
func (r *Result) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	r.mu.Unlock()

	select {
	case <-r.pumped:
	default:
		ctx, cancel := context.WithTimeout(context.Background(), killTimeout)
		killErr := r.se.Kill(ctx)
		cancel()
		close(r.stop)
		if killErr != nil || !waitFor(r.pumped, killTimeout) {
			r.cancel() // the driver closes the connection
			r.se.broken.Store(true)
			<-r.pumped
		}
	}
	var err error
	if r.rows != nil {
		err = r.rows.Close()
		if IsConnError(err) {
			r.se.broken.Store(true)
		}
	}
	if r.cancel != nil {
		r.cancel()
	}
	r.se.mu.Lock()
	if r.se.res == r {
		r.se.res = nil
	}
	r.se.mu.Unlock()
	if r.own {
		return r.se.Close()
	}
	if err != nil && r.se.killed.Load() {
		return nil // the error of a statement this Close stopped
	}
	return err
}

// waitFor waits for ch to close, at most d.
func waitFor(ch <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
		return false
	}
}

// Query runs one statement on a session of its own (see Session.Query) and
// returns its result; closing the result closes the session. A write's
// transaction is rolled back then: to commit, use a Session.
func (s *Store) Query(ctx context.Context, sqlText string) (*Result, error) {
	se, err := s.Session(ctx)
	if err != nil {
		return nil, err
	}
	r, err := se.Query(ctx, sqlText)
	if err != nil {
		_ = se.Close()
		return nil, err
	}
	r.own = true
	return r, nil
}
