package sanitize

import (
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestLine(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"日本語 😀", "日本語 😀"},
		{"", ""},
		{"a\x1b[2Jb", "a␛[2Jb"},                                  // clear screen
		{"\x1b]0;pwned\x07", "␛]0;pwned␇"},                       // window title (OSC 0, BEL)
		{"\x1b]2;pwned\x1b\\", "␛]2;pwned␛\\"},                   // window title (OSC 2, ST)
		{"\x1b]52;c;ZXZpbA==\x07", "␛]52;c;ZXZpbA==␇"},           // clipboard (OSC 52)
		{"\x1bP+q544e\x1b\\", "␛P+q544e␛\\"},                     // DCS
		{"\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},                   // colours
		{"\x1b[10;10H", "␛[10;10H"},                              // cursor move
		{"line1\nline2\r\tx", "line1␊line2␍␉x"},                  // CR, LF, TAB
		{"\x00\x07\x08\x7f", "␀␇␈␡"},                             // NUL, BEL, BS, DEL
		{"\u009b2J", `\u009B2J`},                                 // C1 CSI as UTF-8
		{"\u0085", `\u0085`},                                     // NEL
		{"\xff\xfe", `\xFF\xFE`},                                 // invalid UTF-8
		{"\x9b2J", `\x9B2J`},                                     // raw 8-bit CSI
		{"abc\u202edef", `abc\u202Edef`},                         // bidi override
		{"x\u2028y", `x\u2028y`},                                 // line separator
		{"caf\xc3", `caf\xC3`},                                   // truncated rune
		{"a\u200bb", `a\u200Bb`},                                 // zero-width space
		{"\ufeffbom", `\uFEFFbom`},                               // byte order mark
		{"l\u200er\u200fa\u061c", `l\u200Er\u200Fa\u061C`},       // LRM, RLM, ALM
		{"flag\U000E0067\U000E007F", `flag\U000E0067\U000E007F`}, // tag characters
		{"👨\u200d👩", `👨\u200D👩`},                                 // ZWJ sequence shown as its parts
		{"e\u0301", "e\u0301"},                                   // a combining mark on a base: kept
		{"e\u0302\u0323", "e\u0302\u0323"},                       // stacked marks on a base: kept
		{"\u0301x", `\u0301x`},                                   // a lone combining mark: shown
		{" \u0301", ` \u0301`},                                   // after a space: shown
		{"\x1b\u0301", `␛\u0301`},                                // after a control: shown
	}
	for _, c := range cases {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Lines("a\nb\x1b[2J\r\n"); got != "a\nb␛[2J␍\n" {
		t.Errorf("Lines kept the wrong things: %q", got)
	}
	if got := Input("ab\x1b[2J\u200b\ncd"); got != "ab[2Jcd" {
		t.Errorf("Input = %q", got)
	}
}

// TestWidthsArePredictable checks that what Line returns measures the same
// however a terminal treats invisible characters: every rune of the output
// is either printable with a known width or part of a kept grapheme.
func TestWidthsArePredictable(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"a\u200bb", "👨\u200d👩\u200d👧", "\u0301\u0301x", "x\ufeffy", "\U000E0041"} {
		out := Line(in)
		sum := 0
		for _, r := range out {
			sum += ansi.StringWidth(string(r))
		}
		if w := ansi.StringWidth(out); w != sum {
			t.Errorf("Line(%q) = %q measures %d as a whole but %d rune by rune", in, out, w, sum)
		}
	}
}

// CheckSafe fails unless s is valid UTF-8 without C0 (except LF when
// allowed), DEL, C1 or invisible code points.
func checkSafe(t *testing.T, in, s string, allowLF bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%q -> %q: invalid UTF-8", in, s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && !(allowLF && c == '\n')) || c == 0x7f {
			t.Fatalf("%q -> %q: byte %#x at %d", in, s, c, i)
		}
	}
	prev := rune(-1)
	for _, r := range s {
		if Invisible(r, prev) {
			t.Fatalf("%q -> %q: rune %U", in, s, r)
		}
		prev = r
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"plain", "\x1b]0;t\x07", "\x1b[2J", "\u009b", "\xff", "日本", "a\r\nb", "\x1bP\x1b\\", "\u0301", "a\u200d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafe(t, in, Line(in), false)
		checkSafe(t, in, Lines(in), true)
		if PlainASCII(in) && Line(in) != in {
			t.Fatalf("printable ASCII changed: %q", in)
		}
		checkSafe(t, in, Input(in), false)
	})
}
