package export

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/demobots/demobots-tui/store"
)

// jsonEncoder writes one JSON object per row: one a line (JSON Lines), or
// the elements of one array.
type jsonEncoder struct {
	w     *bufio.Writer
	kinds []kind
	keys  [][]byte // each column's key, quoted, with its colon
	array bool
	rows  int64
	buf   []byte
}

func newJSONEncoder(w *bufio.Writer, cols []store.Column, array bool) *jsonEncoder {
	e := &jsonEncoder{w: w, kinds: kinds(cols), array: array}
	for _, name := range uniqueNames(cols) {
		e.keys = append(e.keys, append(appendJSONString(nil, []byte(name)), ':'))
	}
	return e
}

// uniqueNames are the column names as object keys: a name seen before
// gets a suffix (id, id_2), so that no value of a query result with
// repeated names is lost.
func uniqueNames(cols []store.Column) []string {
	seen := map[string]bool{}
	out := make([]string, len(cols))
	for i, c := range cols {
		name := c.Name
		for n := 2; seen[name]; n++ {
			name = c.Name + "_" + strconv.Itoa(n)
		}
		seen[name] = true
		out[i] = name
	}
	return out
}

func (e *jsonEncoder) header() error {
	if e.array {
		_, err := e.w.WriteString("[")
		return err
	}
	return nil
}

func (e *jsonEncoder) row(r store.Row) error {
	b := e.buf[:0]
	if e.array {
		if e.rows > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = append(b, '{')
	for i, v := range r {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.keys[i]...)
		b = appendJSONValue(b, e.kinds[i], v)
	}
	b = append(b, '}')
	if !e.array {
		b = append(b, '\n')
	}
	e.rows++
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

func (e *jsonEncoder) footer(int64) error {
	if !e.array {
		return nil
	}
	end := "]\n"
	if e.rows > 0 {
		end = "\n]\n"
	}
	_, err := e.w.WriteString(end)
	return err
}

// appendJSONValue appends one value as its kind is written in JSON.
func appendJSONValue(b []byte, k kind, v store.Value) []byte {
	if v.Null {
		return append(b, "null"...)
	}
	switch k {
	case kindInt, kindFloat:
		if isJSONNumber(v.Bytes) {
			return append(b, v.Bytes...)
		}
	case kindFloat32:
		if f := floatText(v.Bytes); isJSONNumber(f) {
			return append(b, f...)
		}
	case kindBit:
		if n, ok := bitNumber(v.Bytes); ok {
			return strconv.AppendUint(b, n, 10)
		}
		return appendBase64(b, v.Bytes)
	case kindBinary:
		return appendBase64(b, v.Bytes)
	case kindJSON:
		if json.Valid(v.Bytes) {
			return appendCompactJSON(b, v.Bytes)
		}
	}
	return appendJSONString(b, v.Bytes)
}

func appendBase64(b, v []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, v)
	return append(b, '"')
}

// appendCompactJSON appends valid JSON text without its insignificant
// white space, so that a JSON Lines record stays on one line.
func appendCompactJSON(b, v []byte) []byte {
	inString, escaped := false, false
	for _, c := range v {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		}
		b = append(b, c)
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string: quotes and backslashes
// escaped, control characters as \n, \t... or \u00XX, U+2028 and U+2029
// escaped (JavaScript reads them as line ends), invalid UTF-8 replaced by
// U+FFFD as encoding/json does.
func appendJSONString(b, s []byte) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
