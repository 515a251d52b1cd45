// Command demobots-tui explores a MySQL/MariaDB database in a terminal UI and
// pushes, pulls, resets and reseeds the demobots schema.
//
// Run without a subcommand to start the TUI; see --help for the rest.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}

// stdio is the program's standard streams, replaceable in tests.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// usageError marks errors in the command line: they exit with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, io stdio) int {
	err := dispatch(ctx, args, io)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(io.err, "demobots-tui: %s\nRun 'demobots-tui --help' for usage.\n", ue.msg)
		return 2
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(io.err, "demobots-tui: interrupted: %v\n", err)
		return 130
	}
	fmt.Fprintf(io.err, "demobots-tui: %v\n", err)
	return 1
}

func dispatch(ctx context.Context, args []string, io stdio) error {
	var g globals
	fs := newFlagSet("demobots-tui", io.err)
	g.register(fs)
	fs.Usage = func() { printUsage(io.out) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if g.version {
		fmt.Fprintf(io.out, "demobots-tui %s\n", version)
		return nil
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return runTUI(ctx, &g, io)
	}
	name := rest[0]
	if name == "help" {
		printUsage(io.out)
		return nil
	}
	cmd, ok := lookupCommand(name)
	if !ok {
		return usagef("unknown command %q", name)
	}
	sub := newFlagSet("demobots-tui "+name, io.err)
	g.register(sub)
	run := cmd.setup(sub)
	sub.Usage = func() { printCommandUsage(io.out, cmd, sub) }
	if err := sub.Parse(rest[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if sub.NArg() > 0 {
		return usagef("%s: unexpected argument %q", name, sub.Arg(0))
	}
	return run(ctx, &g, io)
}

func newFlagSet(name string, errOut io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// Errors are printed once, by run; flag's own copy would repeat them.
	fs.SetOutput(io.Discard)
	_ = errOut
	return fs
}
