// Package embedded runs an in-process, in-memory MySQL-compatible server
// (github.com/dolthub/go-mysql-server) so that demobots-tui works, and its
// tests run, on a machine without a database server.
//
// Only cmd and tests import this package: store, seeder and tui talk to it
// over the MySQL protocol like to any other server and do not know it exists.
package embedded

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
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
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("embedded: listen on %s: %w", addr, err)
	}

	// Native indexes are required: without them, databases created by SQL
	// (such as push's scratch database) reject FOREIGN KEY definitions with
	// "missing index for foreign key".
	pro := memory.NewDBProviderWithOpts(memory.NativeIndexProvider(true))
	engine := sqle.NewDefault(pro)
	cfg := server.Config{Protocol: "tcp", Address: ln.Addr().String(), Listener: ln}
	srv, err := server.NewServerWithHandler(cfg, engine, sql.NewContext, memory.NewSessionBuilder(pro.(*memory.DbProvider)), nil, serialize)
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

// serialize runs one statement at a time. The in-memory engine is not safe
// for overlapping statements: a statement writes back every table it read
// when it commits, so a read that overlaps a write on another connection
// can undo the write (300 inserts next to a looping SELECT COUNT(*) kept
// 237 rows), and an information_schema query that overlaps a DROP DATABASE
// leaves its connection failing with "database not found". One statement
// at a time costs nothing at the sizes the embedded engine is meant for.
func serialize(h mysql.Handler) (mysql.Handler, error) {
	return &serialHandler{Handler: h}, nil
}

// outOfTurn reports whether query may run outside the one-at-a-time
// order: KILL, which has to reach the engine while the statement it stops
// still runs (a statement holds its turn until its last row is sent), and
// SHOW [FULL] PROCESSLIST, which shows what runs. Both only touch the
// engine's process list, never a table.
func outOfTurn(query string) bool {
	q := strings.ToUpper(strings.Join(strings.Fields(query), " "))
	if strings.ContainsAny(q, ";") {
		return false
	}
	return strings.HasPrefix(q, "KILL ") || q == "SHOW PROCESSLIST" || q == "SHOW FULL PROCESSLIST"
}

type serialHandler struct {
	mysql.Handler
	mu sync.Mutex
}

func (h *serialHandler) ComInitDB(c *mysql.Conn, schemaName string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.Handler.ComInitDB(c, schemaName)
}

func (h *serialHandler) ComQuery(ctx context.Context, c *mysql.Conn, query string, callback mysql.ResultSpoolFn) error {
	if outOfTurn(query) {
		return h.Handler.ComQuery(ctx, c, query, callback)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.Handler.ComQuery(ctx, c, query, callback)
}

func (h *serialHandler) ComMultiQuery(ctx context.Context, c *mysql.Conn, query string, callback mysql.ResultSpoolFn) (string, error) {
	if outOfTurn(query) {
		return h.Handler.ComMultiQuery(ctx, c, query, callback)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.Handler.ComMultiQuery(ctx, c, query, callback)
}

func (h *serialHandler) ComPrepare(ctx context.Context, c *mysql.Conn, query string, prepare *mysql.PrepareData) ([]*querypb.Field, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fields, err := h.Handler.ComPrepare(ctx, c, query, prepare)
	timeDecimals(fields)
	return fields, err
}

func (h *serialHandler) ComStmtExecute(ctx context.Context, c *mysql.Conn, prepare *mysql.PrepareData, callback func(*sqltypes.Result) error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.Handler.ComStmtExecute(ctx, c, prepare, func(r *sqltypes.Result) error {
		if r != nil {
			timeDecimals(r.Fields)
		}
		return callback(r)
	})
}

// timeDecimals gives TIME result columns the six fractional digits the
// engine keeps (its catalog reports every TIME column as time(6)). The
// engine leaves their Decimals at 0, and a client decoding the binary
// protocol (every prepared statement) then drops the microseconds the
// engine sent: -00:00:00.000001 came back as -00:00:00.
func timeDecimals(fields []*querypb.Field) {
	for _, f := range fields {
		if f != nil && f.Type == querypb.Type_TIME && f.Decimals == 0 {
			f.Decimals = 6
		}
	}
}
