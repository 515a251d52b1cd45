package store_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// ctxT is a context bounded well below the test binary's timeout.
func ctxT(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// newDB creates a fresh database and returns a store on it and a plain
// *sql.DB for preparing data.
func newDB(t testing.TB) (*store.Store, *sql.DB, *mysql.Config) {
	t.Helper()
	cfg := testdb.New(t)
	st := openStore(t, cfg, store.Options{})
	return st, testdb.Open(t, cfg), cfg
}

func openStore(t testing.TB, cfg *mysql.Config, opts store.Options) *store.Store {
	t.Helper()
	st, err := store.Open(ctxT(t), cfg, opts)
	if err != nil {
		t.Fatalf("open %s: %v", testdb.Describe(t), err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// exec runs statements in order, failing the test on the first error.
func exec(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctxT(t), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// schemaStatements splits the demobots schema into statements, dropping
// comment lines (the embedded engine rejects a statement that starts with one).
func schemaStatements() []string {
	return splitStatements(demobots.Schema)
}

// splitStatements splits a schema file into statements, dropping comment
// lines.
func splitStatements(schema string) []string {
	var lines []string
	for _, l := range strings.Split(schema, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			lines = append(lines, l)
		}
	}
	var out []string
	for _, s := range strings.Split(strings.Join(lines, "\n"), ";") {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// newDemobots creates a database with the demobots schema and a small
// hand-made dataset whose summaries are easy to compute by hand:
//
//	user 1 alice: profile, sessions 10 (3 scores) and 11 (no scores), 12 (1 score)
//	user 2 bob: no profile, no sessions
func newDemobots(t testing.TB) (*store.Store, *sql.DB) {
	t.Helper()
	st, db, _ := newDemobotsWith(t, schemaStatements(), store.Options{})
	return st, db
}

// newDemobotsWith is newDemobots on the schema statements given (a variant
// of schema.sql), with a store opened with opts after the data is in.
func newDemobotsWith(t testing.TB, schema []string, opts store.Options) (*store.Store, *sql.DB, *mysql.Config) {
	t.Helper()
	cfg := testdb.New(t)
	db := testdb.Open(t, cfg)
	exec(t, db, schema...)
	exec(t, db,
		"INSERT INTO levels (id, name, difficulty) VALUES (1,'Beginner',1),(2,'Intermediate',2),(3,'Advanced',3),(4,'Expert',4),(5,'Master',5)",
		"INSERT INTO users (id, created_at, username, date_of_birth) VALUES (1,'2025-01-05 10:00:00','alice','2000-02-29'),(2,'2025-01-06 11:00:00','bob','1999-12-31')",
		"INSERT INTO user_profiles (id, user_id, first_name, last_name, title) VALUES (1,1,'Alice','Liddell','Senior')",
		// Session 12 is created before 10 and 11: oldest first means by created_at.
		"INSERT INTO sessions (id, user_id, created_at, duration) VALUES (10,1,'2025-01-06 09:00:00',3600),(11,1,'2025-01-07 09:00:00',1800),(12,1,'2025-01-05 12:00:00',2000)",
		"INSERT INTO scores (id, session_id, level_id, created_at, score, time_taken, accuracy) VALUES "+
			"(100,10,1,'2025-01-06 09:10:00',1000,60,0.5),"+
			"(101,10,3,'2025-01-06 09:05:00',3000,120,0.75),"+
			"(102,10,2,'2025-01-06 09:20:00',2001,90,0.25),"+
			"(103,12,5,'2025-01-05 12:30:00',4999,700,1)",
	)
	return openStore(t, cfg, opts), db, cfg
}

// plainIDs runs a plain query selecting one integer column.
func plainIDs(t testing.TB, db *sql.DB, query string, args ...any) []int64 {
	t.Helper()
	rows, err := db.QueryContext(ctxT(t), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// parallel marks an integration test parallel on a real server only. The
// embedded engine is not safe for concurrent sessions: a session commits
// back every table it read, so a read running alongside a write can undo
// it, and an information_schema query running while another database is
// dropped leaves its session failing with "database not found".
func parallel(t *testing.T) {
	t.Helper()
	if !testdb.Embedded(t) {
		t.Parallel()
	}
}
