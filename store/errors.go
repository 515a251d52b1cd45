package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
)

// Sentinel errors. Every error the store returns for one of these situations
// matches the sentinel with errors.Is; its text is a complete message that
// says what is wrong and what to do, and never contains the password.
var (
	// ErrNotFound: the requested row (e.g. a demobots user) does not exist.
	ErrNotFound = errors.New("not found")
	// ErrNoTable: the table does not exist in the selected database.
	ErrNoTable = errors.New("no such table")
	// ErrNoColumn: the column does not exist in the table.
	ErrNoColumn = errors.New("no such column")
	// ErrAccessDenied: the server refused the user name, the password or a privilege.
	ErrAccessDenied = errors.New("access denied")
	// ErrUnknownDatabase: the database named in the URL does not exist.
	ErrUnknownDatabase = errors.New("unknown database")
	// ErrUnreachable: no connection could be made to the server.
	ErrUnreachable = errors.New("database server unreachable")
	// ErrServerGone: an established connection broke.
	ErrServerGone = errors.New("database server gone")
	// ErrTimeout: the operation ran out of time.
	ErrTimeout = errors.New("timed out")
	// ErrCanceled: the operation was cancelled by its context.
	ErrCanceled = errors.New("canceled")
	// ErrReadOnly: a write was attempted through a read-only store or server.
	ErrReadOnly = errors.New("read-only")
	// ErrDuplicate: a write collided with a unique key.
	ErrDuplicate = errors.New("duplicate key")
	// ErrForeignKey: a write violated a foreign key.
	ErrForeignKey = errors.New("foreign key violation")
	// ErrSyntax: the server could not parse a statement.
	ErrSyntax = errors.New("SQL syntax error")
	// ErrBadQuery: a RowQuery is invalid (unknown operator, mismatched cursor, bad value).
	ErrBadQuery = errors.New("invalid query")
	// ErrAmbiguousRow: a table without a primary or unique NOT NULL key
	// holds several rows with the same values, so FullValue cannot tell
	// which one to read.
	ErrAmbiguousRow = errors.New("ambiguous row")
	// ErrTooLarge: the server refused a transaction or statement for its
	// size (TiDB's txn-total-size-limit and tidb_mem_quota_query, MySQL's
	// and MariaDB's max_binlog_cache_size).
	ErrTooLarge = errors.New("transaction too large")
	// ErrNoRelation: a view needs a relation between two tables that the
	// relation graph does not hold (no foreign key, none declared, none
	// inferred).
	ErrNoRelation = errors.New("no such relation")
)

// Error is a classified database error: Kind is one of the sentinels above,
// Msg the user-facing message and Err the underlying cause (a
// *mysql.MySQLError, a *net.OpError, a context error, ...). errors.Is
// matches both Kind and the cause.
type Error struct {
	Kind error
	Msg  string
	Err  error
}

// Error returns the user-facing message.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the kind and the cause, so errors.Is and errors.As see both.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(kind error, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// WrapError classifies err as one of the sentinel errors when it can,
// using cfg (which may be nil) to name the server and database in the
// message. Errors it does not recognise are returned unchanged; nil stays
// nil. The seeder and cmd use it for errors of their own queries.
func WrapError(err error, cfg *mysql.Config) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) || errors.Is(err, ErrBadURL) {
		return err
	}
	if e := classify(err, cfg); e != nil {
		e.Msg = scrub(e.Msg, cfg)
		return e
	}
	return err
}

// classify returns nil for errors it does not know.
func classify(err error, cfg *mysql.Config) *Error {
	where := serverAddr(cfg)
	if errors.Is(err, sql.ErrNoRows) {
		return newError(ErrNotFound, err, "not found")
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return unreachable(err, cfg, dialReason(err))
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return unreachable(err, cfg, "cannot resolve host name "+dnsErr.Name)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return newError(ErrTimeout, err, "the database at %s did not answer in time (timed out); try again", where)
	}
	if errors.Is(err, context.Canceled) {
		return newError(ErrCanceled, err, "canceled")
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return classifyMySQL(me, cfg)
	}
	if errors.Is(err, mysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.As(err, &opErr) {
		return newError(ErrServerGone, err, "the database server at %s closed the connection (server gone): it may have restarted or dropped an idle connection; try again", where)
	}
	return nil
}

func unreachable(err error, cfg *mysql.Config, reason string) *Error {
	if cfg != nil && cfg.Net == "unix" {
		return newError(ErrUnreachable, err, "cannot reach the database server at unix socket %s (%s): is it running? check ?socket= in the database URL", cfg.Addr, reason)
	}
	return newError(ErrUnreachable, err, "cannot reach the database server at %s (%s): is it running? check host and port in the database URL", serverAddr(cfg), reason)
}

func dialReason(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ENOENT):
		return "no such socket file"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return "no route to host"
	case errors.Is(err, syscall.ENETUNREACH):
		return "network is unreachable"
	case errors.Is(err, syscall.EACCES):
		return "permission denied"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return "timed out"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "cannot resolve host name " + dnsErr.Name
	}
	return "connection failed"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// MySQL and MariaDB error numbers the store classifies.
const (
	erDBAccessDenied     = 1044
	erAccessDenied       = 1045
	erAccessDeniedNoPw   = 1698 // MariaDB: unix_socket or other plugin refused the login
	erBadDB              = 1049
	erServerShutdown     = 1053
	erBadField           = 1054
	erDupEntry           = 1062
	erParse              = 1064
	erNoSuchTable        = 1146
	erTableAccessDenied  = 1142
	erColumnAccessDenied = 1143
	erLockWaitTimeout    = 1205
	erSpecificAccess     = 1227
	erOptionPrevents     = 1290
	erQueryInterrupted   = 1317
	erRowIsReferenced    = 1451
	erNoReferencedRow    = 1452
	erReadOnlyTx         = 1792
	erReadOnlyMode       = 1836
	erConnectionKilled   = 1927
	erStatementTimeout   = 1969 // MariaDB max_statement_time
	erQueryTimeout       = 3024 // MySQL max_execution_time
	erUnknownGeneric     = 1105 // the embedded engine uses it for nearly everything
	erMixCollation2      = 1267 // Illegal mix of collations (2 operands)
	erMixCollation3      = 1270 // Illegal mix of collations (3 operands)
	erMixCollationN      = 1271 // Illegal mix of collations for operation
	erCannotConvert      = 1366 // Incorrect string value for a column
	erTransCacheFull     = 1197 // MySQL/MariaDB: a transaction outgrew max_binlog_cache_size
	erTiDBTxnTooLarge    = 8004 // TiDB: a transaction outgrew txn-total-size-limit
	erTiDBMemQuota       = 8175 // TiDB: a statement (and its transaction's buffer) outgrew tidb_mem_quota_query
	crServerGoneAway     = 2006 // client codes, which proxies (ProxySQL, Vitess) also send
	crServerLost         = 2013
)

var (
	reTableMariaDB  = regexp.MustCompile(`Table '([^']*)' doesn't exist`)
	reTableEmbedded = regexp.MustCompile(`table not found: (.*)$`)
	reColumnMySQL   = regexp.MustCompile(`Unknown column '([^']*)'`)
	reColumnEmbed   = regexp.MustCompile(`column "([^"]*)" could not be found`)
	reDBMySQL       = regexp.MustCompile(`Unknown database '([^']*)'`)
	reDBEmbedded    = regexp.MustCompile(`database not found: (.*)$`)
)

func classifyMySQL(me *mysql.MySQLError, cfg *mysql.Config) *Error {
	where := serverAddr(cfg)
	msg := me.Message
	n := me.Number
	// The embedded engine reports most errors as 1105 (unknown error):
	// recognise those by their text.
	generic := n == erUnknownGeneric
	text := func(sub string) bool { return generic && strings.Contains(strings.ToLower(msg), sub) }
	switch {
	case n == erAccessDenied || n == erAccessDeniedNoPw:
		return newError(ErrAccessDenied, me, "access denied for user %q at %s: check the user name and password in the database URL", cfgUser(cfg), where)
	case n == erDBAccessDenied || n == erTableAccessDenied || n == erColumnAccessDenied || n == erSpecificAccess, text("access denied"):
		return newError(ErrAccessDenied, me, "access denied: %s; ask for the privilege or connect as another user", msg)
	case n == erBadDB, text("database not found"):
		name := firstMatch(msg, reDBMySQL, reDBEmbedded)
		if name == "" && cfg != nil {
			name = cfg.DBName
		}
		return unknownDatabase(me, name, cfg)
	case n == erNoSuchTable, text("table not found"):
		name := firstMatch(msg, reTableMariaDB, reTableEmbedded)
		if cfg != nil && strings.HasPrefix(name, cfg.DBName+".") {
			name = strings.TrimPrefix(name, cfg.DBName+".")
		}
		return noTable(me, name, cfg)
	case n == erBadField, text("could not be found in any table"):
		name := firstMatch(msg, reColumnMySQL, reColumnEmbed)
		return newError(ErrNoColumn, me, "column %q does not exist (%s)", name, msg)
	case n == erReadOnlyTx || n == erReadOnlyMode, n == erOptionPrevents && strings.Contains(strings.ToLower(msg), "read-only"), text("read only"), text("read-only"):
		return newError(ErrReadOnly, me, "the database is read-only here: the server refused a write (%s)", msg)
	case n == erDupEntry, text("duplicate"):
		return newError(ErrDuplicate, me, "duplicate key: %s", msg)
	case n == erRowIsReferenced || n == erNoReferencedRow, text("foreign key"):
		return newError(ErrForeignKey, me, "foreign key violation: %s", msg)
	case n == erMixCollation2 || n == erMixCollation3 || n == erMixCollationN || n == erCannotConvert:
		return newError(ErrBadQuery, me, "the value has characters the column's character set cannot hold, so the server cannot compare or store it (%s); use only characters that column's character set has", msg)
	case n == erParse, text("syntax error"):
		return newError(ErrSyntax, me, "SQL syntax error: %s", msg)
	case n == erLockWaitTimeout:
		return newError(ErrTimeout, me, "another session holds a lock on these rows or tables (a running seed, reset or push, or an open transaction) and did not release it in time (%s); try again when it is done", msg)
	case n == erStatementTimeout || n == erQueryTimeout:
		return newError(ErrTimeout, me, "the query ran out of time on the server (%s); try again, or narrow it with a filter", msg)
	case n == erTiDBTxnTooLarge:
		return newError(ErrTooLarge, me, "the transaction is larger than the server allows (%s): raise performance.txn-total-size-limit in TiDB's configuration, or write less in one transaction (fewer users)", msg)
	case n == erTiDBMemQuota:
		return newError(ErrTooLarge, me, "the statement outgrew TiDB's memory limit for one statement, which also holds its transaction's uncommitted rows (%s): raise tidb_mem_quota_query, or do less at once (narrow the query; for a seed, fewer users)", msg)
	case n == erTransCacheFull:
		return newError(ErrTooLarge, me, "the transaction is larger than the server allows (%s): raise max_binlog_cache_size on the server, or write less in one transaction (fewer users)", msg)
	case n == erQueryInterrupted:
		return newError(ErrCanceled, me, "the query was interrupted (%s)", msg)
	case n == erServerShutdown || n == erConnectionKilled || n == crServerGoneAway || n == crServerLost:
		return newError(ErrServerGone, me, "the database server at %s ended the connection (%s); try again", where, msg)
	}
	return nil
}

func unknownDatabase(cause error, name string, cfg *mysql.Config) *Error {
	return newError(ErrUnknownDatabase, cause,
		"unknown database %q on %s: create it with CREATE DATABASE %s (for example: mysql -h HOST -u USER -p -e 'CREATE DATABASE %s'), or fix the database name in the database URL",
		name, serverAddr(cfg), QuoteIdent(name), QuoteIdent(name))
}

func noTable(cause error, table string, cfg *mysql.Config) *Error {
	if cfg != nil && cfg.DBName != "" {
		return newError(ErrNoTable, cause, "table %q does not exist in database %q", table, cfg.DBName)
	}
	return newError(ErrNoTable, cause, "table %q does not exist", table)
}

func firstMatch(s string, res ...*regexp.Regexp) string {
	for _, re := range res {
		if m := re.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	return ""
}

func serverAddr(cfg *mysql.Config) string {
	if cfg == nil {
		return "the configured address"
	}
	if cfg.Net == "unix" {
		return "unix socket " + cfg.Addr
	}
	return cfg.Addr
}

func cfgUser(cfg *mysql.Config) string {
	if cfg == nil {
		return ""
	}
	return cfg.User
}

// scrub is the last line of defence: no message leaves the store with the
// password in it, even if a server or a library echoed it.
func scrub(msg string, cfg *mysql.Config) string {
	if cfg == nil || len(cfg.Passwd) < 3 {
		return msg
	}
	return strings.ReplaceAll(msg, cfg.Passwd, "****")
}

// opError is an error a Store method returns: what the store was doing
// and why it failed, read as "store: what: cause".
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return "store: " + e.op + ": " + e.err.Error() }

func (e *opError) Unwrap() error { return e.err }

// wrapOp adds the store's context to err once: an error that already
// carries it (from a store method called by another) is returned as it
// is, so no message reads "store: a: store: b: ...". nil stays nil.
func wrapOp(err error, op string) error {
	if err == nil {
		return nil
	}
	var oe *opError
	if errors.As(err, &oe) {
		return err
	}
	return &opError{op: op, err: err}
}

// wrap classifies err and prefixes it with "store: what: " (once; see
// wrapOp). It returns nil for a nil err.
func (s *Store) wrap(err error, format string, args ...any) error {
	var oe *opError
	if err == nil || errors.As(err, &oe) {
		return err
	}
	return wrapOp(WrapError(err, s.cfg), fmt.Sprintf(format, args...))
}

// wrapCtx is wrap for errors of a query run under ctx: when ctx is done, a
// driver error such as "invalid connection" is reported as the timeout or
// cancellation it really is.
func (s *Store) wrapCtx(ctx context.Context, err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var oe *opError
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) && !errors.As(err, &oe) {
		err = fmt.Errorf("%w (%v)", cerr, err)
	}
	return s.wrap(err, format, args...)
}
