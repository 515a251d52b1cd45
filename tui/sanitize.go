package tui

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Every value, identifier and error text that comes from the database passes
// through sanitize before it reaches the terminal. A terminal interprets C0
// controls (BEL, BS, CR, LF, ESC...), DEL and the C1 controls (U+0080..U+009F,
// among them CSI and OSC) and the escape sequences they introduce: a value
// holding "\x1b[2J" would clear the screen, "\x1b]0;title\a" would set the
// window title and "\x1b]52;c;...\a" would write the clipboard. sanitize turns
// each of these characters into a visible placeholder, so a sequence shows
// up as text ("␛[2J") and none of it is interpreted.
//
// The placeholders:
//   - C0 controls U+0000..U+001F become the Control Pictures U+2400..U+241F
//     (ESC is ␛, LF ␊, TAB ␉, BEL ␇);
//   - DEL becomes ␡;
//   - C1 controls, the bidirectional overrides/isolates (which can reorder
//     what the user reads) and the Unicode line/paragraph separators become
//     \uXXXX;
//   - bytes that are not valid UTF-8 become \xXX.

// sanitize returns s made safe to print on one line.
func sanitize(s string) string { return sanitizeText(s, false) }

// sanitizeLines is sanitize that keeps line feeds as line breaks, for
// multi-line texts (the record view, CREATE TABLE).
func sanitizeLines(s string) string { return sanitizeText(s, true) }

func sanitizeText(s string, keepLF bool) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n' && keepLF:
				b.WriteByte('\n')
			case c < 0x20:
				b.WriteRune(0x2400 + rune(c))
			case c == 0x7f:
				b.WriteRune('\u2421')
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
			b.WriteString(hex2(c))
		case unsafeRune(r):
			b.WriteString(`\u`)
			q := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(q)))
			b.WriteString(strings.ToUpper(q))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlainASCII reports whether s holds only printable ASCII, the common case
// that needs no copy.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// unsafeRune reports whether a non-ASCII rune must not reach the terminal
// as is.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	}
	return false
}

const hexDigits = "0123456789ABCDEF"

func hex2(c byte) string { return string([]byte{hexDigits[c>>4], hexDigits[c&0xf]}) }
