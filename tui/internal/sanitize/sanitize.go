// Package sanitize makes text from the database safe and measurable on a
// terminal. Every value, identifier and error text that comes from a server
// passes through Line or Lines before it is drawn.
//
// A terminal interprets C0 controls (BEL, BS, CR, LF, ESC...), DEL and the C1
// controls (U+0080..U+009F, among them CSI and OSC) and the escape sequences
// they introduce: a value holding "\x1b[2J" would clear the screen,
// "\x1b]0;title\a" would set the window title and "\x1b]52;c;...\a" would
// write the clipboard. Each of these characters becomes a visible
// placeholder, so a sequence shows up as text ("␛[2J") and none of it is
// interpreted.
//
// Characters that draw nothing, or that terminals draw with widths the
// layout cannot predict, become visible too, so that columns stay aligned:
// zero-width spaces and joiners (U+200B..U+200D, U+2060, U+FEFF), the
// direction marks (LRM, RLM, ALM) and the bidirectional embeddings,
// overrides and isolates (which could also reorder what the user reads),
// the line and paragraph separators, the invisible tag characters
// (U+E0000..U+E007F) and combining marks with nothing to combine with. An
// emoji joined by ZWJ shows as its parts with a visible \u200D between
// them: some terminals draw such a sequence as one glyph, others as
// several, and no width the program computes could match both.
//
// The placeholders:
//   - C0 controls U+0000..U+001F become the Control Pictures U+2400..U+241F
//     (ESC is ␛, LF ␊, TAB ␉, BEL ␇); DEL becomes ␡;
//   - the other characters above become \uXXXX (\U000XXXXX above the BMP);
//   - bytes that are not valid UTF-8 become \xXX.
package sanitize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line returns s made safe to print on one line.
func Line(s string) string { return text(s, false) }

// Lines is Line that keeps line feeds as line breaks, for multi-line texts
// (the record view, CREATE TABLE statements).
func Lines(s string) string { return text(s, true) }

// Input drops what Line would make visible from typed or pasted text, so
// that what the user typed is what is sent: a value is one line.
func Input(s string) string {
	prev := rune(-1)
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || Invisible(r, prev) {
			prev = -1 // what follows has nothing to combine with
			return -1
		}
		prev = r
		return r
	}, s)
}

func text(s string, keepLF bool) string {
	if PlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	prev := rune(-1)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			prev = rune(c)
			switch {
			case c == '\n' && keepLF:
				b.WriteByte('\n')
				prev = -1
			case c < 0x20:
				b.WriteRune(0x2400 + rune(c))
				prev = -1
			case c == 0x7f:
				b.WriteRune('\u2421')
				prev = -1
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(Hex2(c))
			r = -1
		case Invisible(r, prev):
			writeEscape(&b, r)
			r = -1 // a mark after an escape has nothing to combine with
		default:
			b.WriteString(s[i : i+size])
		}
		prev = r
		i += size
	}
	return b.String()
}

func writeEscape(b *strings.Builder, r rune) {
	q := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	if r > 0xffff {
		b.WriteString(`\U`)
		b.WriteString(strings.Repeat("0", max(8-len(q), 0)))
	} else {
		b.WriteString(`\u`)
		b.WriteString(strings.Repeat("0", max(4-len(q), 0)))
	}
	b.WriteString(q)
}

// PlainASCII reports whether s holds only printable ASCII, the common case
// that needs no copy.
func PlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// Invisible reports whether a non-ASCII rune must not reach the terminal
// as it is (see the package documentation). prev is the rune drawn before
// it, or -1 when there is none (the start, or something made visible): a
// combining mark is kept only after a rune it can combine with.
func Invisible(r, prev rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff: // zero-width space, non-joiner, joiner; word joiner; BOM
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	case r >= 0xe0000 && r <= 0xe007f: // tag characters
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation controls
		return true
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
		return prev < 0x20 || prev == 0x7f || unicode.IsSpace(prev)
	}
	return false
}

const hexDigits = "0123456789ABCDEF"

// Hex2 writes a byte as two upper-case hex digits.
func Hex2(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&0xf]}) }
