// Package testdb gives integration tests a fresh, uniquely named database on
// a real server: the one TEST_DATABASE_URL names (e.g. mysql://root@127.0.0.1:3306/),
// or, when it is unset, an embedded engine started once per test binary, so
// that a fresh machine still runs the tests instead of skipping them.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/internal/embedded"
	"github.com/demobots/demobots-tui/store"
)

var (
	once      sync.Once
	serverCfg *mysql.Config
	serverErr error
	isEmbed   bool
)

// Embedded reports whether the tests run against the embedded engine.
func Embedded(t testing.TB) bool {
	t.Helper()
	Server(t)
	return isEmbed
}

// Server returns a configuration for the test server with no database
// selected. It fails the test if the server cannot be reached.
func Server(t testing.TB) *mysql.Config {
	t.Helper()
	once.Do(func() {
		raw := os.Getenv("TEST_DATABASE_URL")
		if raw == "" {
			isEmbed = true
			var srv *embedded.Server
			srv, serverErr = embedded.Start(embedded.Options{})
			if serverErr != nil {
				return
			}
			raw = srv.URL("")
		}
		serverCfg, serverErr = store.ParseURL(raw)
		if serverErr == nil {
			serverCfg.DBName = ""
		}
	})
	if serverErr != nil {
		t.Fatalf("testdb: %v", serverErr)
	}
	return serverCfg.Clone()
}

// New creates an empty database with a unique name, drops it when the test
// ends, and returns a configuration that selects it.
func New(t testing.TB) *mysql.Config {
	t.Helper()
	cfg := Server(t)
	name := "dbt_" + strings.ToLower(sanitize(t.Name()))
	if len(name) > 40 {
		name = name[:40]
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	name += "_" + hex.EncodeToString(b[:])

	db := open(t, cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("testdb: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`"); err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
		db.Close()
	})
	cfg.DBName = name
	return cfg
}

// Open returns a *sql.DB for cfg, closed when the test ends.
func Open(t testing.TB, cfg *mysql.Config) *sql.DB {
	t.Helper()
	db := open(t, cfg)
	t.Cleanup(func() { db.Close() })
	return db
}

func open(t testing.TB, cfg *mysql.Config) *sql.DB {
	t.Helper()
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	return sql.OpenDB(conn)
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Describe names the server for test logs.
func Describe(t testing.TB) string {
	cfg := Server(t)
	if isEmbed {
		return fmt.Sprintf("embedded engine at %s", cfg.Addr)
	}
	return store.Redact(cfg)
}
