package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/demobots/demobots-tui/tui"
)

// runTUI connects (reporting connection errors before any screen is drawn)
// and runs the terminal UI until the user quits.
func runTUI(ctx context.Context, g *globals, io stdio) error {
	logOut, closeLog, err := openDebugLog(g.debug)
	if err != nil {
		return err
	}
	defer closeLog()
	c, err := connect(ctx, g, true, logOut)
	if err != nil {
		return err
	}
	defer c.Close()
	deps := tui.Deps{Store: c.store, ReadOnly: g.readOnly, Label: c.label}
	if !g.readOnly {
		deps.Actions = tui.SeederActions(c.store, c.embedded)
	}
	if err := tui.Run(ctx, deps); err != nil && ctx.Err() == nil {
		return fmt.Errorf("terminal UI: %w", err)
	}
	return nil
}

// openDebugLog opens ./debug.log when --debug is set; otherwise logs are
// discarded, since the TUI owns the terminal.
func openDebugLog(debug bool) (io.Writer, func(), error) {
	if !debug {
		return io.Discard, func() {}, nil
	}
	f, err := os.OpenFile("debug.log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open debug log: %w", err)
	}
	return f, func() { f.Close() }, nil
}
