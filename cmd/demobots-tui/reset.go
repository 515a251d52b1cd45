package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
)

func init() {
	register(command{
		name:    "reset",
		summary: "delete every row of the demobots tables (one transaction) and restart their ids at 1",
		usage:   "[--yes]",
		setup: func(fs *flag.FlagSet) func(ctx context.Context, g *globals, io stdio) error {
			yes := fs.Bool("yes", false, "do not ask for confirmation (for scripts)")
			return func(ctx context.Context, g *globals, io stdio) error {
				return runReset(ctx, g, io, *yes)
			}
		},
	})
}

func runReset(ctx context.Context, g *globals, io stdio, yes bool) error {
	if g.readOnly {
		return usagef("--read-only disables reset")
	}
	c, err := connect(ctx, g, false, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	// Check before asking, so that nobody confirms a reset that cannot run.
	if err := seeder.CheckDemobots(ctx, c.store); err != nil {
		return err
	}
	tables := strings.Join(demobots.Tables, ", ")
	conf := confirmation{
		action:   fmt.Sprintf("delete every row of %s in %s", tables, c.label),
		typeName: c.store.Database(),
	}
	if err := confirm(ctx, io.in, io.err, isTerminal(io.in), yes, conf); err != nil {
		return err
	}
	pp := newProgressPrinter(io.err, isTerminal(io.err))
	err = seeder.Reset(ctx, c.store, pp.event)
	pp.done()
	if err != nil {
		return rolledBack("reset", c.label, err)
	}
	fmt.Fprintf(io.err, "Reset %s: %s are empty; ids restart at 1.\n", c.label, tables)
	return nil
}
