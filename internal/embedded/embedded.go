// Package embedded runs an in-process, in-memory MySQL-compatible server
// (github.com/dolthub/go-mysql-server) so that demobots-tui works, and its
// tests run, on a machine without a database server.
//
// Only cmd and tests import this package: store, seeder and tui talk to it
// over the MySQL protocol like to any other server and do not know it exists.
package embedded

import (
	"fmt"
	"io"
	"net"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/sirupsen/logrus"
)

// Server is a running embedded engine.
type Server struct {
	srv  *server.Server
	addr string
}

// Options configure Start.
type Options struct {
	// Addr is the TCP address to listen on; empty means a free port on 127.0.0.1.
	Addr string
	// Log receives the engine's own log output (it logs through logrus);
	// nil discards it, so it never reaches a terminal the TUI owns.
	Log io.Writer
}

// Start starts an empty in-memory engine listening on opts.Addr.
func Start(opts Options) (*Server, error) {
	out := opts.Log
	if out == nil {
		out = io.Discard
	}
	// The engine logs through the logrus standard logger; there is no
	// per-engine logger to hand it.
	logrus.SetOutput(out)
	logrus.SetLevel(logrus.WarnLevel)

	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("embedded: listen on %s: %w", addr, err)
	}

	// Native indexes are required: without them, databases created by SQL
	// (such as push's scratch database) reject FOREIGN KEY definitions with
	// "missing index for foreign key".
	pro := memory.NewDBProviderWithOpts(memory.NativeIndexProvider(true))
	engine := sqle.NewDefault(pro)
	cfg := server.Config{Protocol: "tcp", Address: ln.Addr().String(), Listener: ln}
	srv, err := server.NewServer(cfg, engine, sql.NewContext, memory.NewSessionBuilder(pro.(*memory.DbProvider)), nil)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("embedded: start engine: %w", err)
	}
	go func() { _ = srv.Start() }()
	return &Server{srv: srv, addr: ln.Addr().String()}, nil
}

// Addr is the host:port the engine listens on.
func (s *Server) Addr() string { return s.addr }

// URL is a mysql:// URL for the engine's root user, naming database db
// (which may be empty).
func (s *Server) URL(db string) string { return "mysql://root@" + s.addr + "/" + db }

// Close stops the engine; its data is gone.
func (s *Server) Close() error { return s.srv.Close() }
