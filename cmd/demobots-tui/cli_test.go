package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"syscall"
	"testing"
)

func TestMistypedCommandSuggestsTheNearestOnes(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"puhs", "push"},
		{"sede", "seed"},
		{"rest", "reset"},
		{"pul", "pull"},
	} {
		code, _, errOut := runCLI(t, tc.typed)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2", tc.typed, code)
		}
		if !strings.Contains(errOut, "Did you mean this?") || !strings.Contains(errOut, "\t"+tc.want+"\n") {
			t.Errorf("%s: no suggestion of %s in %q", tc.typed, tc.want, errOut)
		}
	}
}

func TestUnexpectedArgumentIsAUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"pull", "extra"},
		{"seed", "--yes", "now"},
		{"push", "--bogus"},
		{"seed", "--users", "many"},
	} {
		code, _, errOut := runCLI(t, args...)
		if code != 2 || !strings.Contains(errOut, "--help") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

// An error is printed once, not by the library and again by run.
func TestErrorsArePrintedOnce(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{
		{"frobnicate"},
		{"pull", "--no-such-flag"},
		{"pull", "--database-url", "nope://x"},
	} {
		_, out, errOut := runCLI(t, args...)
		if n := strings.Count(errOut, "demobots-tui: "); n != 1 {
			t.Errorf("%v: the error appears %d times:\n%s", args, n, errOut)
		}
		if strings.Contains(errOut, "Usage:") || strings.Contains(out, "Usage:") {
			t.Errorf("%v: the usage was dumped with the error:\n%s%s", args, out, errOut)
		}
	}
}

func TestCommandHelp(t *testing.T) {
	for cmd, flags := range map[string][]string{
		"push":  {"--yes", "--accept-data-loss", "--dry-run", "--prune", "--schema"},
		"pull":  {"--out", "--relations", "--force"},
		"reset": {"--yes"},
		"seed":  {"--yes", "--seed", "--users", "--sessions-per-user", "--scores-per-session", "--levels", "--method", "--profiles-per-user"},
	} {
		for _, args := range [][]string{{cmd, "--help"}, {"help", cmd}} {
			code, out, _ := runCLI(t, args...)
			if code != 0 {
				t.Errorf("%v: exit %d", args, code)
			}
			for _, f := range append(flags, "--database-url", "--debug-file", "--config") {
				if !strings.Contains(out, f) {
					t.Errorf("%v does not mention %s:\n%s", args, f, out)
				}
			}
		}
	}
	if code, out, _ := runCLI(t, "help"); code != 0 || !strings.Contains(out, "completion") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash": "complete -o default -F __start_demobots-tui demobots-tui",
		"zsh":  "#compdef demobots-tui",
		"fish": "complete -c demobots-tui",
	} {
		code, out, errOut := runCLI(t, "completion", shell)
		if code != 0 || !strings.Contains(out, marker) {
			t.Errorf("completion %s: exit %d, no %q in the script (stderr %q)", shell, code, marker, errOut)
		}
	}
	// The shells ask the program itself for what fits: commands, flags
	// and the values of --method.
	code, out, _ := runCLI(t, "__complete", "se")
	if code != 0 || !strings.Contains(out, "seed") {
		t.Errorf("command completion: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "__complete", "push", "--acc")
	if code != 0 || !strings.Contains(out, "--accept-data-loss") {
		t.Errorf("flag completion: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "__complete", "seed", "--method", "")
	for _, m := range []string{"auto", "load-data", "insert"} {
		if code != 0 || !strings.Contains(out, m+"\n") {
			t.Errorf("--method completion lacks %s: exit %d\n%s", m, code, out)
		}
	}
}

// Global flags work before the command's name as well as after it.
func TestGlobalFlagBeforeCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, errOut := runCLI(t, "--database-url", "nope://x", "pull")
	if code == 0 || !strings.Contains(errOut, "nope") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "--read-only", "reset", "--yes")
	if code != 2 || !strings.Contains(errOut, "--read-only disables reset") {
		t.Fatalf("--read-only before reset: exit %d, stderr %q", code, errOut)
	}
}

// A command stopped by a signal exits with 128 + the signal's number,
// whatever it was doing; an interruption without a known signal is SIGINT's.
func TestInterruptedExitStatus(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		cause error
		code  int
		says  string
	}{
		{nil, 130, "interrupted"},
		{signalError{syscall.SIGINT}, 130, "interrupted by SIGINT"},
		{signalError{syscall.SIGTERM}, 143, "interrupted by SIGTERM"},
	} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(tc.cause)
		var out, errOut bytes.Buffer
		code := run(ctx, []string{"pull", "--embedded"}, stdio{in: strings.NewReader(""), out: &out, err: &errOut})
		if code != tc.code || !strings.Contains(errOut.String(), tc.says) {
			t.Errorf("cause %v: exit %d, want %d; stderr %q", tc.cause, code, tc.code, errOut.String())
		}
	}
}

// openForTUI opens what runTUI opens (the embedded engine seeded, or the
// URL's server, with or without a database), closed when the test ends.
func openForTUI(t *testing.T, a *app) *conn {
	t.Helper()
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	c, err := a.open(t.Context(), true, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}
