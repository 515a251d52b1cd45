package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/demobots/demobots-tui/store"
)

// The query command's output formats. They are small on purpose: they
// write what a result streams, row by row, and never hold it.

// rowEncoder writes one result after another.
type rowEncoder interface {
	// begin starts a result with these columns; after says whether another
	// result was written before it.
	begin(w *bufio.Writer, cols []store.Column, after bool) error
	row(w *bufio.Writer, row store.Row) error
	end(w *bufio.Writer) error
}

func newRowEncoder(format string) (rowEncoder, error) {
	switch format {
	case "table":
		return &tableEncoder{}, nil
	case "csv":
		return &csvEncoder{}, nil
	case "json":
		return &jsonEncoder{array: true}, nil
	case "jsonl":
		return &jsonEncoder{}, nil
	}
	return nil, usagef("query: unknown --format %q (table, csv, json or jsonl)", format)
}

// Each encoder builds a line in a buffer of its own and writes it with
// one checked write; the bufio.Writer below keeps the first error anyway
// and returns it from Flush, which writeRows calls after every block.

// csvEncoder writes RFC 4180 CSV: a header row, CRLF line ends, fields
// quoted when they hold a comma, a quote, a line break or blanks at an
// end. NULL is an empty unquoted field and an empty string a quoted empty
// one, so the two stay apart; binary values are 0x-hex.
type csvEncoder struct {
	cols []store.Column
	buf  []byte
}

func (e *csvEncoder) begin(w *bufio.Writer, cols []store.Column, after bool) error {
	e.cols, e.buf = cols, e.buf[:0]
	if after {
		e.buf = append(e.buf, "\r\n"...)
	}
	for i, c := range cols {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendCSVField(e.buf, c.Name)
	}
	e.buf = append(e.buf, "\r\n"...)
	_, err := w.Write(e.buf)
	return err
}

func (e *csvEncoder) row(w *bufio.Writer, row store.Row) error {
	e.buf = e.buf[:0]
	for i, v := range row {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		switch {
		case v.Null:
		case e.cols[i].Binary && e.cols[i].DataType != "bit":
			e.buf = append(e.buf, "0x"...)
			e.buf = hex.AppendEncode(e.buf, v.Bytes)
		default:
			e.buf = appendCSVField(e.buf, string(v.Bytes))
		}
	}
	e.buf = append(e.buf, "\r\n"...)
	_, err := w.Write(e.buf)
	return err
}

func (e *csvEncoder) end(*bufio.Writer) error { return nil }

// appendCSVField appends s, quoted when it is empty or must be.
func appendCSVField(b []byte, s string) []byte {
	quote := s == "" || strings.ContainsAny(s, ",\"\r\n") ||
		s[0] == ' ' || s[0] == '\t' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t'
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// jsonEncoder writes each row as a JSON object whose keys are the column
// names (made unique when a result repeats one: id, id_2): one object a
// line (JSON Lines), or with array an array per result.
type jsonEncoder struct {
	array bool
	cols  []store.Column
	keys  []string
	rows  int
	buf   []byte
}

func (e *jsonEncoder) begin(w *bufio.Writer, cols []store.Column, after bool) error {
	e.cols, e.rows = cols, 0
	e.keys = make([]string, len(cols))
	seen := map[string]int{}
	for i, c := range cols {
		name := c.Name
		if n := seen[name]; n > 0 {
			name = name + "_" + strconv.Itoa(n+1)
		}
		seen[c.Name]++
		k, _ := json.Marshal(name)
		e.keys[i] = string(k)
	}
	if !e.array {
		return nil
	}
	open := "["
	if after {
		open = "\n["
	}
	_, err := w.WriteString(open)
	return err
}

func (e *jsonEncoder) row(w *bufio.Writer, row store.Row) error {
	e.buf = e.buf[:0]
	if e.array {
		if e.rows > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, "\n  "...)
	}
	e.rows++
	e.buf = append(e.buf, '{')
	for i, v := range row {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, e.keys[i]...)
		e.buf = append(e.buf, ':')
		e.buf = append(e.buf, jsonValue(e.cols[i], v)...)
	}
	e.buf = append(e.buf, '}')
	if !e.array {
		e.buf = append(e.buf, '\n')
	}
	_, err := w.Write(e.buf)
	return err
}

func (e *jsonEncoder) end(w *bufio.Writer) error {
	if !e.array {
		return nil
	}
	end := "]\n"
	if e.rows > 0 {
		end = "\n]\n"
	}
	_, err := w.WriteString(end)
	return err
}

// numericTypes are written as JSON numbers (as the server wrote them, so
// DECIMAL keeps its digits).
var numericTypes = map[string]bool{"tinyint": true, "smallint": true, "mediumint": true, "int": true, "integer": true,
	"bigint": true, "decimal": true, "numeric": true, "float": true, "double": true, "real": true, "year": true}

// jsonValue is one value in JSON: null, a number, embedded JSON, base64 of
// binary bytes (BIT as its number), or a string.
func jsonValue(col store.Column, v store.Value) string {
	switch {
	case v.Null:
		return "null"
	case col.DataType == "bit":
		var n uint64
		for _, b := range v.Bytes {
			n = n<<8 | uint64(b)
		}
		return strconv.FormatUint(n, 10)
	case col.Binary:
		return `"` + base64.StdEncoding.EncodeToString(v.Bytes) + `"`
	case numericTypes[col.DataType] && isJSONNumber(v.Bytes):
		return string(v.Bytes)
	case col.DataType == "json" && json.Valid(v.Bytes):
		return string(v.Bytes)
	}
	b, _ := json.Marshal(string(v.Bytes))
	return string(b)
}

// isJSONNumber reports whether b is a number JSON accepts (not "inf",
// "nan", or a leading "+" or ".").
func isJSONNumber(b []byte) bool {
	if len(b) == 0 || b[0] != '-' && (b[0] < '0' || b[0] > '9') {
		return false
	}
	var n json.Number
	return json.Unmarshal(b, &n) == nil
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
		if numericTypes[e.cols[i].DataType] {
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
