package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/store"
)

// The query command's output formats. They are small on purpose: they
// write what a result streams, row by row, and never hold it.

// queryFormat is a --format: the aligned table for people (tableEncoder),
// or a format the export writers write (the same CSV and JSON as the
// export command and the TUI's export).
type queryFormat struct {
	table  bool
	export export.Format
}

func parseQueryFormat(format string) (queryFormat, error) {
	switch format {
	case "table":
		return queryFormat{table: true}, nil
	case "csv":
		return queryFormat{export: export.CSV}, nil
	case "json":
		return queryFormat{export: export.JSON}, nil
	case "jsonl":
		return queryFormat{export: export.JSONLines}, nil
	}
	return queryFormat{}, usagef("query: unknown --format %q (table, csv, json or jsonl)", format)
}

// separator goes between the results of two statements in an export
// format: a blank line.
func (f queryFormat) separator() string {
	if f.export == export.CSV {
		return "\r\n"
	}
	return ""
}

// tableEncoder writes aligned columns for people. The widths come from
// the header and the first tableSample rows (which it holds until then);
// a longer value later overflows its column rather than being cut. NULL
// is written NULL, binary values 0x-hex, and control characters escaped
// (\n, \t, \x1b), so that a row is one line and no value reaches the
// terminal as a control sequence.
type tableEncoder struct {
	cols    []store.Column
	widths  []int
	held    [][]string
	started bool // the header is out: rows are written as they come
}

const tableSample = 1000

// begin starts a result with these columns; after says whether another
// result was written before it.
func (e *tableEncoder) begin(w *bufio.Writer, cols []store.Column, after bool) error {
	e.cols, e.held, e.started = cols, nil, false
	e.widths = make([]int, len(cols))
	for i, c := range cols {
		e.widths[i] = ansi.StringWidth(escapeText(c.Name))
	}
	if after {
		_, err := w.WriteString("\n")
		return err
	}
	return nil
}

func (e *tableEncoder) row(w *bufio.Writer, row store.Row) error {
	cells := make([]string, len(row))
	for i, v := range row {
		cells[i] = tableCell(e.cols[i], v)
	}
	if e.started {
		return e.line(w, cells)
	}
	e.held = append(e.held, cells)
	if len(e.held) >= tableSample {
		return e.flush(w)
	}
	return nil
}

func (e *tableEncoder) end(w *bufio.Writer) error {
	if !e.started {
		return e.flush(w)
	}
	return nil
}

// flush writes the header and the rows held, now that the widths are
// known.
func (e *tableEncoder) flush(w *bufio.Writer) error {
	for _, cells := range e.held {
		for i, c := range cells {
			e.widths[i] = max(e.widths[i], ansi.StringWidth(c))
		}
	}
	header := make([]string, len(e.cols))
	rule := make([]string, len(e.cols))
	for i, c := range e.cols {
		header[i] = escapeText(c.Name)
		rule[i] = strings.Repeat("-", e.widths[i])
	}
	e.started = true
	if err := e.line(w, header); err != nil {
		return err
	}
	if _, err := w.WriteString(strings.Join(rule, "-+-") + "\n"); err != nil {
		return err
	}
	for _, cells := range e.held {
		if err := e.line(w, cells); err != nil {
			return err
		}
	}
	e.held = nil
	return nil
}

func (e *tableEncoder) line(w *bufio.Writer, cells []string) error {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteString(" | ")
		}
		pad := strings.Repeat(" ", max(e.widths[i]-ansi.StringWidth(c), 0))
		if e.cols[i].Numeric() {
			b.WriteString(pad + c)
		} else {
			b.WriteString(c + pad)
		}
	}
	// No blanks at the end of a line (a value's own are escaped).
	_, err := w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	return err
}

func tableCell(col store.Column, v store.Value) string {
	switch {
	case v.Null:
		return "NULL"
	case col.Binary:
		return "0x" + hex.EncodeToString(v.Bytes)
	}
	return escapeText(string(v.Bytes))
}

// escapeText writes control characters and invalid UTF-8 as escapes.
func escapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\\':
			b.WriteString(`\\`)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029:
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
