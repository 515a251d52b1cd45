package tui

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/demobots/demobots-tui/store"
)

// Markers that keep NULL, the empty string and the string 'NULL' apart.
const (
	nullMarker  = "∅"          // a NULL cell in the grid
	nullRecord  = "∅ NULL"     // a NULL value in the record view
	emptyRecord = `"" (empty)` // an empty string in the record view
	ellipsis    = "…"
)

// maxCellBytes bounds how much of a value the grid formats: a cell is at
// most maxColWidth wide, so the rest of a long text is never shown.
const maxCellBytes = 256

// binaryPreview is the number of bytes a grid cell shows in hex.
const binaryPreview = 8

// cellText formats a value for one grid cell: sanitized, on one line.
func cellText(v store.Value, col store.Column) string {
	switch {
	case v.Null:
		return nullMarker
	case col.Binary:
		return binaryCell(v.Bytes)
	}
	b := v.Bytes
	cut := false
	if len(b) > maxCellBytes {
		n := maxCellBytes
		for n > maxCellBytes-utf8.UTFMax && !utf8.RuneStart(b[n]) {
			n--
		}
		b, cut = b[:n], true
	}
	s := sanitize(string(b))
	if cut {
		s += ellipsis
	}
	return s
}

// binaryCell is "[size] hex…" for a binary value.
func binaryCell(b []byte) string {
	n := min(len(b), binaryPreview)
	var sb strings.Builder
	sb.WriteString("[")
	sb.WriteString(byteSize(len(b)))
	sb.WriteString("]")
	if n > 0 {
		sb.WriteString(" ")
		for _, c := range b[:n] {
			sb.WriteString(hex2(c))
		}
		if len(b) > n {
			sb.WriteString(ellipsis)
		}
	}
	return sb.String()
}

// maxHexDump bounds the bytes the record view dumps.
const maxHexDump = 1024

// recordText formats a value in full for the record view; lines are
// separated by "\n" and every line is sanitized.
func recordText(v store.Value, col store.Column) string {
	switch {
	case v.Null:
		return nullRecord
	case col.Binary:
		return hexDump(v.Bytes)
	case len(v.Bytes) == 0:
		return emptyRecord
	}
	return sanitizeLines(string(v.Bytes))
}

// hexDump renders bytes as "offset  hex  |ascii|" lines, 8 bytes a line.
func hexDump(b []byte) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s binary", byteSize(len(b)))
	shown := min(len(b), maxHexDump)
	for off := 0; off < shown; off += 8 {
		end := min(off+8, shown)
		fmt.Fprintf(&sb, "\n%04x  ", off)
		for i := off; i < off+8; i++ {
			if i < end {
				sb.WriteString(strings.ToLower(hex2(b[i])))
				sb.WriteByte(' ')
			} else {
				sb.WriteString("   ")
			}
		}
		sb.WriteString(" |")
		for _, c := range b[off:end] {
			if c >= 0x20 && c < 0x7f {
				sb.WriteByte(c)
			} else {
				sb.WriteByte('.')
			}
		}
		sb.WriteString("|")
	}
	if len(b) > shown {
		fmt.Fprintf(&sb, "\n… %d more bytes", len(b)-shown)
	}
	return sb.String()
}

// copyText is what y puts on the clipboard for a value: the text itself,
// hex for binary values, and nothing for NULL.
func copyText(v store.Value, col store.Column) string {
	switch {
	case v.Null:
		return ""
	case col.Binary:
		var sb strings.Builder
		for _, c := range v.Bytes {
			sb.WriteString(strings.ToLower(hex2(c)))
		}
		return sb.String()
	}
	return string(v.Bytes)
}

func byteSize(n int) string {
	switch {
	case n < 1024:
		return strconv.Itoa(n) + " B"
	case n < 1024*1024:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KiB"
	}
	return strconv.FormatFloat(float64(n)/(1024*1024), 'f', 1, 64) + " MiB"
}

// numericType reports whether a column's values read better right-aligned.
func numericType(dataType string) bool {
	switch dataType {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint",
		"decimal", "numeric", "float", "double", "real", "year":
		return true
	}
	return false
}

// groupDigits writes n with thousands separators: 1234567 -> "1,234,567".
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var sb strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(c)
	}
	if neg {
		return "-" + sb.String()
	}
	return sb.String()
}

// compactCount writes n in at most 6 columns: 999, 12,345, 123.4k, 12.3M.
func compactCount(n int64) string {
	switch {
	case n < 100_000:
		return groupDigits(n)
	case n < 1_000_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + "k"
	case n < 1_000_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
	}
	return strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64) + "G"
}

// plural is "1 row", "2 rows".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return groupDigits(n) + " " + word + "s"
}

// fit makes s exactly w columns wide: truncated with an ellipsis or padded
// with spaces. s may contain ANSI styles.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, ellipsis)
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fitKnown is fit for a plain string whose width is already known.
func fitKnown(s string, sw, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	if sw > w {
		// A wide character that does not fit leaves the result one
		// column short: pad it, or columns would not line up.
		s = ansi.Truncate(s, w, ellipsis)
		sw = ansi.StringWidth(s)
	}
	if sw == w {
		return s
	}
	if right {
		return spaces(w-sw) + s
	}
	return s + spaces(w-sw)
}

// truncate shortens s to at most w columns.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, ellipsis)
}

const spaceRun = "                                                                                                                                "

func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(spaceRun) {
		return spaceRun[:n]
	}
	return strings.Repeat(" ", n)
}

// wrapLines breaks text into lines at most w columns wide (hard wrap on
// display width, preferring spaces), keeping existing line breaks.
func wrapLines(text string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if ansi.StringWidth(line) <= w {
			out = append(out, line)
			continue
		}
		wrapped := ansi.Wrap(line, w, " ")
		out = append(out, strings.Split(wrapped, "\n")...)
	}
	return out
}
