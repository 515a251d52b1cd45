package main

import (
	"context"
	"fmt"
	"io"

	"github.com/demobots/demobots-tui/internal/embedded"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// conn is an open database for a command or the TUI.
type conn struct {
	store *store.Store
	// label names the database for the status line and messages, e.g.
	// "root@127.0.0.1:3306/db-demobots" or "embedded (in-memory)".
	label    string
	embedded bool
	closers  []func() error
}

// Close releases the connection and stops the embedded engine, if any.
func (c *conn) Close() {
	for i := len(c.closers) - 1; i >= 0; i-- {
		_ = c.closers[i]()
	}
}

// connect opens the configured database, or starts the embedded engine when
// none is configured (or --embedded is given). The embedded engine starts
// with schema.sql pushed and, when seed is true, the default dataset loaded.
func connect(ctx context.Context, g *globals, seed bool, logOut io.Writer) (*conn, error) {
	raw, src, err := resolveURL(g.databaseURL)
	if err != nil {
		return nil, err
	}
	if g.listen != "" && !g.embedded && raw != "" {
		return nil, usagef("--listen serves the embedded engine; add --embedded or unset the database URL")
	}
	if g.embedded || raw == "" {
		return connectEmbedded(ctx, g, seed, logOut)
	}
	cfg, err := store.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%w\n(the database URL comes from %s)", err, src)
	}
	if cfg.DBName == "" {
		return nil, fmt.Errorf("the database URL names no database (%s); add one, e.g. mysql://user:password@host:3306/db-demobots", store.Redact(cfg))
	}
	st, err := store.Open(ctx, cfg, store.Options{ReadOnly: g.readOnly})
	if err != nil {
		// Say where the URL came from: a stale .env is a common surprise.
		return nil, fmt.Errorf("%w\n(the database URL comes from %s)", err, src)
	}
	return &conn{store: st, label: store.Redact(cfg), closers: []func() error{st.Close}}, nil
}

// embeddedDatabase is the database the embedded engine serves.
const embeddedDatabase = "demobots"

func connectEmbedded(ctx context.Context, g *globals, seed bool, logOut io.Writer) (*conn, error) {
	if logOut == nil {
		logOut = io.Discard
	}
	srv, err := embedded.Start(embedded.Options{Addr: g.listen, Log: logOut})
	if err != nil {
		return nil, err
	}
	c := &conn{label: "embedded (in-memory)", embedded: true, closers: []func() error{srv.Close}}
	if g.listen != "" {
		c.label = "embedded (in-memory) on " + srv.Addr()
	}
	cfg, err := store.ParseURL(srv.URL(""))
	if err != nil {
		c.Close()
		return nil, err
	}
	boot, err := store.Open(ctx, cfg, store.Options{})
	if err != nil {
		c.Close()
		return nil, err
	}
	_, err = boot.DB().ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS `"+embeddedDatabase+"`")
	boot.Close()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("embedded: create database: %w", err)
	}
	cfg.DBName = embeddedDatabase
	// Bootstrap through a writable connection: --read-only applies to what
	// the user does, not to preparing the in-memory database.
	writable, err := store.Open(ctx, cfg, store.Options{})
	if err != nil {
		c.Close()
		return nil, err
	}
	err = seeder.Bootstrap(ctx, writable, seed)
	writable.Close()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("embedded: prepare the demobots database: %w", err)
	}
	st, err := store.Open(ctx, cfg, store.Options{ReadOnly: g.readOnly})
	if err != nil {
		c.Close()
		return nil, err
	}
	c.store = st
	c.closers = append(c.closers, st.Close)
	return c, nil
}
