package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
)

// A read-only Store is enforced twice:
//
//  1. on the server: every new connection runs SET SESSION TRANSACTION READ
//     ONLY, the one spelling MariaDB (tx_read_only), MySQL 8
//     (transaction_read_only) and the embedded engine all accept, so
//     MariaDB and MySQL refuse writes and DDL with error 1792;
//  2. in the client: the connection refuses, before sending them, statements
//     that are not reads (see readOnlyGuard). The embedded engine accepts
//     the session setting but does not enforce it, so this layer is what
//     protects it; on real servers it only gives an earlier, clearer error.

// readOnlyConnector wraps the driver's connector.
type readOnlyConnector struct {
	base driver.Connector
}

// Connect implements driver.Connector.
func (c *readOnlyConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("read-only: the driver connection cannot execute statements")
	}
	if _, err := ex.ExecContext(ctx, setReadOnly, nil); err != nil {
		conn.Close()
		return nil, err
	}
	return &readOnlyConn{Conn: conn}, nil
}

// Driver implements driver.Connector.
func (c *readOnlyConnector) Driver() driver.Driver { return c.base.Driver() }

// readOnlyConn forwards to the driver's connection, refusing writes. It
// implements every optional interface the go-sql-driver connection does.
type readOnlyConn struct {
	driver.Conn
}

var (
	_ driver.Connector          = (*readOnlyConnector)(nil)
	_ driver.ConnBeginTx        = (*readOnlyConn)(nil)
	_ driver.ConnPrepareContext = (*readOnlyConn)(nil)
	_ driver.QueryerContext     = (*readOnlyConn)(nil)
	_ driver.ExecerContext      = (*readOnlyConn)(nil)
	_ driver.Pinger             = (*readOnlyConn)(nil)
	_ driver.SessionResetter    = (*readOnlyConn)(nil)
	_ driver.Validator          = (*readOnlyConn)(nil)
	_ driver.NamedValueChecker  = (*readOnlyConn)(nil)
)

// Prepare implements driver.Conn.
func (c *readOnlyConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext implements driver.ConnPrepareContext.
func (c *readOnlyConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := readOnlyGuard(query); err != nil {
		return nil, err
	}
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

// QueryContext implements driver.QueryerContext.
func (c *readOnlyConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := readOnlyGuard(query); err != nil {
		return nil, err
	}
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return q.QueryContext(ctx, query, args)
}

// ExecContext implements driver.ExecerContext.
func (c *readOnlyConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := readOnlyGuard(query); err != nil {
		return nil, err
	}
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return e.ExecContext(ctx, query, args)
}

// BeginTx implements driver.ConnBeginTx; every transaction is read-only.
func (c *readOnlyConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	opts.ReadOnly = true
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // fallback for drivers without BeginTx
}

// Ping implements driver.Pinger.
func (c *readOnlyConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// ResetSession implements driver.SessionResetter.
func (c *readOnlyConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// IsValid implements driver.Validator.
func (c *readOnlyConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// CheckNamedValue implements driver.NamedValueChecker (the MySQL driver
// accepts uint64 and json.RawMessage arguments through it).
func (c *readOnlyConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// readOnlyGuard returns an ErrReadOnly error unless every statement in
// query is a read: SELECT, SHOW, DESCRIBE/DESC, EXPLAIN, WITH (without a
// data-changing statement), VALUES, TABLE, HELP, DO, USE, transaction
// control, and SET of anything but the read-only mode itself. The check is
// lexical (strings, quoted identifiers and comments are skipped), so it
// errs on the side of refusing.
func readOnlyGuard(query string) error {
	for _, words := range statementWords(query) {
		if len(words) == 0 {
			continue
		}
		if !readOnlyStatement(words) {
			return &Error{Kind: ErrReadOnly, Msg: fmt.Sprintf(
				"the database is open read-only: refusing %s (reopen without --read-only to change data)", words[0])}
		}
	}
	return nil
}

func readOnlyStatement(words []string) bool {
	has := func(set ...string) bool {
		for _, w := range words[1:] {
			for _, s := range set {
				if w == s {
					return true
				}
			}
		}
		return false
	}
	switch words[0] {
	case "SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "HELP", "DO", "USE",
		"COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE":
		return true
	case "WITH":
		return !has("INSERT", "UPDATE", "DELETE", "REPLACE")
	case "BEGIN", "START":
		return !has("WRITE")
	case "SET":
		return !has("GLOBAL", "PERSIST", "PERSIST_ONLY", "TX_READ_ONLY", "TRANSACTION_READ_ONLY", "READ_ONLY", "WRITE")
	}
	return false
}

// statementWords splits query into statements (on ';') and each statement
// into upper-cased bare words, skipping quoted strings, quoted identifiers
// and comments. MySQL's executable comments (/*! ... */) are read as code.
func statementWords(query string) [][]string {
	var stmts [][]string
	var cur []string
	i, n := 0, len(query)
	for i < n {
		c := query[i]
		switch {
		case c == ';':
			stmts = append(stmts, cur)
			cur = nil
			i++
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(query, i)
		case c == '#' || c == '-' && i+2 < n && query[i+1] == '-' && (query[i+2] == ' ' || query[i+2] == '\t' || query[i+2] == '\n'),
			c == '-' && i+2 == n && query[i+1] == '-':
			for i < n && query[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && query[i+1] == '*':
			if i+2 < n && query[i+2] == '!' {
				// Executable comment: its body is SQL. Skip the marker and
				// an optional version number; the closing */ is skipped below.
				i += 3
				for i < n && query[i] >= '0' && query[i] <= '9' {
					i++
				}
				continue
			}
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				i = n
			} else {
				i += end + 4
			}
		case c == '*' && i+1 < n && query[i+1] == '/':
			i += 2
		case isWordByte(c):
			j := i
			for j < n && isWordByte(query[j]) {
				j++
			}
			cur = append(cur, strings.ToUpper(query[i:j]))
			i = j
		default:
			i++
		}
	}
	return append(stmts, cur)
}

func skipQuoted(s string, i int) int {
	q := s[i]
	i++
	for i < len(s) {
		switch s[i] {
		case '\\':
			if q != '`' {
				i += 2
				continue
			}
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return i
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// setReadOnly makes a connection's transactions read-only by default.
const setReadOnly = "SET SESSION TRANSACTION READ ONLY"
