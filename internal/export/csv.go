package export

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// csvEncoder writes RFC 4180 CSV: a header row, CRLF line ends, fields
// quoted when needed, NULL as the NULL text unquoted. It is written by hand
// rather than with encoding/csv, which cannot quote an empty field (NULL
// and the empty string would look alike).
type csvEncoder struct {
	w     *bufio.Writer
	cols  []store.Column
	kinds []kind
	null  []byte
	buf   []byte
}

func newCSVEncoder(w *bufio.Writer, cols []store.Column, null string) (*csvEncoder, error) {
	if strings.ContainsAny(null, ",\"\r\n") {
		return nil, fmt.Errorf("export: the NULL text %q may not contain a comma, a quote or a line break", null)
	}
	return &csvEncoder{w: w, cols: cols, kinds: kinds(cols), null: []byte(null)}, nil
}

func (e *csvEncoder) header() error {
	b := e.buf[:0]
	for i, c := range e.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.appendField(b, []byte(c.Name))
	}
	b = append(b, '\r', '\n')
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

func (e *csvEncoder) row(r store.Row) error {
	b := e.buf[:0]
	for i, v := range r {
		if i > 0 {
			b = append(b, ',')
		}
		switch {
		case v.Null:
			b = append(b, e.null...)
		case e.kinds[i] == kindBinary:
			if len(v.Bytes) == 0 {
				b = append(b, '"', '"')
			} else {
				b = hex.AppendEncode(b, v.Bytes)
			}
		case e.kinds[i] == kindFloat32:
			b = e.appendField(b, floatText(v.Bytes))
		case e.kinds[i] == kindBit:
			if n, ok := bitNumber(v.Bytes); ok {
				b = strconv.AppendUint(b, n, 10)
			} else {
				b = hex.AppendEncode(b, v.Bytes)
			}
		default:
			b = e.appendField(b, v.Bytes)
		}
	}
	b = append(b, '\r', '\n')
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

func (e *csvEncoder) footer(int64) error { return nil }

// appendField appends s, quoted (quotes doubled) when it is empty, equals
// the NULL text, or holds a comma, a quote or a line break.
func (e *csvEncoder) appendField(b, s []byte) []byte {
	if !csvNeedsQuotes(s) && !bytes.Equal(s, e.null) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := bytes.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

func csvNeedsQuotes(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	for _, c := range s {
		switch c {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}
