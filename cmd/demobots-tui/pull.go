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
	cmd := &cobra.Command{
		Use:   "pull [--out FILE]",
		Short: "Write the live schema as CREATE TABLE statements in foreign-key order",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPull(cmd.Context(), a, out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write to `file` instead of standard output")
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
