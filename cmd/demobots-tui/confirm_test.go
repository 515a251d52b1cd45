package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
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
			err := confirm(strings.NewReader(tc.input), &out, tc.terminal, tc.yes, tc.c)
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
