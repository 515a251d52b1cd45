package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/demobots/demobots-tui/seeder"
)

func init() {
	register(command{
		name:    "pull",
		summary: "write the live schema as CREATE TABLE statements in foreign-key order",
		usage:   "[--out FILE]",
		setup: func(fs *flag.FlagSet) func(ctx context.Context, g *globals, io stdio) error {
			out := fs.String("out", "", "write to `file` instead of standard output")
			return func(ctx context.Context, g *globals, io stdio) error {
				return runPull(ctx, g, io, *out)
			}
		},
	})
}

func runPull(ctx context.Context, g *globals, io stdio, out string) error {
	c, err := connect(ctx, g, false, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	ddl, err := seeder.Pull(ctx, c.store)
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
