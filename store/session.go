package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	sq "github.com/Masterminds/squirrel"
)

// killTimeout bounds a KILL QUERY and the wait for a killed query to end.
const killTimeout = 5 * time.Second

// Session runs SQL typed by a user on a connection of its own, taken from
// the pool for as long as the session lives: the connection's state (a
// transaction, session variables, USE) carries from one statement to the
// next, and its CONNECTION_ID() lets another connection stop a running
// statement with KILL QUERY. Reads stream (see Result); writes run inside
// a transaction that stays open until Commit or Rollback; DDL runs on its
// own (MySQL commits it implicitly).
//
// A session runs one statement at a time: Query closes the previous
// result first. Its methods are safe to call from several goroutines;
// Kill and Result.Kill in particular may be called while another goroutine
// waits in Query or Result.Next.
type Session struct {
	s    *Store
	conn *sql.Conn // replaced when it breaks (see usable); guarded by mu
	id   atomic.Uint64
	// ctx lives as long as the session: the driver ties open rows and the
	// transaction to the context they started with, so they must not end
	// with the caller's context (which only triggers a KILL).
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex // guards tx, changed, res, closed
	tx      *sql.Tx
	changed int64 // rows the open transaction changed
	res     *Result
	closed  bool
	broken  atomic.Bool // the connection was cut: the session cannot run more

	killMu sync.Mutex  // one KILL at a time
	killed atomic.Bool // a KILL was sent for the statement running now
	whole  atomic.Bool // results carry whole values (SetWholeValues)
}

// SetWholeValues makes the session's next results carry every value
// whole, however long, instead of the prefix the console shows: for
// output that must be complete (a CSV file, say). A result still holds at
// most ReadAhead rows, each with all its values.
func (se *Session) SetWholeValues(on bool) { se.whole.Store(on) }

// sessionPool is where sessions take their connections: a pool of its
// own, like the store's but without the read timeout and with dates left
// as text. A statement typed
// by a user may rightly run for minutes before its first row; Esc (KILL
// QUERY) stops it instead of a timeout that would cut the connection.
//
// The long-transaction pool (Store.LongConn) is one too, with the same
// configuration as the store's but for the read timeout: keepTimes.
type sessionPool struct {
	once      sync.Once
	db        *sql.DB
	err       error
	keepTimes bool // parse dates and times as the store's pool does
}

func (p *sessionPool) get(s *Store) (*sql.DB, error) {
	p.once.Do(func() {
		cfg := s.cfg.Clone()
		cfg.ReadTimeout = 0
		// Dates and times come as the text the server writes (with the
		// column's fractional digits, zero dates included): parsing them
		// only to print them back cost a fifth of reading a result.
		cfg.ParseTime = p.keepTimes && cfg.ParseTime
		conn, err := newConnector(cfg, s.opts)
		if err != nil {
			p.err = err
			return
		}
		p.db = sql.OpenDB(conn)
		p.db.SetMaxIdleConns(1)
		p.db.SetConnMaxIdleTime(time.Minute)
	})
	if p.db == nil && p.err == nil {
		return nil, errors.New("the store is closed")
	}
	return p.db, p.err
}

func (p *sessionPool) close() {
	p.once.Do(func() {}) // no pool is made after Close
	if p.db != nil {
		_ = p.db.Close()
	}
}

// LongConn is a connection for one long write transaction (a seed, a
// reset): the store's configuration without its read timeout. Committing
// millions of rows, or reading them right after (TiDB resolves the locks
// of a large transaction's keys as they are read), may rightly take more
// than a minute; a read timeout would then cut the connection with the
// outcome of a COMMIT unknown. ctx bounds it instead: cancelling ctx
// closes the connection, and the server rolls back what it had not
// committed.
func (s *Store) LongConn(ctx context.Context) (*sql.Conn, error) {
	return s.long.conn(ctx, s, "open a connection for a long transaction")
}

// conn takes a connection of the pool; what names it in errors.
func (p *sessionPool) conn(ctx context.Context, s *Store, what string) (*sql.Conn, error) {
	db, err := p.get(s)
	if err != nil {
		return nil, wrapOp(err, what)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "%s", what)
	}
	return conn, nil
}

// Session opens a session on a dedicated connection and reads its
// connection id.
func (s *Store) Session(ctx context.Context) (*Session, error) {
	conn, err := s.sessions.conn(ctx, s, "open a connection for the console")
	if err != nil {
		return nil, err
	}
	var id uint64
	if err := scanOne(ctx, conn, sq.Select("CONNECTION_ID()"), &id); err != nil {
		_ = conn.Close()
		return nil, s.wrapCtx(ctx, err, "read the console connection's id")
	}
	sctx, cancel := context.WithCancel(context.Background())
	se := &Session{s: s, conn: conn, ctx: sctx, cancel: cancel}
	se.id.Store(id)
	return se, nil
}

// ID is the connection id (CONNECTION_ID()) of the session's connection.
func (se *Session) ID() uint64 { return se.id.Load() }

// InTransaction reports whether a transaction is open, and how many rows
// it changed so far.
func (se *Session) InTransaction() (bool, int64) {
	se.mu.Lock()
	defer se.mu.Unlock()
	return se.tx != nil, se.changed
}

// Query runs one statement (see Classify) and returns its result:
//
//   - a read (and SET, USE, other statements) streams: the Result's
//     Columns are known, its rows come with Next; the result stays open,
//     holding the connection, until it is read to the end or closed;
//   - a write runs inside the session's transaction, begun for it if none
//     is open; the Result says how many rows it changed and nothing is
//     committed until Commit;
//   - DDL runs on its own; it is refused while a transaction is open,
//     since MySQL would commit that transaction with it;
//   - COMMIT and ROLLBACK end the session's transaction, BEGIN starts one.
//
// When ctx ends before the statement does, the statement is stopped on
// the server with KILL QUERY and Query returns an ErrCanceled error. A
// read-only store refuses everything but reads with ErrReadOnly.
func (se *Session) Query(ctx context.Context, sqlText string) (*Result, error) {
	st := Classify(sqlText)
	what := "run " + verbOf(st)
	if st.Text == "" {
		return nil, wrapOp(&Error{Kind: ErrBadQuery, Msg: "there is no statement to run"}, what)
	}
	se.closeResult()
	se.mu.Lock()
	defer se.mu.Unlock()
	if err := se.usable(ctx); err != nil {
		return nil, wrapOp(err, what)
	}
	if se.s.opts.ReadOnly {
		if err := readOnlyGuard(st.Text); err != nil {
			return nil, wrapOp(err, what)
		}
	}
	se.killed.Store(false)
	switch st.Kind {
	case KindWrite:
		return se.write(ctx, st, what)
	case KindDDL:
		if se.tx != nil {
			return nil, wrapOp(&Error{Kind: ErrBadQuery, Msg: fmt.Sprintf(
				"a transaction is open (%s changed): commit or roll back before %s, which MySQL would commit along with it",
				plural(se.changed, "row"), st.Verb)}, what)
		}
		return se.exec(ctx, st, what, se.conn)
	case KindTransaction:
		return se.transaction(ctx, st, what)
	}
	return se.stream(ctx, st, what)
}

// write runs a data-changing statement in the session's transaction.
func (se *Session) write(ctx context.Context, st Classified, what string) (*Result, error) {
	began := false
	if se.tx == nil {
		// The transaction lives on the session's context: the caller's may
		// end as soon as this statement returns.
		tx, err := se.conn.BeginTx(se.ctx, nil)
		if err != nil {
			return nil, se.fail(ctx, err, what)
		}
		se.tx, se.changed, began = tx, 0, true
	}
	res, err := se.exec(ctx, st, what, se.tx)
	if err != nil {
		if began {
			// Nothing else is in the transaction: end it, so that the
			// failed statement leaves no transaction to decide on.
			_ = se.tx.Rollback()
			se.tx = nil
		}
		return nil, err
	}
	se.changed += res.RowsAffected
	res.InTransaction = true
	return res, nil
}

// execer runs a statement that returns no rows: *sql.Conn and *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// exec runs a statement that returns no rows; a KILL stops it when ctx
// ends first.
func (se *Session) exec(ctx context.Context, st Classified, what string, on execer) (*Result, error) {
	qctx, cancel := context.WithCancel(se.ctx)
	defer cancel()
	stop := se.watch(ctx, cancel)
	res, err := on.ExecContext(qctx, st.Text)
	stop()
	if err != nil {
		return nil, se.fail(ctx, err, what)
	}
	n, _ := res.RowsAffected()
	r := se.finished(st)
	r.RowsAffected = n
	return r, nil
}

// finished is the result of a statement that returned no rows.
func (se *Session) finished(st Classified) *Result {
	pumped := make(chan struct{})
	close(pumped)
	return &Result{Statement: st, se: se, done: true, pumped: pumped}
}

// transaction runs BEGIN, COMMIT and ROLLBACK against the session's own
// transaction, so that it always knows whether one is open.
func (se *Session) transaction(ctx context.Context, st Classified, what string) (*Result, error) {
	switch st.Verb {
	case "BEGIN":
		if se.tx == nil {
			tx, err := se.conn.BeginTx(se.ctx, nil)
			if err != nil {
				return nil, se.fail(ctx, err, what)
			}
			se.tx, se.changed = tx, 0
		}
		r := se.finished(st)
		r.InTransaction = true
		return r, nil
	case "COMMIT", "ROLLBACK":
		n, err := se.endLocked(ctx, st.Verb == "COMMIT")
		if err != nil {
			return nil, err
		}
		r := se.finished(st)
		r.RowsAffected = n
		return r, nil
	}
	// SAVEPOINT and friends act on the open transaction.
	var on execer = se.conn
	if se.tx != nil {
		on = se.tx
	}
	return se.exec(ctx, st, what, on)
}

// stream starts a statement whose rows are read with Result.Next.
func (se *Session) stream(ctx context.Context, st Classified, what string) (*Result, error) {
	qctx, cancel := context.WithCancel(se.ctx)
	var (
		rows *sql.Rows
		err  error
	)
	stop := se.watch(ctx, cancel)
	if se.tx != nil {
		rows, err = se.tx.QueryContext(qctx, st.Text)
	} else {
		rows, err = se.conn.QueryContext(qctx, st.Text)
	}
	stop()
	if err != nil {
		cancel()
		return nil, se.fail(ctx, err, what)
	}
	r, err := newResult(se, st, rows, cancel)
	if err != nil {
		_ = rows.Close()
		cancel()
		return nil, se.fail(ctx, err, what)
	}
	se.res = r
	return r, nil
}

// Commit commits the open transaction and returns the number of rows it
// changed; without one it does nothing.
func (se *Session) Commit(ctx context.Context) (int64, error) {
	se.closeResult()
	se.mu.Lock()
	defer se.mu.Unlock()
	return se.endLocked(ctx, true)
}

// Rollback rolls the open transaction back and returns the number of rows
// it had changed; without one it does nothing.
func (se *Session) Rollback(ctx context.Context) (int64, error) {
	se.closeResult()
	se.mu.Lock()
	defer se.mu.Unlock()
	return se.endLocked(ctx, false)
}

func (se *Session) endLocked(ctx context.Context, commit bool) (int64, error) {
	if se.tx == nil {
		return 0, nil
	}
	tx, n := se.tx, se.changed
	se.tx, se.changed = nil, 0
	if commit {
		if err := tx.Commit(); err != nil {
			return 0, se.fail(ctx, err, "commit")
		}
		return n, nil
	}
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return 0, se.fail(ctx, err, "roll back")
	}
	return n, nil
}

// Kill stops the statement the session is running, on the server: it
// sends KILL QUERY with the session's connection id from another
// connection of the pool. Closing the client side would not do: the
// server would go on running the statement until it next writes to the
// connection. Killing an idle session does nothing.
func (se *Session) Kill(ctx context.Context) error {
	se.killMu.Lock()
	defer se.killMu.Unlock()
	se.killed.Store(true)
	// The id is the server's own number, not user input: it is formatted,
	// since KILL takes no placeholder on every engine.
	id := se.id.Load()
	if _, err := se.s.db.ExecContext(ctx, killQuery+strconv.FormatUint(id, 10)); err != nil {
		return se.s.wrapCtx(ctx, err, "stop the running query (KILL QUERY %d)", id)
	}
	return nil
}

// watch kills the running statement when ctx ends before the returned
// stop is called; stop waits for a KILL in flight, so that it cannot hit
// the session's next statement. When the KILL itself fails (the server
// went away), cut cancels the statement's context, which makes the driver
// close the connection: the last resort, since the session then needs a
// new one.
func (se *Session) watch(ctx context.Context, cut context.CancelFunc) (stop func()) {
	done := make(chan struct{})
	after := context.AfterFunc(ctx, func() {
		defer close(done)
		kctx, cancel := context.WithTimeout(context.Background(), killTimeout)
		defer cancel()
		if err := se.Kill(kctx); err != nil && cut != nil {
			se.broken.Store(true)
			cut()
		}
	})
	return func() {
		if !after() {
			<-done
		}
	}
}

// fail turns an error of a statement into the store's: a statement that
// was killed, or whose caller gave up, is ErrCanceled whatever the server
// said. A broken connection marks the session for a new one.
func (se *Session) fail(ctx context.Context, err error, what string) error {
	if IsConnError(err) {
		se.broken.Store(true)
	}
	if se.killed.Load() || ctx.Err() != nil {
		return wrapOp(&Error{Kind: ErrCanceled, Err: err, Msg: "cancelled: the server stopped the query"}, what)
	}
	return se.s.wrap(err, "%s", what)
}

// usable makes the session ready for its next statement. A connection
// that broke (the embedded engine closes it when a statement is stopped
// in the middle of its rows; a server may restart) is replaced by a new
// one, with a new id; the transaction it held is lost, which is an error
// the caller must see once.
func (se *Session) usable(ctx context.Context) error {
	if se.closed {
		return &Error{Kind: ErrBadQuery, Msg: "the console session is closed"}
	}
	if !se.broken.Load() {
		return nil
	}
	lost := se.tx != nil
	se.tx, se.changed = nil, 0
	_ = se.conn.Close()
	db, err := se.s.sessions.get(se.s)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return se.s.wrapCtx(ctx, err, "open a new connection for the console")
	}
	var id uint64
	if err := scanOne(ctx, conn, sq.Select("CONNECTION_ID()"), &id); err != nil {
		_ = conn.Close()
		return se.s.wrapCtx(ctx, err, "read the console connection's id")
	}
	se.conn = conn
	se.id.Store(id)
	se.broken.Store(false)
	if lost {
		return &Error{Kind: ErrServerGone, Msg: "the console's connection was lost with a transaction open: the server rolled its changes back; run the statements again"}
	}
	return nil
}

// closeResult closes the result still open on the session, if any.
func (se *Session) closeResult() {
	se.mu.Lock()
	r := se.res
	se.mu.Unlock()
	if r != nil {
		_ = r.Close()
	}
}

// Close ends the session: it stops and closes an open result, rolls back
// an open transaction and gives the connection back.
func (se *Session) Close() error {
	se.closeResult()
	se.mu.Lock()
	defer se.mu.Unlock()
	if se.closed {
		return nil
	}
	se.closed = true
	if se.tx != nil {
		_ = se.tx.Rollback()
		se.tx = nil
	}
	se.cancel()
	return se.conn.Close()
}

// verbOf names a statement in errors: its verb, or "the statement".
func verbOf(st Classified) string {
	if st.Verb == "" {
		return "the statement"
	}
	return st.Verb
}

// plural is "1 row", "2 rows".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}

// killQuery stops the statement running on a connection, leaving the
// connection open; the connection id follows.
const killQuery = "KILL QUERY "
