// Command demobots-tui explores a MySQL/MariaDB database in a terminal UI and
// pushes, pulls, resets and reseeds the demobots schema.
//
// Run without a command to start the TUI; see --help for the rest.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, stop := notifySignals(context.Background())
	code := run(ctx, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr})
	stop()
	os.Exit(code)
}

// stdio is the program's standard streams, replaceable in tests.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// Exit statuses.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130 // 128 + SIGINT
)

// usageError marks errors in the command line: they exit with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run is main without the process: it parses args, runs the command (the
// TUI when there is none) and returns the exit status. Errors are printed
// once, here.
func run(ctx context.Context, args []string, io stdio) int {
	a := &app{io: io}
	root := newRootCommand(a)
	root.SetArgs(args)
	start := time.Now()
	cmd, err := root.ExecuteContextC(ctx)
	a.finish(cmd, start, err)
	return a.report(ctx, err)
}

// report prints err (once) and returns the exit status it means.
func (a *app) report(ctx context.Context, err error) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(a.io.err, "demobots-tui: %s\nRun 'demobots-tui --help' for usage.\n", ue.msg)
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		code, what := exitInterrupted, "interrupted"
		var se signalError
		if errors.As(context.Cause(ctx), &se) {
			code, what = se.exitStatus(), "interrupted by "+signalName(se.sig)
		}
		fmt.Fprintf(a.io.err, "demobots-tui: %s: %v\n", what, err)
		return code
	}
	fmt.Fprintf(a.io.err, "demobots-tui: %v\n", err)
	return exitError
}
