package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// On a terminal (a tmux pane), a destructive push asks for the database's
// name: "y" declines and changes nothing, the name applies it.
func TestPushOnATerminalNeedsTheNameTypedForDataLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives it in tmux")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
	}
	bin := buildBinary(t)
	cfg := testdb.New(t)
	url := fmt.Sprintf("mysql://%s@%s/%s", cfg.User, cfg.Addr, cfg.DBName)
	st, err := store.Open(t.Context(), cfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mustRun(t, "push", "--yes", "--database-url", url)
	schema := writeFile(t, strings.Replace(demobots.Schema, "  `duration` int NOT NULL COMMENT 'seconds',\n", "", 1))

	base := fmt.Sprintf("dbtpush%d", os.Getpid())
	session := base
	tmux := newTmux(t)
	waitFor := func(what string) string {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			s := tmux("capture-pane", "-p", "-J", "-t", session)
			if strings.Contains(s, what) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("the terminal never showed %q:\n%s", what, s)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	hasDuration := func() bool {
		var n int
		if err := st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'sessions' AND COLUMN_NAME = 'duration'", st.Database()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	for i, answer := range []string{"y", st.Database()} {
		session = fmt.Sprintf("%s_%d", base, i) // the server ends with the test
		tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50",
			fmt.Sprintf("cd %s && %s push --schema '%s' --database-url '%s'; echo EXIT=$?; sleep 30", t.TempDir(), bin, schema, url))
		waitFor("Type the database name (" + st.Database() + ") to confirm")
		tmux("send-keys", "-t", session, answer, "Enter")
		s := waitFor("EXIT=")
		if answer == "y" {
			if !strings.Contains(s, "EXIT=1") || !strings.Contains(s, "nothing was changed") || !hasDuration() {
				t.Fatalf("answering y applied the push or did not say so:\n%s", s)
			}
			continue
		}
		if !strings.Contains(s, "EXIT=0") || hasDuration() {
			t.Fatalf("typing the name did not apply the push:\n%s", s)
		}
	}
}
