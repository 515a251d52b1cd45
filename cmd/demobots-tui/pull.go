package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/demobots/demobots-tui/seeder"
)

func newPullCommand(a *app) *cobra.Command {
	var out string
	var relations, force bool
	cmd := &cobra.Command{
		Use:   "pull [--out FILE] | pull --relations [--force]",
		Short: "Write the live schema as CREATE TABLE statements in foreign-key order, or the inferred relations into the project file",
		Long: `pull writes the live schema as CREATE TABLE statements, parents before children.

pull --relations writes the relations inferred from column names (user_id → users.id where no
foreign key says so) into the project file (--config, default ./demobots-tui.toml) as [[relation]]
entries for review: it creates the file, or with --force adds the relations it lacks at its end,
leaving what it holds as it is.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if relations {
				if out != "" {
					return usagef("pull: --relations writes the project file; --out is for the schema")
				}
				return runPullRelations(cmd.Context(), a, force)
			}
			if force {
				return usagef("pull: --force goes with --relations")
			}
			return runPull(cmd.Context(), a, out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write to `file` instead of standard output")
	cmd.Flags().BoolVar(&relations, "relations", false, "write the relations inferred from column names into the project file, for review")
	cmd.Flags().BoolVar(&force, "force", false, "with --relations: add to a project file that exists (its own content stays)")
	_ = cmd.MarkFlagFilename("out", "sql")
	return cmd
}

func runPull(ctx context.Context, a *app, out string) error {
	io := a.io
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	start := time.Now()
	ddl, err := seeder.Pull(ctx, c.store)
	logDone(a.log, "pull", start, err, "tables", strings.Count(ddl, "CREATE TABLE "))
	if err != nil {
		return err
	}
	if out == "" {
		_, err := fmt.Fprint(io.out, ddl)
		return err
	}
	if err := os.WriteFile(out, []byte(ddl), 0o644); err != nil {
		return fmt.Errorf("write the schema: %w", err)
	}
	fmt.Fprintf(io.err, "Wrote the schema of %s (%d tables) to %s.\n", c.label, strings.Count(ddl, "CREATE TABLE "), out)
	return nil
}
