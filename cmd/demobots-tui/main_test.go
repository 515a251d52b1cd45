package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"strings"
	"testing"
)

// runCLI runs the program in-process with empty stdin and returns the exit
// status, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(""), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

func TestHelpListsCommandsAndFlags(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--database-url", "--read-only", "--embedded", "--version"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help does not mention %s:\n%s", want, out)
		}
	}
	for _, c := range newRootCommand(&app{io: stdio{out: io.Discard, err: io.Discard}}).Commands() {
		if !strings.Contains(out, "  "+c.Name()+" ") {
			t.Errorf("--help does not list command %s", c.Name())
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "--version")
	if code != 0 || !strings.Contains(out, version) {
		t.Fatalf("exit %d, out %q", code, out)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"--no-such-flag"},
	} {
		code, _, errOut := runCLI(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errOut)
		}
		if !strings.Contains(errOut, "--help") {
			t.Errorf("%v: stderr does not point to --help: %q", args, errOut)
		}
	}
}

func TestBadURLIsAClearErrorWithoutThePassword(t *testing.T) {
	t.Chdir(t.TempDir())
	const secret = "s3cr3t-pw"
	for _, url := range []string{
		"postgres://root:" + secret + "@127.0.0.1/db",
		"mysql://root:" + secret + "@127.0.0.1:99999/db",
		"mysql://root:" + secret + "@127.0.0.1:notaport/db",
		"root:" + secret + "@tcp(127.0.0.1:3306/db",
		"root:" + secret + "/db",
	} {
		code, _, errOut := runCLI(t, "pull", "--database-url", url)
		if code != 1 && code != 2 {
			t.Errorf("%q: exit %d, want 1 or 2", url, code)
		}
		if strings.Contains(errOut, secret) {
			t.Errorf("%q: the password leaked into %q", url, errOut)
		}
		if !strings.Contains(errOut, "URL") && !strings.Contains(errOut, "url") {
			t.Errorf("%q: message does not say the URL is the problem: %q", url, errOut)
		}
	}
}

func TestUnreachableServerIsAClearError(t *testing.T) {
	t.Chdir(t.TempDir())
	// A port that was just free: nothing listens there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, _, errOut := runCLI(t, "pull", "--database-url", "mysql://root:hunter2@"+addr+"/db")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %q)", code, errOut)
	}
	if strings.Contains(errOut, "hunter2") {
		t.Fatalf("password leaked: %q", errOut)
	}
	if !strings.Contains(errOut, addr) {
		t.Fatalf("message does not name %s: %q", addr, errOut)
	}
	if !strings.Contains(errOut, "comes from --database-url") {
		t.Fatalf("message does not say where the URL came from: %q", errOut)
	}
}

func TestGlobalFlagAfterCommand(t *testing.T) {
	t.Chdir(t.TempDir())
	// --database-url after the command name must be understood (a bad
	// scheme proves it was read).
	code, _, errOut := runCLI(t, "pull", "--database-url", "nope://x")
	if code == 0 || !strings.Contains(errOut, "nope") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
