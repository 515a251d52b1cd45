package main

import (
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/demobots/demobots-tui/internal/project"
)

// app is what every command shares: the standard streams, the global
// flags and the debug log. The root command fills in the flags and opens
// the log before any command runs.
type app struct {
	io stdio
	g  globals
	// log is the debug log; it discards everything without --debug, so
	// code may log unconditionally.
	log *slog.Logger
	// closeLog flushes and closes the debug log file, if one is open.
	closeLog func()
	// debugging says whether the debug log is on; then the store logs its
	// queries too.
	debugging bool
	// project is the project file, loaded by projectFile.
	project *project.File
	// relationsOff keeps the declared relations away from the store: push
	// sets it, since they may name tables the push is about to create.
	relationsOff bool
}

// globals are the flags every command and the TUI accept, before or after
// the command's name.
type globals struct {
	databaseURL    string
	readOnly       bool
	embedded       bool
	listen         string
	listenInsecure bool
	debug          bool
	debugFile      string
	config         string
}

// storeLogger is the logger for store.Options: nil (no cost at all) unless
// debugging.
func (a *app) storeLogger() *slog.Logger {
	if !a.debugging {
		return nil
	}
	return a.log
}

// finish logs how the command ended and closes the debug log.
func (a *app) finish(cmd *cobra.Command, start time.Time, err error) {
	if a.log != nil && cmd != nil {
		name := cmd.CommandPath()
		if err != nil {
			a.log.Error("Command failed", "command", name, "duration", time.Since(start), "err", err.Error())
		} else {
			a.log.Info("Command finished", "command", name, "duration", time.Since(start))
		}
	}
	if a.closeLog != nil {
		a.closeLog()
	}
}
