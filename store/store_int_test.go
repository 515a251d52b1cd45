package store_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

func TestOpenUnreachable(t *testing.T) {
	parallel(t)
	// A port nobody listens on: listen, note the port, close.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg, err := store.ParseURL("mysql://root:Secr3tPw@" + addr + "/demo")
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctxT(t), cfg, store.Options{})
	if !errors.Is(err, store.ErrUnreachable) {
		t.Fatalf("got %v, want ErrUnreachable", err)
	}
	for _, want := range []string{"cannot reach the database server at " + addr, "connection refused", "is it running?"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "Secr3tPw") {
		t.Errorf("the password leaked: %v", err)
	}
}

func TestOpenAccessDenied(t *testing.T) {
	parallel(t)
	if testdb.Embedded(t) {
		t.Skip("the embedded engine has no user accounts: it accepts any password (run with TEST_DATABASE_URL for this test)")
	}
	cfg := testdb.Server(t)
	cfg.Passwd = "Wr0ng-Pass-123"
	_, err := store.Open(ctxT(t), cfg, store.Options{})
	if !errors.Is(err, store.ErrAccessDenied) {
		t.Fatalf("got %v, want ErrAccessDenied", err)
	}
	if strings.Contains(err.Error(), "Wr0ng-Pass-123") {
		t.Errorf("the password leaked: %v", err)
	}
	if !strings.Contains(err.Error(), "check the user name and password") {
		t.Errorf("no advice in %q", err)
	}
}

func TestOpenUnknownDatabase(t *testing.T) {
	parallel(t)
	cfg := testdb.Server(t)
	cfg.DBName = "no_such_db_for_store_tests"
	_, err := store.Open(ctxT(t), cfg, store.Options{})
	if !errors.Is(err, store.ErrUnknownDatabase) {
		t.Fatalf("got %v, want ErrUnknownDatabase", err)
	}
	for _, want := range []string{`"no_such_db_for_store_tests"`, "CREATE DATABASE `no_such_db_for_store_tests`"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}

func TestInfo(t *testing.T) {
	parallel(t)
	st, _, cfg := newDB(t)
	ctx := ctxT(t)
	if err := st.DB().PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Database != cfg.DBName || info.Host != cfg.Addr || info.User != cfg.User || info.Version == "" || info.ReadOnly {
		t.Errorf("info = %+v", info)
	}
	if info.Flavor != st.Flavor() || info.Flavor.Reported != info.Version {
		t.Errorf("info flavour %+v, store flavour %+v, version %q", info.Flavor, st.Flavor(), info.Version)
	}
	t.Logf("server %s on %s", info.Version, testdb.Describe(t))
}

// TestFlavor checks the flavour detected on the test server against what
// the server itself says.
func TestFlavor(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	f := st.Flavor()
	var version, comment string
	if err := db.QueryRowContext(ctxT(t), "SELECT VERSION(), @@version_comment").Scan(&version, &comment); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: VERSION() %q, comment %q: %s", testdb.Describe(t), version, comment, f)
	switch {
	case testdb.Embedded(t):
		if f.Kind != store.FlavorEmbedded || f.String() != "embedded go-mysql-server" {
			t.Errorf("the embedded engine is detected as %+v", f)
		}
	case strings.Contains(version, "MariaDB"):
		if f.Kind != store.FlavorMariaDB || !strings.HasPrefix(version, f.Version+"-") || f.String() != "MariaDB "+f.Version {
			t.Errorf("MariaDB %q is detected as %+v (%s)", version, f, f)
		}
	case strings.Contains(version, "TiDB"):
		var release string
		if err := db.QueryRowContext(ctxT(t), "SELECT tidb_version()").Scan(&release); err != nil {
			t.Fatal(err)
		}
		if f.Kind != store.FlavorTiDB || f.Version == "" || !strings.Contains(release, f.Version) || f.String() != "TiDB "+f.Version {
			t.Errorf("TiDB %q (%q) is detected as %+v (%s)", version, release, f, f)
		}
	default:
		if f.Kind != store.FlavorMySQL || !strings.HasPrefix(version, f.Version) {
			t.Errorf("%q is detected as %+v", version, f)
		}
	}
	// Read-only connections (which check every statement) detect the
	// same. TiDB refuses SET SESSION TRANSACTION READ ONLY unless its noop
	// functions are enabled, so a read-only store does not open there yet.
	if f.Kind != store.FlavorTiDB {
		ro := openStore(t, st.Config(), store.Options{ReadOnly: true})
		if ro.Flavor() != f {
			t.Errorf("read-only store: %+v, want %+v", ro.Flavor(), f)
		}
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	parallel(t)
	_, db, cfg := newDB(t)
	exec(t, db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')")
	ro := openStore(t, cfg, store.Options{ReadOnly: true})
	ctx := ctxT(t)
	writes := []string{
		"INSERT INTO t VALUES (2, 'b')",
		"UPDATE t SET v = 'x'",
		"DELETE FROM t",
		"CREATE TABLE t2 (id INT)",
		"DROP TABLE t",
	}
	for _, w := range writes {
		if _, err := ro.DB().ExecContext(ctx, w); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("%s: got %v, want ErrReadOnly", w, err)
		}
	}
	tx, err := ro.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO t VALUES (3, 'c')")
	_ = tx.Rollback()
	if !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("write in a transaction: got %v, want ErrReadOnly", err)
	}
	// Reads still work, and nothing changed.
	page, err := ro.Rows(ctx, store.RowQuery{Table: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != 1 || page.Rows[0][1].String() != "a" {
		t.Errorf("rows changed: %+v", page.Rows)
	}
	info, err := ro.Info(ctx)
	if err != nil || !info.ReadOnly {
		t.Errorf("info %+v, %v", info, err)
	}
	if !testdb.Embedded(t) && ro.Flavor().Kind != store.FlavorTiDB {
		// The client-side guard refuses the writes above before they are
		// sent; the server is set to refuse them as well (MariaDB calls
		// the variable tx_read_only, MySQL 8 transaction_read_only). The
		// embedded engine and TiDB accept read-only sessions only as a
		// no-op: there the guard alone refuses writes.
		var v string
		err := ro.DB().QueryRowContext(ctx, "SELECT @@tx_read_only").Scan(&v)
		if err != nil {
			err = ro.DB().QueryRowContext(ctx, "SELECT @@transaction_read_only").Scan(&v)
		}
		if err != nil || v != "1" {
			t.Errorf("session read-only = %q, %v; want 1", v, err)
		}
	}
}

func TestCancelLeavesPoolUsable(t *testing.T) {
	parallel(t)
	st, _, _ := newDB(t)
	ctx, cancel := context.WithTimeout(ctxT(t), 200*time.Millisecond)
	defer cancel()
	var slept int
	err := st.DB().QueryRowContext(ctx, "SELECT SLEEP(5)").Scan(&slept)
	if err == nil {
		t.Fatalf("SLEEP(5) finished (returned %d) despite a 200ms deadline", slept)
	}
	if werr := store.WrapError(err, st.Config()); !errors.Is(werr, store.ErrTimeout) {
		t.Errorf("got %v, want ErrTimeout", werr)
	}
	// Store methods report a dead context the same way.
	done, cancelDone := context.WithCancel(ctxT(t))
	cancelDone()
	if _, err := st.Tables(done); !errors.Is(err, store.ErrCanceled) {
		t.Errorf("Tables with a cancelled context: %v", err)
	}
	// The pool is still usable, on every connection.
	for range 10 {
		if err := st.DB().PingContext(ctxT(t)); err != nil {
			t.Fatalf("ping after cancel: %v", err)
		}
		if _, err := st.Tables(ctxT(t)); err != nil {
			t.Fatalf("tables after cancel: %v", err)
		}
	}
}
