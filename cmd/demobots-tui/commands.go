package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one subcommand. setup registers its own flags on fs and
// returns the function that runs it once fs is parsed.
type command struct {
	name    string
	summary string
	usage   string // the arguments after the name, e.g. "[--yes] [--dry-run]"
	setup   func(fs *flag.FlagSet) func(ctx context.Context, g *globals, io stdio) error
}

// commands lists the subcommands in the order --help shows them. Each lives
// in a file of its own name.
var commands []command

func register(c command) { commands = append(commands, c) }

func lookupCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `demobots-tui %s — explore a MySQL/MariaDB database and push, pull, reset and reseed the demobots schema.

Usage:
  demobots-tui [flags]                 start the terminal UI
  demobots-tui <command> [flags]       run a command

Commands:
`, version)
	order := []string{"push", "pull", "reset", "seed"}
	seen := map[string]bool{}
	show := func(c command) {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
		seen[c.name] = true
	}
	for _, n := range order {
		if c, ok := lookupCommand(n); ok {
			show(c)
		}
	}
	for _, c := range commands {
		if !seen[c.name] {
			show(c)
		}
	}
	fmt.Fprint(w, `
Flags (before or after the command):
`)
	var g globals
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	g.register(fs)
	printFlags(w, fs)
	fmt.Fprint(w, `  -h, --help             show this help

The database is --database-url, else $DATABASE_URL, else DATABASE_URL in ./.env, else an embedded
in-memory engine seeded with the default dataset. URLs look like
  mysql://user:password@host:3306/database   or   user:password@tcp(host:3306)/database
Run 'demobots-tui <command> --help' for a command's flags.
`)
}

func printCommandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: demobots-tui %s %s\n\n%s\n\nFlags:\n", c.name, c.usage, c.summary)
	printFlags(w, fs)
}

func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		arg := "--" + f.Name
		if name != "" {
			arg += " " + strings.ToUpper(name)
		}
		fmt.Fprintf(w, "  %-22s %s\n", arg, usage)
	})
}
