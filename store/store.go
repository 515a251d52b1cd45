// Package store is the read side of demobots-tui: the connection, the
// catalog (tables, columns, keys), paged rows and relations. Every runtime
// query is built with squirrel; identifiers are backtick-quoted and values
// are always placeholders.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Options configure Open.
type Options struct {
	// ReadOnly opens every connection with a read-only transaction mode,
	// so the server itself refuses writes.
	ReadOnly bool
	// PingTimeout bounds the first connection; 0 means 10 seconds.
	PingTimeout time.Duration
}

// Store is an open connection pool to one database.
type Store struct {
	db   *sql.DB
	cfg  *mysql.Config
	opts Options
}

// Open connects to the database cfg names and pings it with a timeout. Its
// errors say what is wrong and what to do, and never contain the password.
func Open(ctx context.Context, cfg *mysql.Config, opts Options) (*Store, error) {
	cfg = cfg.Clone()
	if opts.ReadOnly {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		// MariaDB (before 11.1) and MySQL 5.7 know tx_read_only; MySQL 8
		// renamed it transaction_read_only. The driver sends Params as SET
		// after connecting, so an unknown name would fail the connection:
		// the store helper picks the right one after a first probe.
		cfg.Params["tx_read_only"] = "1"
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
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
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", Redact(cfg), err)
	}
	return &Store{db: db, cfg: cfg, opts: opts}, nil
}

// DB is the underlying pool, for the seeder (the write side).
func (s *Store) DB() *sql.DB { return s.db }

// Config returns a copy of the connection configuration.
func (s *Store) Config() *mysql.Config { return s.cfg.Clone() }

// Database is the name of the selected database.
func (s *Store) Database() string { return s.cfg.DBName }

// ReadOnly reports whether the store was opened read-only.
func (s *Store) ReadOnly() bool { return s.opts.ReadOnly }

// Close closes the pool.
func (s *Store) Close() error { return s.db.Close() }

// WithTx runs fn in a transaction: it commits when fn returns nil and rolls
// back otherwise (and when ctx is cancelled).
func (s *Store) WithTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
