// Package store is the read side of demobots-tui: the connection, the
// catalog (tables, columns, keys), paged rows and relations. Every runtime
// query is built with squirrel; identifiers are backtick-quoted and values
// are always placeholders.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/internal/project"
)

// Options configure Open.
type Options struct {
	// ReadOnly makes the store refuse every write: the server is told to
	// run read-only transactions (MariaDB and MySQL then refuse writes and
	// DDL), and the connection itself refuses statements that are not
	// reads, which also protects the embedded engine (it accepts the
	// setting but does not enforce it). This covers DB() too.
	ReadOnly bool
	// PingTimeout bounds the first connection; 0 means 10 seconds.
	PingTimeout time.Duration
	// DriverLog receives the MySQL driver's own log lines (e.g. "unexpected
	// EOF" when a server goes away); nil sends them to Logger, or discards
	// them without one, so they never reach a terminal the TUI owns.
	DriverLog io.Writer
	// Logger receives a structured record of every statement the store's
	// connections send (the SQL text at debug level only, never the
	// arguments), with its duration and the rows it read or affected,
	// failures, transactions, and connections opening and closing. The
	// password never appears in it. Nil logs nothing, at no cost.
	Logger *slog.Logger
	// Relations are the relations the project file declares for this
	// database (project.File.Relations). Open checks that their tables
	// and columns exist; the relation graph then holds them with
	// OriginDeclared, and they override the inference on their columns.
	Relations []project.Relation
}

// Store is an open connection pool to one database. Its methods are safe
// for concurrent use.
type Store struct {
	db       *sql.DB
	cfg      *mysql.Config
	opts     Options
	flavor   Flavor
	closed   atomic.Bool
	sessions sessionPool // connections of console sessions (session.go)
	long     sessionPool // connections of long write transactions (LongConn)
	// declared are Options.Relations as checked against the catalog.
	declared []ForeignKey
}

// Open connects to the database cfg names, pings it with a timeout and
// detects the server's flavour (see Flavor). Its errors say what is wrong and what to do (ErrUnreachable,
// ErrAccessDenied, ErrUnknownDatabase, ErrTimeout, ...), and never contain
// the password.
func Open(ctx context.Context, cfg *mysql.Config, opts Options) (*Store, error) {
	if cfg == nil {
		return nil, fmt.Errorf("%w: no configuration", ErrBadURL)
	}
	cfg = cfg.Clone()
	start := time.Now()
	conn, err := newConnector(cfg, opts)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	timeout := opts.PingTimeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	fail := func(err error) (*Store, error) {
		_ = db.Close()
		err = connectError(ctx, err, cfg, timeout)
		if opts.Logger != nil {
			opts.Logger.Error("Store open failed", "target", Redact(cfg), "duration", time.Since(start), "err", err.Error())
		}
		return nil, err
	}
	if err := db.PingContext(pctx); err != nil {
		return fail(err)
	}
	flavor, err := detectFlavor(pctx, db)
	if err != nil {
		return fail(err)
	}
	s := &Store{db: db, cfg: cfg, opts: opts, flavor: flavor, long: sessionPool{keepTimes: true}}
	if s.declared, err = s.checkDeclared(pctx, opts.Relations); err != nil {
		_ = db.Close()
		if opts.Logger != nil {
			opts.Logger.Error("Store open failed: declared relations", "target", Redact(cfg), "err", err.Error())
		}
		return nil, err
	}
	if opts.Logger != nil {
		opts.Logger.Info("Store opened", "target", Redact(cfg), "server", flavor.String(),
			"read_only", opts.ReadOnly, "declared_relations", len(s.declared), "duration", time.Since(start))
	}
	return s, nil
}

// newConnector wraps the MySQL driver's connector for cfg with the
// read-only guard and the query log that opts ask for.
func newConnector(cfg *mysql.Config, opts Options) (*connector, error) {
	switch {
	case opts.DriverLog != nil:
		cfg.Logger = log.New(opts.DriverLog, "[mysql] ", log.LstdFlags)
	case opts.Logger != nil:
		cfg.Logger = driverLogger{opts.Logger}
	default:
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	base, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, scrub(err.Error(), cfg))
	}
	return &connector{base: base, readOnly: opts.ReadOnly, log: opts.Logger, passwd: cfg.Passwd}, nil
}

// Connector returns a connector to the database cfg names, with the store's
// options (read-only, logging), for a caller that needs a pool of its own
// beside the store's (the seeder's scratch database).
func (s *Store) Connector(cfg *mysql.Config) (driver.Connector, error) {
	return newConnector(cfg.Clone(), s.opts)
}

// Logger is the structured log the store writes to, or nil.
func (s *Store) Logger() *slog.Logger { return s.opts.Logger }

// connectError explains a failed first connection.
func connectError(ctx context.Context, err error, cfg *mysql.Config, timeout time.Duration) error {
	if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		var opErr *net.OpError
		if !errors.As(err, &opErr) {
			return unreachable(err, cfg, fmt.Sprintf("no answer within %s", timeout))
		}
	}
	if e := WrapError(err, cfg); e != err {
		return e
	}
	return &Error{Kind: ErrUnreachable, Err: err, Msg: scrub(fmt.Sprintf("cannot connect to %s: %v", Redact(cfg), err), cfg)}
}

// DB is the underlying pool, for the seeder (the write side).
func (s *Store) DB() *sql.DB { return s.db }

// Config returns a copy of the connection configuration.
func (s *Store) Config() *mysql.Config { return s.cfg.Clone() }

// Database is the name of the selected database.
func (s *Store) Database() string { return s.cfg.DBName }

// ReadOnly reports whether the store was opened read-only.
func (s *Store) ReadOnly() bool { return s.opts.ReadOnly }

// Close closes the pool (and that of console sessions), after the
// queries running on it finish. Closing a closed store does nothing.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.sessions.close()
	s.long.close()
	err := s.db.Close()
	if s.opts.Logger != nil {
		s.opts.Logger.Info("Store closed", "target", Redact(s.cfg))
	}
	return err
}
