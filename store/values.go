package store

import (
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// String renders a value for display: "NULL" for NULL, the bytes as text
// otherwise (binary columns are better shown with Hex).
func (v Value) String() string {
	if v.Null {
		return "NULL"
	}
	return string(v.Bytes)
}

// Hex renders the bytes as 0x-prefixed hexadecimal ("NULL" for NULL), the
// form filters on binary columns accept.
func (v Value) Hex() string {
	if v.Null {
		return "NULL"
	}
	return "0x" + hex.EncodeToString(v.Bytes)
}

// cellValue turns what the driver scanned into a Value. The driver hands
// over []byte for text, decimals and binary data, int64/uint64 and
// float32/float64 for numbers in the binary protocol, and time.Time for
// DATE/DATETIME/TIMESTAMP (the connection parses times); all become the
// text the server would have sent, so a cell looks the same whichever
// protocol carried it.
func cellValue(col *Column, src any) Value {
	v := cellText(col, src)
	if !v.Null {
		v.Size = int64(len(v.Bytes))
	}
	return v
}

func cellText(col *Column, src any) Value {
	switch v := src.(type) {
	case nil:
		return Value{Null: true}
	case []byte:
		if v == nil {
			v = []byte{}
		}
		return Value{Bytes: v}
	case string:
		return Value{Bytes: []byte(v)}
	case int64:
		return Value{Bytes: strconv.AppendInt(nil, v, 10)}
	case uint64:
		return Value{Bytes: strconv.AppendUint(nil, v, 10)}
	case float32:
		return Value{Bytes: strconv.AppendFloat(nil, float64(v), 'g', -1, 32)}
	case float64:
		bits := 64
		if col != nil && col.DataType == "float" {
			bits = 32
		}
		return Value{Bytes: strconv.AppendFloat(nil, v, 'g', -1, bits)}
	case bool:
		if v {
			return Value{Bytes: []byte("1")}
		}
		return Value{Bytes: []byte("0")}
	case time.Time:
		return Value{Bytes: []byte(formatTime(col, v))}
	}
	return Value{Bytes: []byte(fmt.Sprint(src))}
}

var reFsp = regexp.MustCompile(`\((\d)\)`)

// formatTime renders t as MySQL prints a value of col's type.
func formatTime(col *Column, t time.Time) string {
	dataType := "datetime"
	fsp := 0
	if col != nil {
		dataType = col.DataType
		if m := reFsp.FindStringSubmatch(col.Type); m != nil {
			fsp, _ = strconv.Atoi(m[1])
		}
	}
	if dataType == "date" {
		if t.IsZero() {
			return "0000-00-00"
		}
		return t.Format("2006-01-02")
	}
	if t.IsZero() {
		return "0000-00-00 00:00:00"
	}
	s := t.Format("2006-01-02 15:04:05")
	if fsp == 0 && t.Nanosecond() != 0 {
		fsp = 6
	}
	if fsp > 0 {
		s += "." + fmt.Sprintf("%09d", t.Nanosecond())[:fsp]
	}
	return s
}

// Type families that need a typed argument or a special SQL expression.
var (
	intTypes = map[string]bool{"tinyint": true, "smallint": true, "mediumint": true, "int": true,
		"integer": true, "bigint": true, "year": true}
	castSortTypes = map[string]bool{"enum": true, "set": true, "json": true}
)

// keyArg turns a cursor value, which came from the column itself, into the
// argument that compares equal to the stored value: integers as integers,
// FLOAT via float32 (so 0.1 matches the stored 0.1f), BIT as an unsigned
// number, binary columns as bytes, everything else as text.
func keyArg(col *Column, v Value) any {
	s := string(v.Bytes)
	switch {
	case intTypes[col.DataType]:
		if strings.Contains(col.Type, "unsigned") {
			if n, err := strconv.ParseUint(s, 10, 64); err == nil {
				return n
			}
		} else if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	case col.DataType == "float":
		if f, err := strconv.ParseFloat(s, 32); err == nil {
			return f
		}
	case col.DataType == "double" || col.DataType == "real":
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case col.DataType == "bit":
		var n uint64
		for _, b := range v.Bytes {
			n = n<<8 | uint64(b)
		}
		return n
	case col.Binary:
		return v.Bytes
	}
	return s
}

// filterArg turns what a user typed into the argument of a comparison on
// col. Numbers must parse; a binary column accepts 0x-prefixed hex (as
// Value.Hex prints) or plain text.
func filterArg(col *Column, typed string) (any, error) {
	s := strings.TrimSpace(typed)
	switch {
	case intTypes[col.DataType] && col.DataType != "year":
		if strings.Contains(col.Type, "unsigned") {
			if n, err := strconv.ParseUint(s, 10, 64); err == nil {
				return n, nil
			}
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f, nil
		}
		return nil, fmt.Errorf("%w: column %q holds integers: %q is not a number", ErrBadQuery, col.Name, typed)
	case col.DataType == "float":
		f, err := strconv.ParseFloat(s, 32)
		if err != nil {
			return nil, fmt.Errorf("%w: column %q holds numbers: %q is not a number", ErrBadQuery, col.Name, typed)
		}
		return f, nil
	case col.DataType == "double" || col.DataType == "real":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: column %q holds numbers: %q is not a number", ErrBadQuery, col.Name, typed)
		}
		return f, nil
	case col.DataType == "bit":
		if b, ok := parseHex(s); ok {
			return keyArg(col, Value{Bytes: b}), nil
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: column %q holds bits: %q is neither a number nor 0x-hex", ErrBadQuery, col.Name, typed)
		}
		return n, nil
	case col.Binary:
		if b, ok := parseHex(s); ok {
			return b, nil
		}
		return []byte(typed), nil
	}
	return typed, nil
}

func parseHex(s string) ([]byte, bool) {
	if len(s) < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return nil, false
	}
	h := s[2:]
	if len(h)%2 == 1 {
		h = "0" + h
	}
	b, err := hex.DecodeString(h)
	return b, err == nil
}

// filterText renders a cell value as the text filterArg accepts back for
// col, so a relation query filters on exactly this value.
func filterText(col *Column, v Value) string {
	if col != nil && col.Binary && col.DataType != "bit" {
		return v.Hex()
	}
	if col != nil && col.DataType == "bit" {
		return v.Hex()
	}
	return string(v.Bytes)
}

var reDecimal = regexp.MustCompile(`^(?:decimal|numeric)\((\d+),(\d+)\)`)

// keyPlaceholder is the placeholder for a cursor value of col: DECIMAL
// values are cast back to the column's own type, so the comparison is
// exact instead of going through a double.
func keyPlaceholder(col *Column) string {
	if m := reDecimal.FindStringSubmatch(strings.ToLower(col.Type)); m != nil {
		return "CAST(? AS DECIMAL(" + m[1] + "," + m[2] + "))"
	}
	return "?"
}

// sortExpr is the SQL expression rows are ordered and compared by for col.
// ENUM and SET sort by their index but compare as strings, and JSON has
// its own ordering; all three are ordered by their text so that the
// ORDER BY and the keyset comparison agree.
func sortExpr(col *Column) string {
	if castSortTypes[col.DataType] {
		return "CAST(" + QuoteIdent(col.Name) + " AS CHAR)"
	}
	return QuoteIdent(col.Name)
}
