package store

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/demobots/demobots-tui/internal/humanize"
)

// RenderedValueBytes is the most bytes of one value RenderSQL writes out;
// a longer value is cut and says how long it is in all.
const RenderedValueBytes = 200

// RenderSQL writes query with each ? placeholder replaced by its argument
// as a MySQL literal: NULL, numbers bare, text quoted (quotes and
// backslashes escaped), bytes as X'…' hex. Placeholders inside quoted
// identifiers and strings are left alone. It is for people reviewing a
// statement, never for running one: values always travel as
// placeholders. A value longer than RenderedValueBytes is cut, marked
// with … and followed by a comment giving its full size. The text is not
// made safe for a terminal: callers that draw it sanitise it.
func RenderSQL(query string, args []any) string {
	var sb strings.Builder
	next := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch c {
		case '`', '\'', '"':
			end := skipQuoted(query, i)
			sb.WriteString(query[i:end])
			i = end - 1
		case '?':
			if next < len(args) {
				sb.WriteString(renderValue(args[next]))
			} else {
				sb.WriteByte('?')
			}
			next++
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

func renderValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		if v {
			return "TRUE"
		}
		return "FALSE"
	case []byte:
		shown, cut := v, false
		if len(v) > RenderedValueBytes/2 {
			shown, cut = v[:RenderedValueBytes/2], true
		}
		out := "X'" + hex.EncodeToString(shown) + "'"
		if cut {
			out = "X'" + hex.EncodeToString(shown) + "…' /* " + humanize.Bytes(int64(len(v))) + " in all */"
		}
		return out
	case string:
		shown, cut := v, false
		if len(v) > RenderedValueBytes {
			n := RenderedValueBytes
			for n > 0 && !utf8.RuneStart(v[n]) {
				n--
			}
			shown, cut = v[:n], true
		}
		r := strings.NewReplacer(`\`, `\\`, `'`, `''`)
		out := "'" + r.Replace(shown)
		if cut {
			return out + "…' /* " + humanize.Bytes(int64(len(v))) + " in all */"
		}
		return out + "'"
	}
	return fmt.Sprint(v)
}
