package main

import (
	"fmt"
	"os"
	"os/exec"
	"sync/atomic"
	"testing"
)

var tmuxServers atomic.Int64

// newTmux runs tmux commands against a tmux server of the test's own (a
// private socket), killed when the test ends. Tests sharing the default
// server race with each other: a new session can meet a server that the
// last kill-session of another test is shutting down.
func newTmux(t *testing.T) func(args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
	}
	socket := fmt.Sprintf("demobots-test-%d-%d", os.Getpid(), tmuxServers.Add(1))
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", socket, "kill-server").Run() })
	return func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
}
