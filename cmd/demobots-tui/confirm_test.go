package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestConfirm(t *testing.T) {
	named := confirmation{action: "delete everything", typeName: "db-demobots"}
	yn := confirmation{action: "add a column"}
	for _, tc := range []struct {
		name     string
		c        confirmation
		input    string
		terminal bool
		yes      bool
		ok       bool
	}{
		{"--yes approves without reading", named, "", false, true, true},
		{"not a terminal refuses", named, "db-demobots\n", false, false, false},
		{"not a terminal refuses y too", yn, "y\n", false, false, false},
		{"typed name approves", named, "db-demobots\n", true, false, true},
		{"typed name without newline (EOF) approves", named, "db-demobots", true, false, true},
		{"wrong name declines", named, "db-demo\n", true, false, false},
		{"y is not the name", named, "y\n", true, false, false},
		{"empty input declines", named, "", true, false, false},
		{"y approves", yn, "y\n", true, false, true},
		{"YES approves", yn, " YES \n", true, false, true},
		{"default is no", yn, "\n", true, false, false},
		{"n declines", yn, "n\n", true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := confirm(context.Background(), strings.NewReader(tc.input), &out, tc.terminal, tc.yes, tc.c)
			if (err == nil) != tc.ok {
				t.Fatalf("confirm = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, errNotConfirmed) {
				t.Errorf("error %v does not say nothing changed", err)
			}
			if tc.terminal && !tc.yes && !strings.Contains(out.String(), tc.c.action) {
				t.Errorf("prompt %q does not say what will happen", out.String())
			}
			if !tc.terminal && !tc.yes && !strings.Contains(err.Error(), "--yes") {
				t.Errorf("refusal %q does not mention --yes", err)
			}
		})
	}
}

// TestConfirmCtrlCDeclinesAtOnce: Ctrl-C at the prompt must not wait for
// Enter.
func TestConfirmCtrlCDeclinesAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe() // a terminal nobody types into
	defer pw.Close()
	done := make(chan error, 1)
	go func() {
		done <- confirm(ctx, pr, io.Discard, true, false, confirmation{action: "reset", typeName: "db"})
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, errNotConfirmed) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("confirm kept waiting for input after Ctrl-C")
	}
}
