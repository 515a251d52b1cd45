package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/demobots/demobots-tui/seeder"
)

// embeddedLargeUsers is the --users above which the embedded engine gets a
// warning: it inserts about 25,000 foreign-key-checked rows in 45 s.
const embeddedLargeUsers = 2000

func newSeedCommand(a *app) *cobra.Command {
	d := seeder.DefaultOptions()
	var (
		yes        bool
		o          seeder.Options
		method     string
		refineFile string
	)
	cmd := &cobra.Command{
		Use:   "seed [--yes] [--seed N] [--users N] [--sessions-per-user N] [--scores-per-session N] [--levels N] [--all-tables [--rows N]]",
		Short: "Replace the demobots data with the deterministic default dataset (one transaction)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch method {
			case "auto":
			case string(seeder.LoadInfile), string(seeder.LoadInsert):
				o.Method = seeder.LoadMethod(method)
			default:
				return usagef("seed: --method must be auto, load-data or insert, not %q", method)
			}
			s, file, err := a.refinement(refineFile)
			if err != nil {
				return err
			}
			if o, err = refined(o, s, cmd.Flags()); err != nil {
				return err
			}
			if err := seeder.CheckRefinement(o); err != nil {
				return err
			}
			if file != "" {
				fmt.Fprintf(a.io.err, "Refined by the [seed] section of %s.\n", file)
			}
			if o.Rows < 0 {
				return usagef("seed: --rows must not be negative")
			}
			if err := o.Validate(); !o.AllTables && err != nil {
				return usagef("%v", strings.TrimPrefix(err.Error(), "seeder: "))
			}
			return runSeed(cmd.Context(), a, o, yes)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&yes, "yes", false, "do not ask for confirmation (for scripts)")
	fs.Uint64Var(&o.Seed, "seed", d.Seed, "random seed: the same seed and counts give the same data")
	fs.IntVar(&o.Users, "users", d.Users, "number of users")
	fs.IntVar(&o.ProfilesPerUser, "profiles-per-user", d.ProfilesPerUser, "profiles per user")
	fs.IntVar(&o.SessionsPerUser, "sessions-per-user", d.SessionsPerUser, "sessions per user")
	fs.IntVar(&o.ScoresPerSession, "scores-per-session", d.ScoresPerSession, "scores per session")
	fs.IntVar(&o.Levels, "levels", d.Levels, "number of levels, 1 to 5 (Beginner..Master)")
	fs.StringVar(&refineFile, "refine", "", "refine the dataset with the [seed] section of this file (default: the project file's)")
	fs.BoolVar(&o.AllTables, "all-tables", false, "seed EVERY base table of the database, whatever its schema (parents first, values chosen by column name and type)")
	fs.Int64Var(&o.Rows, "rows", 1000, "with --all-tables: rows per table")
	fs.StringVar(&method, "method", "auto", "how to load: auto, load-data (LOAD DATA LOCAL INFILE) or insert (multi-row INSERTs)")
	_ = cmd.RegisterFlagCompletionFunc("method", cobra.FixedCompletions(
		[]cobra.Completion{"auto", string(seeder.LoadInfile), string(seeder.LoadInsert)}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runSeed(ctx context.Context, a *app, o seeder.Options, yes bool) error {
	io := a.io
	if a.g.readOnly {
		return usagef("--read-only disables seed")
	}
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if c.embedded && o.Users > embeddedLargeUsers {
		fmt.Fprintf(io.err, "Warning: the embedded engine is slow at scale (about 25,000 rows take 45 s); %s rows may take a long time. Large datasets belong on a MariaDB/MySQL server (--database-url).\n",
			thousands(o.TotalRows()))
	}
	// Check before asking, so that nobody confirms a seed that cannot run.
	var conf confirmation
	var order []string
	if o.AllTables {
		plan, err := seeder.PlanAllTables(ctx, c.store, o)
		if err != nil {
			return err
		}
		var total int64
		for _, t := range plan {
			order = append(order, t.Name)
			total += t.Rows
		}
		conf = confirmation{
			action: fmt.Sprintf("replace the rows of EVERY base table of database %s in %s (%d tables: %s) with %s generated rows",
				c.store.Database(), c.label, len(plan), strings.Join(order, ", "), thousands(total)),
			typeName: c.store.Database(),
		}
	} else {
		if err := seeder.CheckSchema(ctx, c.store); err != nil {
			return err
		}
		order = []string{"users", "user_profiles", "sessions", "levels", "scores"}
		conf = confirmation{
			action:   fmt.Sprintf("replace every row of the demobots tables in %s with %s generated rows", c.label, thousands(o.TotalRows())),
			typeName: c.store.Database(),
		}
	}
	if err := confirm(ctx, io.in, io.err, isTerminal(io.in), yes, conf); err != nil {
		return err
	}
	pp := newProgressPrinter(io.err, isTerminal(io.err))
	o.Progress = withPhaseLog(a.log, "seed", pp.event)
	o.SkipSchemaCheck = true
	start := time.Now()
	stats, err := seeder.Seed(ctx, c.store, o)
	pp.done()
	logDone(a.log, "seed", start, err, "seed", o.Seed, "rows", stats.Total(), "method", string(stats.Method))
	if err != nil {
		return rolledBack("seed", c.label, err)
	}
	var parts []string
	for _, t := range order {
		parts = append(parts, fmt.Sprintf("%s %s", t, thousands(stats.Rows[t])))
	}
	how := methodText(stats.Method)
	if stats.Swapped {
		how += ", through shadow tables swapped in with one RENAME TABLE"
	}
	fmt.Fprintf(io.err, "Seeded %s with seed %d: %s rows (%s) in %.1fs using %s.\n",
		c.label, o.Seed, thousands(stats.Total()), strings.Join(parts, ", "), stats.Duration.Seconds(), how)
	return nil
}

// rolledBack adds to the error of a failed reset or seed what a user most
// needs to know: both run in one transaction, so nothing was changed —
// unless the error came after COMMIT or broke the connection during it,
// which the seeder says itself.
func rolledBack(what, label string, err error) error {
	if errors.Is(err, seeder.ErrCommitted) || errors.Is(err, seeder.ErrCommitUnknown) {
		return err
	}
	return fmt.Errorf("%s stopped and was rolled back; the previous data of %s is intact: %w", what, label, err)
}

func methodText(m seeder.LoadMethod) string {
	if m == seeder.LoadInfile {
		return "LOAD DATA LOCAL INFILE"
	}
	return "multi-row INSERTs"
}
