package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demobots/demobots-tui/internal/project"
)

// newRootCommand builds the command line: the TUI as the root command, the
// subcommands of commands, help, --version and completion. Global flags
// are persistent, so they work before or after a command's name.
func newRootCommand(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "demobots-tui",
		Short: "Explore a MySQL/MariaDB database and push, pull, reset and reseed the demobots schema",
		Long: `demobots-tui explores a MySQL/MariaDB database in a terminal UI (run it without a command)
and pushes, pulls, resets and reseeds the demobots schema.

The database is --database-url, else $DATABASE_URL, else DATABASE_URL in ./.env, else an embedded
in-memory engine seeded with the default dataset. URLs look like
  mysql://user:password@host:3306/database   or   user:password@tcp(host:3306)/database
A URL without a database opens the TUI's database switcher; the commands need one.

Exit status: 0 ok, 1 error, 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).`,
		Version:       version,
		Args:          unknownCommand,
		SilenceErrors: true, // run prints them, once
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.openLog(cmd)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), a)
		},
	}
	root.SuggestionsMinimumDistance = 2
	root.SetVersionTemplate("demobots-tui {{.Version}}\n")
	root.SetIn(a.io.in)
	root.SetOut(a.io.out)
	root.SetErr(a.io.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError{err.Error()}
	})
	a.g.register(root)
	for _, newCommand := range commands {
		cmd := newCommand(a)
		// Use spells out the flags already.
		cmd.DisableFlagsInUseLine = true
		root.AddCommand(cmd)
	}
	return root
}

// register adds the global flags to root as persistent flags.
func (g *globals) register(root *cobra.Command) {
	fs := root.PersistentFlags()
	fs.StringVar(&g.databaseURL, "database-url", "", "database `URL` (default: $DATABASE_URL, then DATABASE_URL in ./.env, then the embedded engine)")
	fs.BoolVar(&g.readOnly, "read-only", false, "open the connection read-only and disable push, reset and reseed")
	fs.BoolVar(&g.embedded, "embedded", false, "use the embedded in-memory engine even when a database URL is configured")
	fs.StringVar(&g.listen, "listen", "", "with the embedded engine: also serve it on this TCP `address` (e.g. 127.0.0.1:3307)")
	fs.BoolVar(&g.listenInsecure, "listen-insecure", false, "allow --listen on an address other than loopback (anyone who reaches it is root, without a password)")
	fs.BoolVar(&g.debug, "debug", false, "write a debug log (queries, phases, errors; never the password) to ./debug.log")
	fs.StringVar(&g.debugFile, "debug-file", "", "write the debug log to `file` instead of ./debug.log (implies --debug)")
	fs.StringVar(&g.config, "config", "", "the project `file`, with the relations the schema has no foreign key for (default: ./"+project.DefaultFile+" when it exists)")
	_ = root.RegisterFlagCompletionFunc("database-url", cobra.NoFileCompletions)
	_ = root.RegisterFlagCompletionFunc("listen", cobra.NoFileCompletions)
	_ = root.MarkPersistentFlagFilename("debug-file", "log")
	_ = root.MarkPersistentFlagFilename("config", "toml")
}

// unknownCommand is the root's Args: the TUI takes no arguments, so a word
// there is a mistyped command, answered with the commands it resembles.
func unknownCommand(root *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := root.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
	}
	return usageError{msg}
}
