package embedded

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"
)

func openDB(t *testing.T, srv *Server, db string) *sql.DB {
	t.Helper()
	cfg := mysql.NewConfig()
	cfg.User, cfg.Net, cfg.Addr, cfg.DBName = "root", "tcp", srv.Addr(), db
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	d := sql.OpenDB(conn)
	t.Cleanup(func() { d.Close() })
	return d
}

// TestConcurrentReaderLosesNoWrites guards the serialization of statements:
// without it the engine loses inserts that overlap a read on another
// connection.
func TestConcurrentReaderLosesNoWrites(t *testing.T) {
	srv, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx := context.Background()
	admin := openDB(t, srv, "")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE d"); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, srv, "d")
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id int primary key)"); err != nil {
		t.Fatal(err)
	}
	reader := openDB(t, srv, "d")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var n int
		for {
			select {
			case <-stop:
				return
			default:
			}
			_ = reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n)
		}
	}()
	const inserts = 300
	for i := 1; i <= inserts; i++ {
		if _, err := db.ExecContext(ctx, "INSERT INTO t VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != inserts {
		t.Fatalf("%d rows after %d inserts with a concurrent reader", n, inserts)
	}
}

func TestListenOnGivenAddress(t *testing.T) {
	srv, err := Start(Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var v string
	if err := openDB(t, srv, "").QueryRow("SELECT VERSION()").Scan(&v); err != nil || v == "" {
		t.Fatalf("version %q, %v", v, err)
	}
	if _, err := Start(Options{Addr: srv.Addr()}); err == nil {
		t.Fatal("a second engine on a taken address must fail")
	}
}

// TestPreparedTimeKeepsFractionalSeconds checks that a TIME value keeps
// its microseconds when it comes back from a prepared statement (the
// binary protocol, which the driver uses for every query with arguments),
// as it does from a plain query.
func TestPreparedTimeKeepsFractionalSeconds(t *testing.T) {
	srv, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx := context.Background()
	if _, err := openDB(t, srv, "").ExecContext(ctx, "CREATE DATABASE d"); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, srv, "d")
	for _, s := range []string{
		"CREATE TABLE t (id int primary key, tm time(6))",
		"INSERT INTO t VALUES (1, '-00:00:00.000001'), (2, '838:59:59'), (3, '12:34:56.789012')",
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	want := map[int]string{1: "-00:00:00.000001", 2: "838:59:59.000000", 3: "12:34:56.789012"}
	for id, w := range want {
		var got string
		if err := db.QueryRowContext(ctx, "SELECT tm FROM t WHERE id = ?", id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("row %d: prepared statement returned %q, want %q", id, got, w)
		}
	}
}
