package main

import (
	"context"
	"sync"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui"
)

// databases opens the other databases of the server for the TUI's
// database switcher (tui.Deps.OpenDatabase), with the options of the first
// store (read-only, logging). When the next store is open it closes the
// one before, which the TUI has left; a failed open closes nothing, so the
// current store is never closed under the TUI. Opens run one at a time,
// so "the one before" is always the store the TUI was showing.
type databases struct {
	a        *app
	server   *mysql.Config
	embedded bool
	label    string // the embedded engine's label, the same for every database

	mu      sync.Mutex   // held for a whole open
	current *store.Store // the store the TUI shows
	closing sync.WaitGroup
}

// newDatabases starts from c's store, the one the TUI opens with.
func newDatabases(a *app, c *conn) *databases {
	d := &databases{a: a, server: c.server.Clone(), embedded: c.embedded, current: c.store}
	if c.embedded {
		d.label = c.label
	}
	return d
}

// open implements tui.Deps.OpenDatabase: the store, the actions (nil when
// read-only) and the label of the database name on the same server.
func (d *databases) open(ctx context.Context, name string) (tui.Store, tui.Actions, string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	cfg := d.server.Clone()
	cfg.DBName = name
	d.a.log.Info("Switching database", "database", name)
	st, err := store.Open(ctx, cfg, d.a.storeOptions(d.a.g.readOnly))
	if err != nil {
		return nil, nil, "", err
	}
	prev := d.current
	d.current = st
	// Close waits for the queries still running on the old store; that
	// must not hold up the switch.
	d.closing.Go(func() { _ = prev.Close() })
	label := d.label
	if label == "" {
		label = store.Redact(cfg)
	}
	return st, d.a.actions(st, d.embedded), label, nil
}

// Close closes the current store and waits for the earlier ones to close.
func (d *databases) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	_ = d.current.Close()
	d.closing.Wait()
	return nil
}
