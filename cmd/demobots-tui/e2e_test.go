package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/internal/testdb"
)

// TestEndToEndInTmux runs the real binary the way a person would: push and
// seed from the command line, then the TUI in a tmux pane, driven with
// send-keys and read with capture-pane.
func TestEndToEndInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	tmux := newTmux(t)
	bin := buildBinary(t)
	cfg := testdb.New(t)
	url := fmt.Sprintf("mysql://%s@%s/%s", cfg.User, cfg.Addr, cfg.DBName)

	for _, args := range [][]string{{"push", "--yes"}, {"seed", "--yes"}} {
		cmd := exec.Command(bin, append(args, "--database-url", url)...)
		cmd.Dir = t.TempDir()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	// A hostile value: it tries to set the window title, clear the screen
	// and write to the clipboard. The TUI must show it, inert.
	db := testdb.Open(t, cfg)
	hostile := "Evil\x1b]2;PWNED\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07Level"
	if _, err := db.ExecContext(context.Background(), "UPDATE levels SET name = ? WHERE id = 1", hostile); err != nil {
		t.Fatal(err)
	}

	session := fmt.Sprintf("dbt%d", os.Getpid())
	// The console's history goes to a directory of the test's own.
	state := t.TempDir()
	workDir := t.TempDir()
	tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
		fmt.Sprintf("cd %s && XDG_STATE_HOME=%s %s --database-url '%s'; sleep 30", workDir, state, bin, url))
	tmux("select-pane", "-t", session, "-T", "e2e-title")

	screen := func() string { return tmux("capture-pane", "-p", "-t", session) }
	waitFor := func(what string) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			s := screen()
			if strings.Contains(s, what) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %q:\n%s", what, s)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	keys := func(k ...string) { tmux(append([]string{"send-keys", "-t", session}, k...)...) }

	waitFor("user_profiles")
	// The table list is alphabetical: levels, scores, sessions, user_profiles, users.
	keys("Enter") // open levels
	// The program draws each control character as a visible placeholder
	// (ESC as ␛, BEL as ␇). Without that, the terminal would swallow the
	// sequences and show "EvilLevel", or set the title, clear the screen
	// and write the clipboard.
	s := waitFor("Intermediate")
	if !strings.Contains(s, "Evil␛]2;PWNED␇␛[2J␛]52;c;cHduZWQ=␇Level") {
		t.Fatalf("the hostile level name is not drawn with placeholders:\n%s", s)
	}
	if title := strings.TrimSpace(tmux("display-message", "-p", "-t", session, "#{pane_title}")); title != "e2e-title" {
		t.Fatalf("a cell value changed the pane title to %q", title)
	}

	keys("Tab") // back to the table list
	keys("G")   // last table: users
	keys("Enter")
	waitFor("username")
	keys("Enter") // the first user → user view
	var first, last string
	if err := db.QueryRowContext(context.Background(),
		"SELECT p.first_name, p.last_name FROM users u JOIN user_profiles p ON p.user_id = u.id ORDER BY u.id LIMIT 1").Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	s = waitFor(last)
	if !strings.Contains(s, first) {
		t.Fatalf("user view does not show the profile %s %s:\n%s", first, last, s)
	}
	if !strings.Contains(strings.ToLower(s), "session") {
		t.Fatalf("user view does not show sessions:\n%s", s)
	}

	// Edit the first user's name in the grid, review, apply, and find it
	// in the database.
	keys("Escape") // back to the users grid
	waitFor("username")
	keys("l", "l", "e")
	waitFor("Edit users.username")
	keys("-l", "edited_by_e2e") // replaces the selected value
	keys("Enter")
	waitFor("1 pending change")
	keys("C-s")
	s = waitFor("Apply 1 statement in one transaction") // the plan is built
	if !strings.Contains(s, "UPDATE `users` SET `username` = 'edited_by_e2e'") {
		t.Fatalf("the review does not show the statement:\n%s", s)
	}
	keys("y")
	waitFor("applied 1 statement in one transaction")
	var name string
	if err := db.QueryRowContext(context.Background(), "SELECT username FROM users ORDER BY id LIMIT 1").Scan(&name); err != nil || name != "edited_by_e2e" {
		t.Fatalf("the edit is not in the database: %q %v", name, err)
	}
	// Export the users grid with the dialog's defaults: a CSV file named
	// after the table in the working directory, the header and every user,
	// the edited name included. The grid reloads after the apply: wait
	// for it, E says "still loading" meanwhile.
	waitFor("edited_by_e2e")
	waitFor("row 1 of")
	keys("E")
	waitFor("Export users")
	keys("Enter")
	waitFor("exported 12 rows")
	files, _ := filepath.Glob(filepath.Join(workDir, "users-*.csv"))
	if len(files) != 1 {
		t.Fatalf("exported files: %v", files)
	}
	if b, err := os.ReadFile(files[0]); err != nil || strings.Count(string(b), "\r\n") != 13 || !strings.Contains(string(b), ",edited_by_e2e,") {
		t.Fatalf("the export holds %q, %v", b, err)
	}

	// The query console: type two statements, run both in order (alt+r,
	// which tmux passes on as ESC r), see the last one's rows stream in,
	// then open a row from its table.
	keys(":")
	waitFor("Query console")
	// (tmux takes a semicolon at the end of an argument for its own
	// command separator: the line ends with a blank.)
	keys("-l", "SELECT COUNT(*) AS n FROM levels; ")
	keys("Enter")
	keys("-l", "SELECT id, username FROM users ORDER BY id")
	keys("M-r")
	s = waitFor("all rows read")
	var firstUser string
	if err := db.QueryRowContext(context.Background(), "SELECT username FROM users ORDER BY id LIMIT 1").Scan(&firstUser); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, firstUser) || !strings.Contains(s, "SELECT: 1 row") || !strings.Contains(s, "rows of users") {
		t.Fatalf("the console does not show both statements' outcome:\n%s", s)
	}
	// ctrl+r runs the statement under the cursor (the second line).
	keys("C-r")
	waitFor("all rows read")
	// To the result (sent alone: ESC followed at once by another key reads
	// as alt+key), then open the first row: the record of users.
	keys("Escape")
	waitFor("e edit SQL")
	keys("Enter")
	s = waitFor("date_of_birth")
	if !strings.Contains(s, "users id=1") {
		t.Fatalf("enter on a result row does not open its record:\n%s", s)
	}
	keys("q")
	history := filepath.Join(state, "demobots-tui", "history")
	fi, err := os.Stat(history)
	if err != nil {
		t.Fatalf("no query history: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("the history file is %v, want 0600", fi.Mode().Perm())
	}
	if data, _ := os.ReadFile(history); !strings.Contains(string(data), "SELECT id, username FROM users ORDER BY id") {
		t.Fatalf("the history does not hold the query:\n%s", data)
	}
}

// buildBinary compiles the program once for the test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "demobots-tui")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
