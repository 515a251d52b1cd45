package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/internal/embedded"
	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// conn is an open database for a command or the TUI.
type conn struct {
	store *store.Store
	// server is the configuration of the connection, for opening other
	// databases of the same server.
	server *mysql.Config
	// label names the database for the status line and messages, e.g.
	// "root@127.0.0.1:3306/db-demobots" or "embedded (in-memory)".
	label    string
	embedded bool
	// warning is set when the embedded engine listens beyond loopback.
	warning string
	closers []func() error
}

// Close releases the connection and stops the embedded engine, if any.
func (c *conn) Close() {
	for i := len(c.closers) - 1; i >= 0; i-- {
		_ = c.closers[i]()
	}
}

// connect opens the configured database for a command, which needs one:
// the database URL, or the embedded engine (with schema.sql pushed, not
// seeded) when none is configured or --embedded is given. A warning about
// --listen-insecure goes to standard error.
func (a *app) connect(ctx context.Context) (*conn, error) {
	c, err := a.open(ctx, false, true)
	if err != nil {
		return nil, err
	}
	if c.warning != "" {
		fmt.Fprintf(a.io.err, "Warning: %s.\n", c.warning)
	}
	return c, nil
}

// open opens the configured database. The embedded engine starts with
// schema.sql pushed and, when seed is true, the default dataset loaded.
// Without needDatabase a URL that names no database opens the server
// without one (the TUI then offers to choose one).
func (a *app) open(ctx context.Context, seed, needDatabase bool) (*conn, error) {
	g := &a.g
	raw, src, err := resolveURL(g.databaseURL)
	if err != nil {
		return nil, err
	}
	relations, err := a.declaredRelations()
	if err != nil {
		return nil, err
	}
	if g.listen != "" && !g.embedded && raw != "" {
		return nil, usagef("--listen serves the embedded engine; add --embedded or unset the database URL")
	}
	warning, err := checkListen(g.listen, g.listenInsecure)
	if err != nil {
		return nil, err
	}
	if g.embedded || raw == "" {
		c, err := a.openEmbedded(ctx, seed, relations)
		if err != nil {
			return nil, err
		}
		c.warning = warning
		if warning != "" {
			a.log.Warn("Embedded engine served beyond loopback", "listen", g.listen)
		}
		return c, nil
	}
	cfg, err := store.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%w\n(the database URL comes from %s)", err, src)
	}
	if cfg.DBName == "" && needDatabase {
		return nil, fmt.Errorf("the database URL names no database (%s); add one, e.g. mysql://user:password@host:3306/db-demobots (the terminal UI, without a command, lets you choose one)", store.Redact(cfg))
	}
	a.log.Info("Connecting", "target", store.Redact(cfg), "source", string(src), "read_only", g.readOnly)
	opts := a.storeOptions(g.readOnly)
	if cfg.DBName != "" {
		// The project file describes the database the URL names; the
		// switcher's other databases get foreign keys and inferences only.
		opts.Relations = relations
	}
	st, err := store.Open(ctx, cfg, opts)
	var pe *project.Error
	if errors.As(err, &pe) {
		return nil, err
	}
	if err != nil {
		// Say where the URL came from: a stale .env is a common surprise.
		return nil, fmt.Errorf("%w\n(the database URL comes from %s)", err, src)
	}
	return &conn{store: st, server: cfg, label: store.Redact(cfg), closers: []func() error{st.Close}}, nil
}

// storeOptions are the options of every store the program opens.
func (a *app) storeOptions(readOnly bool) store.Options {
	return store.Options{ReadOnly: readOnly, Logger: a.storeLogger()}
}

// embeddedDatabase is the database the embedded engine serves.
const embeddedDatabase = "demobots"

func (a *app) openEmbedded(ctx context.Context, seed bool, relations []project.Relation) (*conn, error) {
	g := &a.g
	opts := embedded.Options{Addr: g.listen}
	if a.debugging {
		opts.Log = &logLines{log: a.log, level: slog.LevelWarn, msg: "Embedded engine"}
	}
	srv, err := embedded.Start(opts)
	if err != nil {
		return nil, err
	}
	a.log.Info("Embedded engine started", "addr", srv.Addr(), "seed", seed)
	c := &conn{label: "embedded (in-memory)", embedded: true, closers: []func() error{srv.Close}}
	if g.listen != "" {
		c.label = "embedded (in-memory) on " + srv.Addr()
	}
	cfg, err := store.ParseURL(srv.URL(""))
	if err != nil {
		c.Close()
		return nil, err
	}
	boot, err := store.Open(ctx, cfg, a.storeOptions(false))
	if err != nil {
		c.Close()
		return nil, err
	}
	_, err = boot.DB().ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+store.QuoteIdent(embeddedDatabase))
	_ = boot.Close()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("embedded: create database: %w", err)
	}
	cfg.DBName = embeddedDatabase
	// Bootstrap through a writable connection: --read-only applies to what
	// the user does, not to preparing the in-memory database.
	writable, err := store.Open(ctx, cfg, a.storeOptions(false))
	if err != nil {
		c.Close()
		return nil, err
	}
	err = seeder.Bootstrap(ctx, writable, seed)
	_ = writable.Close()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("embedded: prepare the demobots database: %w", err)
	}
	stOpts := a.storeOptions(g.readOnly)
	stOpts.Relations = relations
	st, err := store.Open(ctx, cfg, stOpts)
	if err != nil {
		c.Close()
		return nil, err
	}
	c.store, c.server = st, cfg
	c.closers = append(c.closers, st.Close)
	return c, nil
}
