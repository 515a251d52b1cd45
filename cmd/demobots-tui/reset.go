package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
)

func newResetCommand(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "reset [--yes]",
		Short: "Delete every row of the demobots tables (one transaction) and restart their ids at 1",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReset(cmd.Context(), a, yes)
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "do not ask for confirmation (for scripts)")
	return cmd
}

func runReset(ctx context.Context, a *app, yes bool) error {
	io := a.io
	if a.g.readOnly {
		return usagef("--read-only disables reset")
	}
	c, err := a.connect(ctx)
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
	start := time.Now()
	err = seeder.Reset(ctx, c.store, withPhaseLog(a.log, "reset", pp.event))
	pp.done()
	logDone(a.log, "reset", start, err)
	if err != nil {
		return rolledBack("reset", c.label, err)
	}
	fmt.Fprintf(io.err, "Reset %s: %s are empty; ids restart at 1.\n", c.label, tables)
	return nil
}
