package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

func newPushCommand(a *app) *cobra.Command {
	var o pushFlags
	cmd := &cobra.Command{
		Use:   "push [--yes [--accept-data-loss]] [--dry-run] [--prune] [--schema FILE]",
		Short: "Make the tables schema.sql declares match it: show the planned statements, apply after confirmation",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPush(cmd.Context(), a, o)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&o.yes, "yes", false, "apply without asking (for scripts); a plan that can lose data also needs --accept-data-loss")
	fs.BoolVar(&o.acceptDataLoss, "accept-data-loss", false, "with --yes: apply a plan even if it drops or changes data, keys or tables")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the plan and change nothing")
	fs.BoolVar(&o.prune, "prune", false, "also drop the tables, views and routines the schema does not declare (each a destructive step)")
	fs.StringVar(&o.schemaFile, "schema", "", "the desired schema as SQL `file` (default: the built-in schema.sql)")
	_ = cmd.MarkFlagFilename("schema", "sql")
	return cmd
}

// pushFlags are push's own flags.
type pushFlags struct {
	yes, acceptDataLoss, dryRun, prune bool
	schemaFile                         string
}

func runPush(ctx context.Context, a *app, o pushFlags) error {
	g, io := &a.g, a.io
	desired, source := demobots.Schema, "schema.sql"
	if o.schemaFile != "" {
		b, err := os.ReadFile(o.schemaFile)
		if err != nil {
			return fmt.Errorf("read the schema: %w", err)
		}
		desired, source = string(b), o.schemaFile
	}
	// The whole file is checked before anything connects, let alone runs.
	if _, err := seeder.ParseSchema(source, desired); err != nil {
		return err
	}
	if g.readOnly {
		// Even a dry run writes: planning applies the schema to a scratch
		// database on the server.
		return usagef("--read-only disables push, --dry-run included (planning creates a scratch database)")
	}
	// The declared relations may name tables this push creates.
	a.relationsOff = true
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()

	fmt.Fprintf(io.err, "Planning: comparing %s with %s...\n", c.label, source)
	start := time.Now()
	plan, err := seeder.PlanPushWith(ctx, c.store, desired, seeder.PushOptions{Prune: o.prune, File: source})
	logPushPlanned(a.log, plan, start, err)
	if err != nil {
		return err
	}
	printNotices(io.out, plan)
	if plan.Empty() {
		fmt.Fprintf(io.out, "No changes: the tables of %s in %s already match it.\n", source, c.label)
		return nil
	}
	printPlan(io.out, plan)
	if o.dryRun {
		fmt.Fprintln(io.err, "Dry run: nothing was changed.")
		return nil
	}
	if o.yes && plan.NeedsTypedConfirmation() && !o.acceptDataLoss {
		return fmt.Errorf("refusing to apply with --yes alone: %s\nReview the plan above, then add --accept-data-loss to apply it anyway, or run without --yes on a terminal to confirm by typing the database name (%w)",
			dataLossSummary(plan), errNotConfirmed)
	}
	if err := confirm(ctx, io.in, io.err, isTerminal(io.in), o.yes, pushConfirmation(plan, c.label, c.store.Database())); err != nil {
		return err
	}
	pp := newProgressPrinter(io.err, isTerminal(io.err))
	start = time.Now()
	applied, err := seeder.ApplyPush(ctx, c.store, plan, withPhaseLog(a.log, "push", pp.event))
	pp.done()
	logDone(a.log, "push", start, err, "applied", applied)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.err, "Applied %d statements: the tables of %s in %s now match it.\n", applied, source, c.label)
	return nil
}

// pushConfirmation is what applying plan asks: the database's name typed
// when the plan can lose data or the database is not a demobots one, a
// y otherwise.
func pushConfirmation(plan *seeder.Plan, label, database string) confirmation {
	conf := confirmation{action: fmt.Sprintf("run %d statements on %s", len(plan.Changes), label)}
	if plan.NeedsTypedConfirmation() {
		conf.action += ", " + dataLossSummary(plan)
		conf.typeName = database
		conf.flags = "--yes --accept-data-loss"
	}
	return conf
}

// dataLossSummary says why plan needs more than a yes: its destructive
// steps, and whether the database is not a demobots one.
func dataLossSummary(plan *seeder.Plan) string {
	var parts []string
	if plan.Foreign != nil {
		parts = append(parts, fmt.Sprintf("the database is not a demobots one (it holds %d tables of its own and none of the schema's)", plan.Foreign.Tables))
	}
	if d := plan.DestructiveChanges(); len(d) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d destructive steps can lose data or guarantees:", len(d))
		for _, c := range d {
			b.WriteString("\n  - " + c.Warning)
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, ", and ")
}

// printNotices writes the plan's notices as SQL comments, so that the
// printed plan stays a script.
func printNotices(w io.Writer, plan *seeder.Plan) {
	for _, n := range plan.Notices() {
		fmt.Fprintf(w, "-- NOTE: %s\n", n)
		if strings.HasPrefix(n, "not managed") {
			fmt.Fprintln(w, "--       (push --prune drops them)")
		}
	}
	if len(plan.Notices()) > 0 {
		fmt.Fprintln(w)
	}
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
		if len(c.Views) > 0 {
			fmt.Fprintf(w, "-- views that read this table: %s\n", quoteNames(c.Views))
		}
		fmt.Fprintf(w, "%s;\n\n", c.SQL)
	}
	fmt.Fprintf(w, "-- %d statements", len(plan.Changes))
	if destructive > 0 {
		fmt.Fprintf(w, ", %d DESTRUCTIVE (%s rows affected)", destructive, thousands(rows))
	}
	fmt.Fprintln(w)
}

func quoteNames(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = store.QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}
