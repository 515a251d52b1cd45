package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"github.com/go-sql-driver/mysql"
	"log/slog"
	"time"
)

// connector wraps the MySQL driver's connector. In read-only mode its
// connections
//
//   - run SET SESSION TRANSACTION READ ONLY when they
//     open (the one spelling MariaDB, whose variable is tx_read_only,
//     MySQL 8, whose variable is transaction_read_only, and the embedded
//     engine all accept), so MariaDB and MySQL refuse writes and DDL with
//     error 1792; and refuse, before sending them, statements that are not
//     reads (see readOnlyGuard). The embedded engine accepts the session
//     setting but does not enforce it, so the guard is what protects it; on
//     real servers it gives an earlier, clearer error.
//
// With a logger, its connections also log what they send (see queryLog)
// and when they open and close.
type connector struct {
	base     driver.Connector
	readOnly bool
	log      *slog.Logger // nil: nothing is logged
	passwd   string       // kept out of the log
}

// Connect implements driver.Connector.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	var ql *queryLog
	if c.log != nil {
		ql = newQueryLog(c.log, c.passwd)
	}
	start := time.Now()
	dc, err := c.base.Connect(ctx)
	if err != nil {
		if ql != nil {
			ql.event(ctx, slog.LevelWarn, "Connection failed", start, err)
		}
		return nil, err
	}
	if ql != nil {
		ql.event(ctx, slog.LevelInfo, "Connection opened", start, nil)
	}
	if c.readOnly {
		ex, ok := dc.(driver.ExecerContext)
		if !ok {
			_ = dc.Close()
			return nil, fmt.Errorf("read-only: the driver connection cannot execute statements")
		}
		if ql != nil {
			_, err = ql.exec(ctx, ex, setReadOnly, nil)
		} else {
			_, err = ex.ExecContext(ctx, setReadOnly, nil)
		}
		// TiDB accepts read-only transactions only as a no-op, and refuses
		// to pretend (error 1235) unless told to: there the statement guard
		// below is what keeps the session read-only.
		if err != nil && !noopRefused(err) {
			_ = dc.Close()
			return nil, err
		}
	}
	return &conn{Conn: dc, readOnly: c.readOnly, log: ql}, nil
}

// Driver implements driver.Connector.
func (c *connector) Driver() driver.Driver { return c.base.Driver() }

// conn forwards to the driver's connection. It implements every optional
// interface the go-sql-driver connection does.
type conn struct {
	driver.Conn
	readOnly bool
	log      *queryLog // nil: nothing is logged
}

var (
	_ driver.Connector          = (*connector)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
)

// guard refuses a statement that is not a read on a read-only connection
// (and logs the refusal as a failed statement of the given kind).
func (c *conn) guard(ctx context.Context, kind, query string, args int) error {
	if !c.readOnly {
		return nil
	}
	err := readOnlyGuard(query)
	if err != nil && c.log != nil {
		c.log.statement(ctx, kind, query, args, time.Now(), -1, err)
	}
	return err
}

// Prepare implements driver.Conn.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext implements driver.ConnPrepareContext.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := c.guard(ctx, "prepare", query, 0); err != nil {
		return nil, err
	}
	start := time.Now()
	var st driver.Stmt
	var err error
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if c.log == nil || err != nil {
		if err != nil && c.log != nil {
			c.log.statement(ctx, "prepare", query, 0, start, -1, err)
		}
		return st, err
	}
	return &loggedStmt{Stmt: st, q: c.log, sql: query}, nil
}

// QueryContext implements driver.QueryerContext.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.guard(ctx, "query", query, len(args)); err != nil {
		return nil, err
	}
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	if c.log != nil {
		return c.log.query(ctx, q, query, args)
	}
	return q.QueryContext(ctx, query, args)
}

// ExecContext implements driver.ExecerContext.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.guard(ctx, "exec", query, len(args)); err != nil {
		return nil, err
	}
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	if c.log != nil {
		return c.log.exec(ctx, e, query, args)
	}
	return e.ExecContext(ctx, query, args)
}

// BeginTx implements driver.ConnBeginTx; in read-only mode every
// transaction is read-only.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.readOnly {
		opts.ReadOnly = true
	}
	start := time.Now()
	var tx driver.Tx
	var err error
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
		if err != nil && opts.ReadOnly && c.readOnly && noopRefused(err) {
			// TiDB: no read-only transactions; the guard refuses writes.
			opts.ReadOnly = false
			tx, err = b.BeginTx(ctx, opts)
		}
	} else {
		tx, err = c.Conn.Begin() //nolint:staticcheck // fallback for drivers without BeginTx
	}
	if c.log == nil {
		return tx, err
	}
	c.log.event(ctx, slog.LevelDebug, "Transaction began", start, err)
	if err != nil {
		return nil, err
	}
	return &loggedTx{Tx: tx, q: c.log, ctx: ctx, start: start}, nil
}

// Close implements driver.Conn.
func (c *conn) Close() error {
	err := c.Conn.Close()
	if c.log != nil {
		c.log.event(context.Background(), slog.LevelInfo, "Connection closed", time.Time{}, err)
	}
	return err
}

// Ping implements driver.Pinger.
func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// ResetSession implements driver.SessionResetter.
func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// IsValid implements driver.Validator.
func (c *conn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// CheckNamedValue implements driver.NamedValueChecker (the MySQL driver
// accepts uint64 and json.RawMessage arguments through it).
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// noopRefused reports whether err is TiDB's 1235 "has only noop
// implementation".
func noopRefused(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1235
}

// setReadOnly makes a connection's transactions read-only by default.
const setReadOnly = "SET SESSION TRANSACTION READ ONLY"
