package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
)

// passwordURL is a URL with a password for a fresh test database, and the
// password. On a real server it is a user of its own with rights on that
// database only; the embedded engine takes any password for root.
func passwordURL(t *testing.T) (string, string) {
	t.Helper()
	cfg := testdb.New(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	password := "Pw-" + hex.EncodeToString(b[:])
	if testdb.Embedded(t) {
		return fmt.Sprintf("mysql://%s:%s@%s/%s", cfg.User, password, cfg.Addr, cfg.DBName), password
	}
	user := "dbt_pw_" + hex.EncodeToString(b[:3])
	db := testdb.Open(t, cfg)
	ctx := context.Background()
	for _, q := range []string{
		fmt.Sprintf("CREATE USER '%s'@'%%' IDENTIFIED BY '%s'", user, password),
		fmt.Sprintf("GRANT ALL ON `%s`.* TO '%s'@'%%'", cfg.DBName, user),
		// push plans in scratch databases of its own.
		fmt.Sprintf("GRANT ALL ON `demobots\\_scratch\\_%%`.* TO '%s'@'%%'", user),
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() { _, _ = db.ExecContext(context.Background(), fmt.Sprintf("DROP USER '%s'@'%%'", user)) })
	return fmt.Sprintf("mysql://%s:%s@%s/%s", user, password, cfg.Addr, cfg.DBName), password
}

// readLog reads a debug log and checks that it is private to its owner.
func readLog(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no debug log: %v", err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("the debug log is %v, want -rw-------", perm)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A session of commands over a password-bearing URL, logged with
// --debug-file: the log holds every query with its duration and row
// count, the phases, the connections and the outcome; the password
// appears nowhere in it.
func TestDebugLogRecordsQueriesAndPhasesButNeverThePassword(t *testing.T) {
	url, password := passwordURL(t)
	log := filepath.Join(t.TempDir(), "session.log")
	for _, args := range [][]string{
		{"push", "--yes"},
		{"seed", "--yes", "--users", "3"},
		{"pull"},
		{"reset", "--yes"},
	} {
		mustRun(t, append(args, "--database-url", url, "--debug-file", log)...)
	}
	// A failure is logged too.
	code, _, _ := runIn(t, "", "seed", "--yes", "--users", "3", "--database-url", url+"_missing", "--debug-file", log)
	if code != 1 {
		t.Fatalf("an unknown database: exit %d", code)
	}

	text := readLog(t, log)
	if strings.Contains(text, password) {
		t.Fatalf("the password is in the debug log:\n%s", text)
	}
	for _, want := range []string{
		`msg="Command started" command="demobots-tui push"`,
		`msg="Push planned" statements=`,
		`msg="Push done"`,
		`msg="Phase started" op=seed phase=load table=users total=3`,
		`msg="Phase finished" op=seed phase=load table=scores done=75 total=75`,
		`msg="Seed done"`,
		`msg="Pull done"`,
		`msg="Phase started" op=reset phase=reset`,
		`msg="Reset done"`,
		`msg="Store opened"`,
		`msg="Connection opened"`,
		`msg="Connection closed"`,
		`msg="Transaction committed"`,
		`msg="Command finished" command="demobots-tui reset"`,
		`level=ERROR msg="Store open failed"`,
		`level=ERROR msg="Command failed" command="demobots-tui seed"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
	// Queries with their duration and rows read; statements with the rows
	// they affected.
	for _, re := range []string{
		`level=DEBUG msg=Query conn=\d+ duration=\S+ rows=\d+ (args=\d+ )?sql=`,
		`level=DEBUG msg=Exec conn=\d+ duration=\S+ rows_affected=\d+ (args=\d+ )?sql=`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("no record matches %s", re)
		}
	}
	if t.Failed() {
		t.Logf("the log:\n%s", text)
	}
}

// --debug writes ./debug.log; without it nothing is written.
func TestDebugWritesDebugLogInTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, errOut := runCLI(t, "pull", "--embedded"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat("debug.log"); !os.IsNotExist(err) {
		t.Fatalf("a debug log without --debug: %v", err)
	}
	// An existing log readable by others is made private.
	if err := os.WriteFile("debug.log", []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "--debug", "pull", "--embedded"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	text := readLog(t, filepath.Join(dir, "debug.log"))
	if !strings.HasPrefix(text, "old\n") {
		t.Error("the debug log was not appended to")
	}
	for _, want := range []string{`msg="Embedded engine started"`, `msg="Store opened"`, "msg=Query", "CREATE TABLE"} {
		if !strings.Contains(text, want) {
			t.Errorf("the log lacks %s:\n%s", want, text)
		}
	}
}

// A connection that fails is logged, with the target but not the password.
func TestDebugLogOfAFailedConnection(t *testing.T) {
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	log := filepath.Join(t.TempDir(), "d.log")
	code, _, _ := runIn(t, "", "pull", "--database-url", "mysql://root:hunter2-secret@"+addr+"/db", "--debug-file", log)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	text := readLog(t, log)
	if strings.Contains(text, "hunter2-secret") {
		t.Fatalf("the password is in the log:\n%s", text)
	}
	if !strings.Contains(text, "Store open failed") || !strings.Contains(text, "root@"+addr+"/db") {
		t.Errorf("the failure is not logged with its target:\n%s", text)
	}
}

// Libraries that log text lines (the embedded engine) become records.
func TestLogLinesSplitsRecords(t *testing.T) {
	var b strings.Builder
	l := &logLines{log: slog.New(slog.NewTextHandler(&b, nil)), level: slog.LevelWarn, msg: "Embedded engine"}
	for _, chunk := range []string{"first li", "ne\nsecond line\n", "\n", "third"} {
		if _, err := l.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	out := b.String()
	if strings.Count(out, `msg="Embedded engine"`) != 2 || !strings.Contains(out, `line="first line"`) || !strings.Contains(out, `line="second line"`) {
		t.Errorf("records:\n%s", out)
	}
}
