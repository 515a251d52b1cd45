package main

import (
	"context"
	"fmt"
)

// runTUI starts the terminal UI on the configured database.
func runTUI(ctx context.Context, g *globals, io stdio) error {
	c, err := connect(ctx, g, true, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	return fmt.Errorf("the TUI is not built yet (connected to %s)", c.label)
}
