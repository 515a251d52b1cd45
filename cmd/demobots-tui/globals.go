package main

import "flag"

// globals are the flags every subcommand and the TUI accept, before or
// after the subcommand's name.
type globals struct {
	databaseURL string
	readOnly    bool
	embedded    bool
	listen      string
	debug       bool
	version     bool
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.databaseURL, "database-url", g.databaseURL, "database URL (default: $DATABASE_URL, then DATABASE_URL in ./.env, then the embedded engine)")
	fs.BoolVar(&g.readOnly, "read-only", g.readOnly, "open the connection read-only and disable push, reset and reseed")
	fs.BoolVar(&g.embedded, "embedded", g.embedded, "use the embedded in-memory engine even when a database URL is configured")
	fs.StringVar(&g.listen, "listen", g.listen, "with the embedded engine: also serve it on this TCP address (e.g. 127.0.0.1:3307)")
	fs.BoolVar(&g.debug, "debug", g.debug, "write a debug log to ./debug.log")
	fs.BoolVar(&g.version, "version", g.version, "print the version and exit")
}
