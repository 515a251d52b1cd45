package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// onlySGR fails when the raw screen holds an escape sequence other than
// SGR styling (ESC [ params m): nothing from a value may reach the terminal
// as a control sequence.
func onlySGR(t *testing.T, screen string) {
	t.Helper()
	for i := 0; i < len(screen); i++ {
		c := screen[i]
		if c == 0x1b {
			j := i + 1
			if j >= len(screen) || screen[j] != '[' {
				t.Fatalf("non-CSI escape at %d: %q", i, screen[i:min(i+20, len(screen))])
			}
			j++
			for j < len(screen) && (screen[j] >= '0' && screen[j] <= '9' || screen[j] == ';' || screen[j] == ':') {
				j++
			}
			if j >= len(screen) || screen[j] != 'm' {
				t.Fatalf("CSI other than SGR at %d: %q", i, screen[i:min(j+1, len(screen))])
			}
			i = j
			continue
		}
		if (c < 0x20 && c != '\n') || c == 0x7f {
			t.Fatalf("control byte %#x at %d", c, i)
		}
	}
}

func TestHostileValuesNeverReachTheTerminal(t *testing.T) {
	t.Parallel()
	st := demoStore()
	h := newHarness(t, st, nil, 120, 40)
	h.openTable("notes")
	onlySGR(t, h.m.View().Content)
	for i := 0; i < 4; i++ {
		h.press("j")
	}
	h.press("l", "enter") // the record of the hostile row
	scr := h.m.View().Content
	onlySGR(t, scr)
	if !strings.Contains(stripANSI(scr), "␛]0;pwned␇␛[2Jgone") {
		t.Fatalf("the value is not shown with placeholders:\n%s", stripANSI(scr))
	}
	// Hostile identifiers and errors too.
	st.tables["\x1b]2;title\x07"] = &fakeTable{info: &store.TableInfo{Columns: []store.Column{col("\x1b[2J", "int")}}}
	st.setErr(errors.New("boom \x1b]52;c;ZXZpbA==\x07"))
	h.press("r")
	onlySGR(t, h.m.View().Content)
	st.setErr(nil)
	h.press("r")
	onlySGR(t, h.m.View().Content)
}
