// Package cellfmt turns database values into what the terminal UI shows:
// a one-line grid cell, the full text of the record view, and the text a
// copy puts on the clipboard. NULL, the empty string and the string 'NULL'
// always look different, binary values show as hex, BIT values as bits,
// and nothing from a value reaches the terminal unsanitised.
package cellfmt

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// Markers that keep NULL, the empty string and the string 'NULL' apart.
const (
	NullCell    = "∅"          // a NULL cell in the grid
	NullRecord  = "∅ NULL"     // a NULL value in the record view
	EmptyRecord = `"" (empty)` // an empty string in the record view
	Ellipsis    = "…"
)

// MaxCellBytes bounds how much of a value a grid cell formats: a cell is at
// most a few dozen columns wide, so the rest of a long text is never shown.
const MaxCellBytes = 256

// binaryPreview is the number of bytes a grid cell shows in hex.
const binaryPreview = 8

// Cell formats a value for one grid cell: sanitised, on one line.
func Cell(v store.Value, col store.Column) string {
	switch {
	case v.Null:
		return NullCell
	case col.DataType == "bit":
		return Bits(v.Bytes, col)
	case col.Binary:
		return binaryCell(v.Bytes, size(v))
	}
	b := v.Bytes
	cut := false
	if len(b) > MaxCellBytes {
		n := MaxCellBytes
		for n > MaxCellBytes-utf8.UTFMax && !utf8.RuneStart(b[n]) {
			n--
		}
		b, cut = b[:n], true
	}
	s := sanitize.Line(string(b))
	if cut || v.Truncated {
		s += Ellipsis
	}
	return s
}

// size is the length of the whole value, which a truncated one carries.
func size(v store.Value) int64 {
	if v.Truncated {
		return v.Size
	}
	return int64(len(v.Bytes))
}

// binaryCell is "[size] hex…" for a binary value of total bytes.
func binaryCell(b []byte, total int64) string {
	n := min(len(b), binaryPreview)
	var sb strings.Builder
	sb.WriteString("[")
	sb.WriteString(humanize.Bytes(total))
	sb.WriteString("]")
	if n > 0 {
		sb.WriteString(" ")
		for _, c := range b[:n] {
			sb.WriteString(sanitize.Hex2(c))
		}
		if total > int64(n) {
			sb.WriteString(Ellipsis)
		}
	}
	return sb.String()
}

// Bits writes a BIT(M) value as MySQL's bit literal, b'1010', with as many
// digits as the column has bits (the value's bytes are big-endian).
func Bits(b []byte, col store.Column) string {
	var sb strings.Builder
	for _, c := range b {
		fmt.Fprintf(&sb, "%08b", c)
	}
	digits := sb.String()
	if m := bitWidth(col.Type); m > 0 && m < len(digits) {
		digits = digits[len(digits)-m:]
	}
	if digits == "" {
		digits = "0"
	}
	return "b'" + digits + "'"
}

// bitWidth reads M from "bit(M)"; 0 when absent.
func bitWidth(typ string) int {
	i := strings.IndexByte(typ, '(')
	j := strings.IndexByte(typ, ')')
	if i < 0 || j < i {
		return 0
	}
	n, _ := strconv.Atoi(typ[i+1 : j])
	return n
}

// maxHexDump bounds the bytes the record view dumps.
const maxHexDump = 1024

// Record formats a value for the record view; lines are separated by "\n"
// and every line is sanitised. A value the page carries only the start of
// ends with a line saying how large it is in all.
func Record(v store.Value, col store.Column) string {
	var s string
	switch {
	case v.Null:
		return NullRecord
	case col.DataType == "bit":
		return Bits(v.Bytes, col)
	case col.Binary:
		s = HexDump(v.Bytes, size(v))
	case len(v.Bytes) == 0 && !v.Truncated:
		return EmptyRecord
	default:
		s = sanitize.Lines(string(v.Bytes))
	}
	if v.Truncated {
		s += "\n" + Ellipsis + " " + humanize.Bytes(v.Size) + " in all"
	}
	return s
}

// HexDump renders the bytes of a value of total bytes as "offset  hex
// |ascii|" lines, 8 bytes a line, at most maxHexDump bytes.
func HexDump(b []byte, total int64) string {
	return hexDump(b, total, maxHexDump)
}

// HexDumpAll is HexDump of up to limit bytes, for a viewer of the whole
// value.
func HexDumpAll(b []byte, limit int) string {
	return hexDump(b, int64(len(b)), limit)
}

func hexDump(b []byte, total int64, limit int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s binary", humanize.Bytes(total))
	shown := min(len(b), limit)
	for off := 0; off < shown; off += 8 {
		end := min(off+8, shown)
		fmt.Fprintf(&sb, "\n%04x  ", off)
		for i := off; i < off+8; i++ {
			if i < end {
				sb.WriteString(strings.ToLower(sanitize.Hex2(b[i])))
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
	if total > int64(shown) {
		fmt.Fprintf(&sb, "\n… %s more", humanize.Plural(total-int64(shown), "byte"))
	}
	return sb.String()
}

// Copy is what a copy puts on the clipboard: the value itself, not its
// screen form. Binary values are hex and BIT values bit literals, NULL is
// nothing. Unless raw is set, control characters other than tab and line
// breaks are dropped, so that pasting the value into a terminal cannot run
// an escape sequence; raw keeps every byte.
func Copy(v store.Value, col store.Column, raw bool) string {
	switch {
	case v.Null:
		return ""
	case col.DataType == "bit":
		return Bits(v.Bytes, col)
	case col.Binary:
		var sb strings.Builder
		for _, c := range v.Bytes {
			sb.WriteString(strings.ToLower(sanitize.Hex2(c)))
		}
		return sb.String()
	case raw:
		return string(v.Bytes)
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
			return -1
		}
		return r
	}, string(v.Bytes))
}
