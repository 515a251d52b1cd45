package main

import (
	"strings"
	"testing"
)

func TestCheckListen(t *testing.T) {
	for _, addr := range []string{"", "127.0.0.1:3307", "127.0.0.2:3307", "localhost:3307", "LOCALHOST:0", "[::1]:3307"} {
		if w, err := checkListen(addr, false); err != nil || w != "" {
			t.Errorf("%q: refused or warned: %q, %v", addr, w, err)
		}
	}
	for _, addr := range []string{"0.0.0.0:3307", ":3307", "[::]:3307", "192.168.1.5:3307", "db.example.com:3307"} {
		_, err := checkListen(addr, false)
		if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), "--listen-insecure") || !strings.Contains(err.Error(), "without a password") {
			t.Errorf("%q: %v, want a usage error naming the risk and --listen-insecure", addr, err)
		}
		w, err := checkListen(addr, true)
		if err != nil || w != "serving the embedded engine on "+addr+" with a passwordless root" {
			t.Errorf("%q --listen-insecure: %q, %v", addr, w, err)
		}
	}
	if _, err := checkListen("3307", false); err == nil || !strings.Contains(err.Error(), "host:port") {
		t.Errorf("a port alone: %v", err)
	}
}

// --listen on every interface is refused before the engine starts (exit 2);
// with --listen-insecure it runs and says what it exposes, and the TUI
// gets the same warning for its status line.
func TestListenBeyondLoopbackNeedsInsecure(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, errOut := runCLI(t, "pull", "--embedded", "--listen", "0.0.0.0:0")
	if code != 2 || !strings.Contains(errOut, "--listen-insecure") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	code, out, errOut := runCLI(t, "pull", "--embedded", "--listen", "0.0.0.0:0", "--listen-insecure")
	if code != 0 || !strings.Contains(out, "CREATE TABLE `users`") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "Warning: serving the embedded engine on 0.0.0.0:0 with a passwordless root") {
		t.Errorf("no warning on stderr: %q", errOut)
	}

	a := &app{io: stdio{out: &strings.Builder{}, err: &strings.Builder{}}}
	a.g.embedded, a.g.listen, a.g.listenInsecure = true, "0.0.0.0:0", true
	c := openForTUI(t, a)
	deps := a.tuiDeps(c, newDatabases(a, c))
	if deps.Warning != "serving the embedded engine on 0.0.0.0:0 with a passwordless root" {
		t.Errorf("tui.Deps.Warning = %q", deps.Warning)
	}
	a.g.listen, a.g.listenInsecure = "127.0.0.1:0", false
	if c := openForTUI(t, a); a.tuiDeps(c, newDatabases(a, c)).Warning != "" {
		t.Error("a loopback --listen warns")
	}
}
