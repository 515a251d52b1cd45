package main

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui"
)

// runTUI connects (reporting connection errors before any screen is drawn)
// and runs the terminal UI until the user quits. A signal ends it with the
// signal's exit status: the TUI's own signal handler is off, so SIGINT and
// SIGTERM cancel ctx, which stops the program and restores the terminal.
func runTUI(ctx context.Context, a *app) error {
	c, err := a.open(ctx, true, false)
	if err != nil {
		return err
	}
	defer c.Close()
	dbs := newDatabases(a, c)
	defer dbs.Close()
	deps := a.tuiDeps(c, dbs)
	// The reseed form starts from the project file's [seed]; one that the
	// demobots dataset cannot take is shown there (the explorer works on
	// any database).
	s, file, err := a.refinement("")
	if err != nil {
		return err
	}
	d, err := seeder.WithRefinement(seeder.DefaultOptions(), s)
	deps.SeedDefaults, deps.RefineFile, deps.RefineErr = &d, file, err
	err = tui.Run(ctx, deps, tea.WithoutSignalHandler())
	if ctx.Err() != nil {
		return fmt.Errorf("the terminal UI stopped (%w)", ctx.Err())
	}
	if err != nil {
		return fmt.Errorf("terminal UI: %w", err)
	}
	return nil
}

// tuiDeps is what the TUI gets: c's store, the actions, the database
// switcher, the switcher first when no database is selected, and the
// warning of --listen-insecure.
func (a *app) tuiDeps(c *conn, dbs *databases) tui.Deps {
	return tui.Deps{
		Store:          c.store,
		Actions:        a.actions(c.store, c.embedded),
		ReadOnly:       a.g.readOnly,
		Label:          c.label,
		OpenDatabase:   dbs.open,
		ChooseDatabase: c.store.Database() == "",
		Warning:        c.warning,
	}
}

// actions are the push, reset and reseed of st for the TUI: none when
// read-only or when no database is selected, logged when debugging.
func (a *app) actions(st *store.Store, embedded bool) tui.Actions {
	if a.g.readOnly || st.Database() == "" {
		return nil
	}
	act := tui.SeederActions(st, embedded)
	if a.debugging {
		act = loggedActions{Actions: act, log: a.log}
	}
	return act
}
