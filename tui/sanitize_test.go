package tui

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/demobots/demobots-tui/store"
)

func TestSanitize(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"日本語 😀", "日本語 😀"},
		{"", ""},
		{"a\x1b[2Jb", "a␛[2Jb"},                        // clear screen
		{"\x1b]0;pwned\x07", "␛]0;pwned␇"},             // window title (OSC 0, BEL)
		{"\x1b]2;pwned\x1b\\", "␛]2;pwned␛\\"},         // window title (OSC 2, ST)
		{"\x1b]52;c;ZXZpbA==\x07", "␛]52;c;ZXZpbA==␇"}, // clipboard (OSC 52)
		{"\x1bP+q544e\x1b\\", "␛P+q544e␛\\"},           // DCS
		{"\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},         // colours
		{"\x1b[10;10H", "␛[10;10H"},                    // cursor move
		{"line1\nline2\r\tx", "line1␊line2␍␉x"},        // CR, LF, TAB
		{"\x00\x07\x08\x7f", "␀␇␈␡"},                   // NUL, BEL, BS, DEL
		{"\u009b2J", `\u009B2J`},                       // C1 CSI as UTF-8
		{"\u0085", `\u0085`},                           // NEL
		{"\xff\xfe", `\xFF\xFE`},                       // invalid UTF-8
		{"\x9b2J", `\x9B2J`},                           // raw 8-bit CSI
		{"abc\u202edef", `abc\u202Edef`},               // bidi override
		{"x\u2028y", `x\u2028y`},                       // line separator
		{"caf\xc3", `caf\xC3`},                         // truncated rune
	}
	for _, c := range cases {
		if got := sanitize(c.in); got != c.want {
			t.Errorf("sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := sanitizeLines("a\nb\x1b[2J\r\n"); got != "a\nb␛[2J␍\n" {
		t.Errorf("sanitizeLines kept the wrong things: %q", got)
	}
}

// checkSafe fails unless s is valid UTF-8 without C0 (except LF when
// allowed), DEL or C1 code points.
func checkSafe(t *testing.T, in, s string, allowLF bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("sanitize(%q) = %q: invalid UTF-8", in, s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && !(allowLF && c == '\n')) || c == 0x7f {
			t.Fatalf("sanitize(%q) = %q: byte %#x at %d", in, s, c, i)
		}
	}
	for _, r := range s {
		if (r >= 0x80 && r <= 0x9f) || unsafeRune(r) {
			t.Fatalf("sanitize(%q) = %q: rune %U", in, s, r)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "\x1b]0;t\x07", "\x1b[2J", "\u009b", "\xff", "日本", "a\r\nb", "\x1bP\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafe(t, in, sanitize(in), false)
		checkSafe(t, in, sanitizeLines(in), true)
		if isPlainASCII(in) && sanitize(in) != in {
			t.Fatalf("printable ASCII changed: %q", in)
		}
		// Every grid cell goes through sanitize.
		checkSafe(t, in, cellText(val(in), col("c", "text")), false)
		checkSafe(t, in, cleanInput(in), false)
	})
}

func TestCellMarkersKeepNullEmptyAndTheStringNULLApart(t *testing.T) {
	t.Parallel()
	c := col("c", "varchar")
	nullCell, emptyCell, strCell := cellText(null, c), cellText(val(""), c), cellText(val("NULL"), c)
	if nullCell == emptyCell || nullCell == strCell || emptyCell == strCell {
		t.Fatalf("grid cells collide: %q %q %q", nullCell, emptyCell, strCell)
	}
	nullRec, emptyRec, strRec := recordText(null, c), recordText(val(""), c), recordText(val("NULL"), c)
	if nullRec == emptyRec || nullRec == strRec || emptyRec == strRec || emptyRec == "" {
		t.Fatalf("record values collide: %q %q %q", nullRec, emptyRec, strRec)
	}
	bin := store.Column{Name: "b", DataType: "varbinary", Binary: true}
	if got := cellText(val("\x00\x01\xff"), bin); got != "[3 B] 0001FF" {
		t.Fatalf("binary cell = %q", got)
	}
	long := strings.Repeat("é", 400)
	got := cellText(val(long), c)
	if !utf8.ValidString(got) || !strings.HasSuffix(got, ellipsis) || len(got) > maxCellBytes+8 {
		t.Fatalf("long value cell: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}

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
