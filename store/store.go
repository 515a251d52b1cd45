// Package store is the read side of demobots-tui: the connection, the
// catalog (tables, columns, keys), paged rows and relations. Every runtime
// query is built with squirrel; identifiers are backtick-quoted and values
// are always placeholders.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"time"

	"github.com/go-sql-driver/mysql"
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
	// EOF" when a server goes away); nil discards them, so they never reach
	// a terminal the TUI owns.
	DriverLog io.Writer
}

// Store is an open connection pool to one database. Its methods are safe
// for concurrent use.
type Store struct {
	db       *sql.DB
	cfg      *mysql.Config
	opts     Options
	flavor   Flavor
	sessions sessionPool // connections of console sessions (session.go)
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
	out := opts.DriverLog
	if out == nil {
		out = io.Discard
	}
	cfg.Logger = log.New(out, "[mysql] ", log.LstdFlags)
	base, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, scrub(err.Error(), cfg))
	}
	db := sql.OpenDB(&connector{base: base, readOnly: opts.ReadOnly})
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	timeout := opts.PingTimeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, connectError(ctx, err, cfg, timeout)
	}
	flavor, err := detectFlavor(pctx, db)
	if err != nil {
		db.Close()
		return nil, connectError(ctx, err, cfg, timeout)
	}
	return &Store{db: db, cfg: cfg, opts: opts, flavor: flavor}, nil
}

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

// Close closes the pool (and that of console sessions).
func (s *Store) Close() error {
	s.sessions.close()
	return s.db.Close()
}

// WithTx runs fn in a transaction: it commits when fn returns nil and rolls
// back otherwise (and when ctx is cancelled).
func (s *Store) WithTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrapCtx(ctx, err, "begin transaction")
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.wrapCtx(ctx, err, "commit")
	}
	return nil
}
