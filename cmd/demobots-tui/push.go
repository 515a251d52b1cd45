package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
)

func init() {
	register(command{
		name:    "push",
		summary: "make the database schema match schema.sql: show the planned statements, apply after confirmation",
		usage:   "[--yes] [--dry-run] [--schema FILE]",
		setup: func(fs *flag.FlagSet) func(ctx context.Context, g *globals, io stdio) error {
			yes := fs.Bool("yes", false, "apply without asking (for scripts)")
			dryRun := fs.Bool("dry-run", false, "print the plan and change nothing")
			schemaFile := fs.String("schema", "", "the desired schema as SQL `file` (default: the built-in schema.sql)")
			return func(ctx context.Context, g *globals, io stdio) error {
				return runPush(ctx, g, io, *schemaFile, *yes, *dryRun)
			}
		},
	})
}

func runPush(ctx context.Context, g *globals, io stdio, schemaFile string, yes, dryRun bool) error {
	desired, source := demobots.Schema, "schema.sql"
	if schemaFile != "" {
		b, err := os.ReadFile(schemaFile)
		if err != nil {
			return fmt.Errorf("read the schema: %w", err)
		}
		desired, source = string(b), schemaFile
	}
	if g.readOnly {
		// Even a dry run writes: planning applies the schema to a scratch
		// database on the server.
		return usagef("--read-only disables push, --dry-run included (planning creates a scratch database)")
	}
	c, err := connect(ctx, g, false, nil)
	if err != nil {
		return err
	}
	defer c.Close()

	fmt.Fprintf(io.err, "Planning: comparing %s with %s...\n", c.label, source)
	plan, err := seeder.PlanPush(ctx, c.store, desired)
	if err != nil {
		return err
	}
	if plan.Empty() {
		fmt.Fprintf(io.out, "No changes: %s already matches %s.\n", c.label, source)
		return nil
	}
	printPlan(io.out, plan)
	if dryRun {
		fmt.Fprintln(io.err, "Dry run: nothing was changed.")
		return nil
	}
	conf := confirmation{action: fmt.Sprintf("run %d statements on %s", len(plan.Changes), c.label)}
	if plan.Destructive() {
		conf.action += ", some of which can lose data (see the warnings above)"
		conf.typeName = c.store.Database()
	}
	if err := confirm(ctx, io.in, io.err, isTerminal(io.in), yes, conf); err != nil {
		return err
	}
	pp := newProgressPrinter(io.err, isTerminal(io.err))
	applied, err := seeder.ApplyPush(ctx, c.store, plan, pp.event)
	pp.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(io.err, "Applied %d statements: %s now matches %s.\n", applied, c.label, source)
	return nil
}

// printPlan writes the plan as a commented SQL script.
func printPlan(w io.Writer, plan *seeder.Plan) {
	var destructive int
	var rows int64
	for i, c := range plan.Changes {
		fmt.Fprintf(w, "-- [%d/%d] %s\n", i+1, len(plan.Changes), c.Comment)
		if c.Destructive {
			destructive++
			rows += c.Rows
			fmt.Fprintf(w, "-- WARNING, DESTRUCTIVE: %s\n", c.Warning)
		}
		fmt.Fprintf(w, "%s;\n\n", c.SQL)
	}
	fmt.Fprintf(w, "-- %d statements", len(plan.Changes))
	if destructive > 0 {
		fmt.Fprintf(w, ", %d DESTRUCTIVE (%s rows affected)", destructive, thousands(rows))
	}
	fmt.Fprintln(w)
}
