package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync/atomic"
	"time"
)

// queryLog writes what one connection sends to the server to a structured
// log: every query with its duration and the rows it read, every exec with
// the rows it affected, transactions, failures. The SQL text goes only into
// debug-level records (a user's SQL or a bootstrap script may hold literal
// values); arguments are never logged, only how many there were. Errors are
// scrubbed of the password.
//
// A connection without a logger has a nil *queryLog, and the connection
// then calls the driver directly: logging off costs one nil check.
type queryLog struct {
	log    *slog.Logger
	conn   int64  // the connection's number, to tell interleaved records apart
	passwd string // removed from error texts
}

// connIDs numbers the logged connections of the process.
var connIDs atomic.Int64

func newQueryLog(l *slog.Logger, passwd string) *queryLog {
	return &queryLog{log: l, conn: connIDs.Add(1), passwd: passwd}
}

// errText is err's message without the password.
func (q *queryLog) errText(err error) string {
	msg := err.Error()
	if len(q.passwd) >= 3 {
		msg = strings.ReplaceAll(msg, q.passwd, "****")
	}
	return msg
}

// statement records one statement that finished: a query once its rows are
// closed (rows read), an exec once it returned (rows affected, -1 when
// unknown). A failure is a warning; its SQL text is still only added when
// debug records are wanted.
func (q *queryLog) statement(ctx context.Context, kind, query string, args int, start time.Time, rows int64, err error) {
	level := slog.LevelDebug
	msg := capitalize(kind)
	if err != nil {
		level = slog.LevelWarn
		msg += " failed"
	}
	if !q.log.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 7)
	attrs = append(attrs, slog.Int64("conn", q.conn), slog.Duration("duration", time.Since(start)))
	switch {
	case err != nil:
	case kind == "exec":
		attrs = append(attrs, slog.Int64("rows_affected", rows))
	default:
		attrs = append(attrs, slog.Int64("rows", rows))
	}
	if args > 0 {
		attrs = append(attrs, slog.Int("args", args))
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", q.errText(err)))
	}
	if q.log.Enabled(ctx, slog.LevelDebug) {
		attrs = append(attrs, slog.String("sql", query))
	}
	q.log.LogAttrs(ctx, level, msg, attrs...)
}

// event records something about the connection itself (opened, closed, a
// transaction's end).
func (q *queryLog) event(ctx context.Context, level slog.Level, msg string, start time.Time, err error) {
	if err != nil && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	if !q.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{slog.Int64("conn", q.conn)}
	if !start.IsZero() {
		attrs = append(attrs, slog.Duration("duration", time.Since(start)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", q.errText(err)))
	}
	q.log.LogAttrs(ctx, level, msg, attrs...)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// query sends a query on c and, when logging, returns rows that count what
// is read and log the query when closed.
func (q *queryLog) query(ctx context.Context, c driver.QueryerContext, query string, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	rows, err := c.QueryContext(ctx, query, args)
	return q.rows(ctx, "query", query, len(args), start, rows, err)
}

// exec runs a statement on c and logs it with the rows it affected.
func (q *queryLog) exec(ctx context.Context, c driver.ExecerContext, query string, args []driver.NamedValue) (driver.Result, error) {
	start := time.Now()
	res, err := c.ExecContext(ctx, query, args)
	q.result(ctx, query, len(args), start, res, err)
	return res, err
}

// rows wraps what a query returned; a failed query is logged at once.
// driver.ErrSkip is no failure: it asks database/sql to prepare the
// statement instead, and the prepared statement is logged.
func (q *queryLog) rows(ctx context.Context, kind, query string, args int, start time.Time, rows driver.Rows, err error) (driver.Rows, error) {
	if err != nil {
		if !errors.Is(err, driver.ErrSkip) {
			q.statement(ctx, kind, query, args, start, -1, err)
		}
		return nil, err
	}
	return &loggedRows{Rows: rows, q: q, ctx: ctx, kind: kind, sql: query, args: args, start: start}, nil
}

func (q *queryLog) result(ctx context.Context, query string, args int, start time.Time, res driver.Result, err error) {
	if errors.Is(err, driver.ErrSkip) {
		return
	}
	affected := int64(-1)
	if err == nil && res != nil {
		if n, rerr := res.RowsAffected(); rerr == nil {
			affected = n
		}
	}
	q.statement(ctx, "exec", query, args, start, affected, err)
}

// loggedRows counts the rows read and logs the query when closed, with the
// time from sending it to closing its rows. It forwards every optional
// interface of the MySQL driver's rows, so column types and further result
// sets read the same as without the log.
type loggedRows struct {
	driver.Rows
	q     *queryLog
	ctx   context.Context
	kind  string
	sql   string
	args  int
	start time.Time
	n     int64
	err   error // the first error Next returned, other than io.EOF
	done  bool
}

var (
	_ driver.RowsNextResultSet              = (*loggedRows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*loggedRows)(nil)
	_ driver.RowsColumnTypeNullable         = (*loggedRows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*loggedRows)(nil)
	_ driver.RowsColumnTypeScanType         = (*loggedRows)(nil)
	_ driver.RowsColumnTypeLength           = (*loggedRows)(nil)
)

// Next implements driver.Rows, counting the rows read.
func (r *loggedRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	switch {
	case err == nil:
		r.n++
	case !errors.Is(err, io.EOF) && r.err == nil:
		r.err = err
	}
	return err
}

// Close implements driver.Rows and logs the query.
func (r *loggedRows) Close() error {
	err := r.Rows.Close()
	if !r.done {
		r.done = true
		failed := r.err
		if failed == nil && err != nil {
			failed = err
		}
		r.q.statement(r.ctx, r.kind, r.sql, r.args, r.start, r.n, failed)
	}
	return err
}

// HasNextResultSet implements driver.RowsNextResultSet.
func (r *loggedRows) HasNextResultSet() bool {
	if m, ok := r.Rows.(driver.RowsNextResultSet); ok {
		return m.HasNextResultSet()
	}
	return false
}

// NextResultSet implements driver.RowsNextResultSet.
func (r *loggedRows) NextResultSet() error {
	if m, ok := r.Rows.(driver.RowsNextResultSet); ok {
		return m.NextResultSet()
	}
	return io.EOF
}

// ColumnTypeDatabaseTypeName implements driver.RowsColumnTypeDatabaseTypeName.
func (r *loggedRows) ColumnTypeDatabaseTypeName(i int) string {
	if m, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return m.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

// ColumnTypeNullable implements driver.RowsColumnTypeNullable.
func (r *loggedRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if m, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return m.ColumnTypeNullable(i)
	}
	return false, false
}

// ColumnTypePrecisionScale implements driver.RowsColumnTypePrecisionScale.
func (r *loggedRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if m, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return m.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

// ColumnTypeScanType implements driver.RowsColumnTypeScanType.
func (r *loggedRows) ColumnTypeScanType(i int) reflect.Type {
	if m, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return m.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

// ColumnTypeLength implements driver.RowsColumnTypeLength.
func (r *loggedRows) ColumnTypeLength(i int) (length int64, ok bool) {
	if m, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return m.ColumnTypeLength(i)
	}
	return 0, false
}

// loggedStmt logs each execution of a prepared statement (database/sql
// prepares every statement that has arguments, since the driver does not
// interpolate them).
type loggedStmt struct {
	driver.Stmt
	q   *queryLog
	sql string
}

var (
	_ driver.StmtQueryContext  = (*loggedStmt)(nil)
	_ driver.StmtExecContext   = (*loggedStmt)(nil)
	_ driver.NamedValueChecker = (*loggedStmt)(nil)
)

// QueryContext implements driver.StmtQueryContext.
func (s *loggedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	var rows driver.Rows
	var err error
	if m, ok := s.Stmt.(driver.StmtQueryContext); ok {
		rows, err = m.QueryContext(ctx, args)
	} else {
		rows, err = s.Stmt.Query(namedToValues(args)) //nolint:staticcheck // fallback for drivers without QueryContext
	}
	return s.q.rows(ctx, "query", s.sql, len(args), start, rows, err)
}

// ExecContext implements driver.StmtExecContext.
func (s *loggedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	start := time.Now()
	var res driver.Result
	var err error
	if m, ok := s.Stmt.(driver.StmtExecContext); ok {
		res, err = m.ExecContext(ctx, args)
	} else {
		res, err = s.Stmt.Exec(namedToValues(args)) //nolint:staticcheck // fallback for drivers without ExecContext
	}
	s.q.result(ctx, s.sql, len(args), start, res, err)
	return res, err
}

// CheckNamedValue implements driver.NamedValueChecker (the MySQL driver's
// statements accept uint64 and json.RawMessage arguments through it).
func (s *loggedStmt) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func namedToValues(args []driver.NamedValue) []driver.Value {
	v := make([]driver.Value, len(args))
	for i, a := range args {
		v[i] = a.Value
	}
	return v
}

// loggedTx logs how a transaction ended and how long it lasted.
type loggedTx struct {
	driver.Tx
	q     *queryLog
	ctx   context.Context
	start time.Time
}

// Commit implements driver.Tx.
func (t *loggedTx) Commit() error {
	err := t.Tx.Commit()
	t.q.event(t.ctx, slog.LevelDebug, "Transaction committed", t.start, err)
	return err
}

// Rollback implements driver.Tx.
func (t *loggedTx) Rollback() error {
	err := t.Tx.Rollback()
	t.q.event(t.ctx, slog.LevelDebug, "Transaction rolled back", t.start, err)
	return err
}

// driverLogger passes the MySQL driver's own log lines (a connection lost
// mid-packet, say) to the structured log as warnings.
type driverLogger struct{ log *slog.Logger }

// Print implements mysql.Logger.
func (d driverLogger) Print(v ...any) {
	d.log.Warn("MySQL driver", "line", strings.TrimSpace(fmt.Sprint(v...)))
}
