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
// store (read-only, logging), and closes the stores the TUI has left.
//
// A store is closed once the TUI uses a newer one, not as soon as the
// newer one is open: the TUI may drop an opened database (the switcher
// closed while it was opening) and stay where it was, and the store it
// shows must never be closed under it. The TUI's first request to a
// switched-to store lists its tables and asks for the server's info, so
// those two calls mark a store as the one in use; every store opened
// before it is then closed, and a late call on an old store (a result the
// TUI will drop) changes nothing.
type databases struct {
	a        *app
	server   *mysql.Config
	embedded bool
	label    string // the embedded engine's label, the same for every database

	mu      sync.Mutex
	stores  []openStore // open, oldest first; the first store is seq 0
	inUse   int         // the seq of the newest store the TUI has used
	seq     int
	closing sync.WaitGroup
}

type openStore struct {
	seq int
	st  *store.Store
}

// newDatabases starts from c's store, the one the TUI opens with.
func newDatabases(a *app, c *conn) *databases {
	d := &databases{a: a, server: c.server.Clone(), embedded: c.embedded}
	d.stores = []openStore{{seq: 0, st: c.store}}
	if c.embedded {
		d.label = c.label
	}
	return d
}

// open implements tui.Deps.OpenDatabase: the store, the actions (nil when
// read-only) and the label of the database name on the same server.
func (d *databases) open(ctx context.Context, name string) (tui.Store, tui.Actions, string, error) {
	cfg := d.server.Clone()
	cfg.DBName = name
	d.a.log.Info("Switching database", "database", name)
	st, err := store.Open(ctx, cfg, d.a.storeOptions(d.a.g.readOnly))
	if err != nil {
		return nil, nil, "", err
	}
	d.mu.Lock()
	d.seq++
	seq := d.seq
	d.stores = append(d.stores, openStore{seq: seq, st: st})
	d.mu.Unlock()
	label := d.label
	if label == "" {
		label = store.Redact(cfg)
	}
	return switchedStore{Store: st, d: d, seq: seq}, d.a.actions(st, d.embedded), label, nil
}

// use records that the TUI works on store seq and closes the older ones.
// Close waits for the queries still running on a store; that must not hold
// up the TUI, so it runs aside.
func (d *databases) use(seq int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if seq <= d.inUse {
		return
	}
	d.inUse = seq
	keep := d.stores[:0]
	for _, s := range d.stores {
		if s.seq >= seq {
			keep = append(keep, s)
			continue
		}
		d.closing.Go(func() { _ = s.st.Close() })
	}
	d.stores = keep
}

// Close closes every store still open and waits for them to close.
func (d *databases) Close() {
	d.mu.Lock()
	for _, s := range d.stores {
		_ = s.st.Close()
	}
	d.stores = nil
	d.mu.Unlock()
	d.closing.Wait()
}

// switchedStore is a store the switcher opened; the TUI's first requests
// to it mark it as in use. Every other method is the store's own.
type switchedStore struct {
	*store.Store
	d   *databases
	seq int
}

// Tables implements tui.Store.
func (s switchedStore) Tables(ctx context.Context) ([]store.Table, error) {
	s.d.use(s.seq)
	return s.Store.Tables(ctx)
}

// Info implements tui.Store.
func (s switchedStore) Info(ctx context.Context) (*store.ServerInfo, error) {
	s.d.use(s.seq)
	return s.Store.Info(ctx)
}

var _ tui.Store = switchedStore{}
