package store

import (
	"context"
	"database/sql/driver"
	"fmt"
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
type connector struct {
	base     driver.Connector
	readOnly bool
}

// Connect implements driver.Connector.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if c.readOnly {
		ex, ok := dc.(driver.ExecerContext)
		if !ok {
			dc.Close()
			return nil, fmt.Errorf("read-only: the driver connection cannot execute statements")
		}
		if _, err := ex.ExecContext(ctx, setReadOnly, nil); err != nil {
			dc.Close()
			return nil, err
		}
	}
	return &conn{Conn: dc, readOnly: c.readOnly}, nil
}

// Driver implements driver.Connector.
func (c *connector) Driver() driver.Driver { return c.base.Driver() }

// conn forwards to the driver's connection. It implements every optional
// interface the go-sql-driver connection does.
type conn struct {
	driver.Conn
	readOnly bool
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

func (c *conn) guard(query string) error {
	if !c.readOnly {
		return nil
	}
	return readOnlyGuard(query)
}

// Prepare implements driver.Conn.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext implements driver.ConnPrepareContext.
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := c.guard(query); err != nil {
		return nil, err
	}
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

// QueryContext implements driver.QueryerContext.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.guard(query); err != nil {
		return nil, err
	}
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return q.QueryContext(ctx, query, args)
}

// ExecContext implements driver.ExecerContext.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.guard(query); err != nil {
		return nil, err
	}
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return e.ExecContext(ctx, query, args)
}

// BeginTx implements driver.ConnBeginTx; in read-only mode every
// transaction is read-only.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.readOnly {
		opts.ReadOnly = true
	}
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // fallback for drivers without BeginTx
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

// setReadOnly makes a connection's transactions read-only by default.
const setReadOnly = "SET SESSION TRANSACTION READ ONLY"
