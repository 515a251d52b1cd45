package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The TUI stopped by a signal exits as the shell expects of a process a
// signal ended: 130 for SIGINT, 143 for SIGTERM, with the terminal
// restored (the shell's next line shows). The real binary runs in a tmux
// pane, and the test signals it by its process id.
func TestTUIExitStatusOnSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives it in tmux")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
	}
	bin := buildSeedBinary(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		want string
	}{
		{syscall.SIGINT, "EXIT=130"},
		{syscall.SIGTERM, "EXIT=143"},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			pidFile := filepath.Join(dir, "pid")
			session := fmt.Sprintf("dbtsig%d_%d", os.Getpid(), int(tc.sig))
			tmux := newTmux(t)
			// The inner shell writes its pid, then becomes the program.
			tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
				fmt.Sprintf("cd %s && sh -c 'echo $$ > %s; exec %s --embedded'; echo EXIT=$?; sleep 30", dir, pidFile, bin))
			waitFor := func(what string) string {
				t.Helper()
				deadline := time.Now().Add(30 * time.Second)
				for {
					s := tmux("capture-pane", "-p", "-t", session)
					if strings.Contains(s, what) {
						return s
					}
					if time.Now().After(deadline) {
						t.Fatalf("the pane never showed %q:\n%s", what, s)
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
			waitFor("user_profiles")
			b, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatal(err)
			}
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			if err := syscall.Kill(pid, tc.sig); err != nil {
				t.Fatal(err)
			}
			s := waitFor("EXIT=")
			if !strings.Contains(s, tc.want) {
				t.Fatalf("want %s:\n%s", tc.want, s)
			}
			if strings.Contains(s, "user_profiles") {
				t.Errorf("the TUI's screen is still shown after it exited:\n%s", s)
			}
		})
	}
}
