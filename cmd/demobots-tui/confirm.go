package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// errNotConfirmed is wrapped by confirm's errors: the command changed nothing.
var errNotConfirmed = errors.New("nothing was changed")

// confirmation describes a destructive action to approve.
type confirmation struct {
	// action says what will happen, e.g. "delete every row of 5 tables in db".
	action string
	// typeName, when set, must be typed back to confirm (for data loss);
	// otherwise y or yes confirms.
	typeName string
	// flags are what a script passes instead of answering; "--yes" when
	// empty.
	flags string
}

// confirm asks for approval of c. With yes (--yes) it approves at once.
// When in is not a terminal it refuses: a script must say --yes. On a
// terminal it prompts on out and reads one line from in; anything but the
// expected answer (including end of input) declines. The default is No.
// Ctrl-C (ctx cancelled) while it waits declines at once.
func confirm(ctx context.Context, in io.Reader, out io.Writer, terminal, yes bool, c confirmation) error {
	if yes {
		return nil
	}
	if !terminal {
		flags := c.flags
		if flags == "" {
			flags = "--yes"
		}
		return fmt.Errorf("refusing to %s without confirmation: standard input is not a terminal; pass %s to confirm (%w)", c.action, flags, errNotConfirmed)
	}
	if c.typeName != "" {
		fmt.Fprintf(out, "This will %s.\nType the database name (%s) to confirm: ", c.action, c.typeName)
	} else {
		fmt.Fprintf(out, "This will %s.\nContinue? [y/N] ", c.action)
	}
	type read struct {
		line string
		err  error
	}
	// The read cannot be interrupted, so it runs aside; on Ctrl-C the
	// program exits and the goroutine with it.
	got := make(chan read, 1)
	go func() {
		line, err := bufio.NewReader(in).ReadString('\n')
		got <- read{line, err}
	}()
	var r read
	select {
	case r = <-got:
	case <-ctx.Done():
		fmt.Fprintln(out)
		return fmt.Errorf("not confirmed (%w); %w", ctx.Err(), errNotConfirmed)
	}
	if r.err != nil && !errors.Is(r.err, io.EOF) {
		return fmt.Errorf("read confirmation: %w", r.err)
	}
	answer := strings.TrimSpace(r.line)
	ok := answer == c.typeName
	if c.typeName == "" {
		ok = strings.EqualFold(answer, "y") || strings.EqualFold(answer, "yes")
	}
	if !ok {
		return fmt.Errorf("not confirmed; %w", errNotConfirmed)
	}
	return nil
}

// isTerminal reports whether f is an *os.File attached to a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}
