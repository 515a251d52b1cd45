package main

import (
	"github.com/spf13/cobra"
)

// commands builds the subcommands, in no particular order (help sorts
// them). Adding a command is a file of its own with a constructor
//
//	func newQueryCommand(a *app) *cobra.Command
//
// (Use, Short, Args: noArgs or a validator returning usagef errors, its own
// flags, RunE calling a.connect(cmd.Context()) for the store), plus its
// line here.
var commands = []func(a *app) *cobra.Command{
	newPushCommand,
	newPullCommand,
	newResetCommand,
	newSeedCommand,
	newQueryCommand,
}

// noArgs is the Args of a command that takes flags only.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s: unexpected argument %q", cmd.Name(), args[0])
	}
	return nil
}
