package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// testURL is a mysql:// URL for a fresh test database, and a store on it.
func testURL(t *testing.T) (string, *store.Store) {
	t.Helper()
	cfg := testdb.New(t)
	st, err := store.Open(context.Background(), cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return urlOf(cfg), st
}

func urlOf(cfg *mysql.Config) string {
	return fmt.Sprintf("mysql://%s@%s/%s", cfg.User, cfg.Addr, cfg.DBName)
}

// runIn runs the program in-process with the given stdin.
func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(t.TempDir()) // no stray .env
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(stdin), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := runIn(t, "", args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out + errOut
}

func dbChecksum(t *testing.T, st *store.Store) string {
	t.Helper()
	sum, err := seeder.Checksum(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func rowCount(t *testing.T, st *store.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM `" + table + "`").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPushSeedPullCommands(t *testing.T) {
	url, st := testURL(t)
	out := mustRun(t, "push", "--dry-run", "--database-url", url)
	if !strings.Contains(out, "CREATE TABLE `users`") || !strings.Contains(out, "Dry run") {
		t.Errorf("dry run output:\n%s", out)
	}
	var tables int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", st.Database()).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("dry run created %d tables (%v)", tables, err)
	}
	mustRun(t, "push", "--yes", "--database-url", url)
	if out := mustRun(t, "push", "--database-url", url); !strings.Contains(out, "No changes") {
		t.Errorf("second push: %s", out)
	}
	out = mustRun(t, "seed", "--yes", "--database-url", url, "--seed", "5", "--users", "20", "--sessions-per-user", "2", "--scores-per-session", "3", "--levels", "4")
	if !strings.Contains(out, "Seeded") {
		t.Errorf("seed output:\n%s", out)
	}
	for table, want := range map[string]int64{"users": 20, "user_profiles": 20, "sessions": 40, "levels": 4, "scores": 120} {
		if n := rowCount(t, st, table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	file := filepath.Join(t.TempDir(), "pulled.sql")
	mustRun(t, "pull", "--out", file, "--database-url", url)
	b, err := os.ReadFile(file)
	if err != nil || strings.Count(string(b), "CREATE TABLE") != 5 {
		t.Errorf("pulled file (%v):\n%s", err, b)
	}
	mustRun(t, "reset", "--yes", "--database-url", url)
	if n := rowCount(t, st, "scores"); n != 0 {
		t.Errorf("%d scores after reset", n)
	}
}

func TestSeedUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"seed", "--levels", "9"},
		{"seed", "--users", "-1"},
		{"seed", "--method", "telepathy"},
	} {
		if code, _, errOut := runIn(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
}

// Destructive commands refuse without --yes when stdin is not a terminal,
// and change nothing.
func TestDestructiveCommandsRefuseWithoutYes(t *testing.T) {
	url, st := testURL(t)
	mustRun(t, "push", "--yes", "--database-url", url)
	mustRun(t, "seed", "--yes", "--database-url", url)
	before := dbChecksum(t, st)
	changed := filepath.Join(t.TempDir(), "changed.sql")
	if err := os.WriteFile(changed, []byte("CREATE TABLE `extra` (`id` int NOT NULL, PRIMARY KEY (`id`));"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"seed", "--users", "3"},
		{"reset"},
		{"push", "--schema", changed},
	} {
		for _, stdin := range []string{"", "y\n", "demobots\n"} {
			code, _, errOut := runIn(t, stdin, append(args, "--database-url", url)...)
			if code == 0 {
				t.Errorf("%v with stdin %q: exit 0", args, stdin)
			}
			if !strings.Contains(errOut, "--yes") || !strings.Contains(errOut, "nothing was changed") {
				t.Errorf("%v: stderr %q", args, errOut)
			}
		}
	}
	if after := dbChecksum(t, st); after != before {
		t.Error("a refused command changed the data")
	}
	var n int
	_ = st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'extra'", st.Database()).Scan(&n)
	if n != 0 {
		t.Error("a refused push changed the schema")
	}
}

// pkgDir is the package's directory (tests change the working directory).
var pkgDir, _ = os.Getwd()

// buildSeedBinary compiles the program for tests that run it as a child.
func buildSeedBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "demobots-tui")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = pkgDir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// A reseed killed with SIGKILL midway leaves the previous data intact: the
// server rolls back the transaction of the dead connection.
func TestSeedKilledMidwayKeepsPreviousData(t *testing.T) {
	if testdb.Embedded(t) {
		t.Skip("needs a server that outlives the killed process (TEST_DATABASE_URL): the binary's own embedded engine dies with it")
	}
	if testing.Short() {
		t.Skip("builds the binary and loads 640,000 rows")
	}
	url, st := testURL(t)
	mustRun(t, "push", "--yes", "--database-url", url)
	mustRun(t, "seed", "--yes", "--database-url", url)
	before := dbChecksum(t, st)

	cmd := exec.Command(buildSeedBinary(t), "seed", "--yes", "--users", "20000", "--database-url", url)
	cmd.Dir = t.TempDir()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	sc := bufio.NewScanner(stderr)
	var seen []string
	for sc.Scan() {
		seen = append(seen, sc.Text())
		// Midway: the parents are loaded and scores are streaming.
		if strings.Contains(sc.Text(), "scores: ") {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	_ = cmd.Wait()
	if !killed {
		t.Fatalf("the seed never reached the scores:\n%s", strings.Join(seen, "\n"))
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed: %v", cmd.ProcessState)
	}
	// The server rolls back the dead connection's transaction; reads see
	// the committed data meanwhile, and afterwards.
	if after := dbChecksum(t, st); after != before {
		t.Fatal("the killed seed changed the data")
	}
	// The database is usable again: the next seed is not blocked by locks
	// of the killed one for longer than the rollback takes.
	mustRun(t, "seed", "--yes", "--database-url", url)
	if after := dbChecksum(t, st); after != before {
		t.Fatal("reseeding after the kill gave other data")
	}
}
