package store

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
	dataType, fsp := timeFormat(col)
	return string(appendTime(nil, t, dataType, fsp))
}

// timeFormat is what appendTime needs to know of col: its data type and
// its fractional digits, datetime with none when col is nil.
func timeFormat(col *Column) (dataType string, fsp int) {
	if col == nil {
		return "datetime", 0
	}
	if m := reFsp.FindStringSubmatch(col.Type); m != nil {
		fsp, _ = strconv.Atoi(m[1])
	}
	return col.DataType, fsp
}

// appendTime appends t as MySQL prints a DATE, or a DATETIME or TIMESTAMP
// with fsp fractional digits (6 when the type says none but t has some);
// the zero time is MySQL's zero date.
func appendTime(b []byte, t time.Time, dataType string, fsp int) []byte {
	if dataType == "date" {
		if t.IsZero() {
			return append(b, "0000-00-00"...)
		}
		return appendDate(b, t)
	}
	if t.IsZero() {
		return append(b, "0000-00-00 00:00:00"...)
	}
	b = appendDate(b, t)
	h, m, sec := t.Clock()
	b = append(b, ' ', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+sec/10), byte('0'+sec%10))
	if fsp == 0 && t.Nanosecond() != 0 {
		fsp = 6
	}
	if fsp > 0 {
		b = append(b, '.')
		ns := t.Nanosecond()
		for div := 100_000_000; fsp > 0; fsp, div = fsp-1, div/10 {
			b = append(b, byte('0'+ns/div%10))
		}
	}
	return b
}

// appendDate appends YYYY-MM-DD: what t.AppendFormat does, several times
// faster, for the millions of dates an export writes.
func appendDate(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, "2006-01-02")
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10))
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

// MaxFilterValue is the longest value, in characters, a filter takes.
const MaxFilterValue = 1000

// checkLength refuses a filter value longer than MaxFilterValue.
func checkLength(col *Column, typed string) error {
	if n := utf8.RuneCountInString(typed); n > MaxFilterValue {
		return fmt.Errorf("%w: a filter value on %q is at most %d characters; this one has %d", ErrBadQuery, col.Name, MaxFilterValue, n)
	}
	return nil
}

var (
	reInteger  = regexp.MustCompile(`^[+-]?\d+$`)
	reDecimalV = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	reDate     = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	reDateTime = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$`)
	reTime     = regexp.MustCompile(`^-?(\d{1,3}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$`)
)

// filterArg turns what a user typed into the argument of a comparison on
// col, refusing what the column's type cannot hold: integers for integer
// columns, numbers for DECIMAL (sent as text, so nothing is lost to a
// double), FLOAT and DOUBLE; dates as YYYY-MM-DD, datetimes as
// YYYY-MM-DD[ hh:mm[:ss[.ffffff]]], times as [-]hhh:mm[:ss[.ffffff]],
// years as four digits; a member of an ENUM. A binary column accepts
// 0x-prefixed hex (as Value.Hex prints) or plain text, BIT a number or hex.
func filterArg(col *Column, typed string) (any, error) {
	if err := checkLength(col, typed); err != nil {
		return nil, err
	}
	s := strings.TrimSpace(typed)
	bad := func(what string) error {
		if s == "" {
			return fmt.Errorf("%w: column %q holds %s: give a value", ErrBadQuery, col.Name, what)
		}
		return fmt.Errorf("%w: column %q holds %s: %q is not one", ErrBadQuery, col.Name, what, typed)
	}
	switch dt := col.DataType; {
	case dt == "year":
		if n, err := strconv.Atoi(s); err == nil && len(s) == 4 && (n == 0 || n >= 1901 && n <= 2155) {
			return n, nil
		}
		return nil, bad("years (four digits, 1901 to 2155)")
	case intTypes[dt]:
		if !reInteger.MatchString(s) {
			// A fraction still compares (score <= 7.5); text does not.
			if f, err := strconv.ParseFloat(s, 64); err == nil && reDecimalV.MatchString(s) {
				return f, nil
			}
			return nil, bad("whole numbers")
		}
		if strings.Contains(col.Type, "unsigned") {
			if n, err := strconv.ParseUint(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
				return n, nil
			}
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
		return s, nil // beyond 64 bits: compared as the server converts it
	case dt == "decimal" || dt == "numeric":
		if !reDecimalV.MatchString(s) {
			return nil, bad("numbers")
		}
		return s, nil
	case dt == "float":
		f, err := strconv.ParseFloat(s, 32)
		if err != nil {
			return nil, bad("numbers")
		}
		return f, nil
	case dt == "double" || dt == "real":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, bad("numbers")
		}
		return f, nil
	case dt == "date":
		if !validDate(s, reDate) {
			return nil, bad("dates (YYYY-MM-DD)")
		}
		return s, nil
	case dt == "datetime" || dt == "timestamp":
		if !validDate(s, reDateTime) {
			return nil, bad("dates and times (YYYY-MM-DD hh:mm:ss)")
		}
		return s, nil
	case dt == "time":
		m := reTime.FindStringSubmatch(s)
		if m == nil || atoi(m[2]) > 59 || m[3] != "" && atoi(m[3]) > 59 || atoi(m[1]) > 838 {
			return nil, bad("times ([-]hhh:mm:ss, up to 838:59:59)")
		}
		return s, nil
	case dt == "enum":
		members := EnumMembers(col.Type)
		for _, m := range members {
			if strings.EqualFold(m, typed) {
				return typed, nil
			}
		}
		if len(members) > 0 {
			return nil, fmt.Errorf("%w: column %q holds one of %s: %q is not one", ErrBadQuery, col.Name, strings.Join(quoteAll(members), ", "), typed)
		}
	case dt == "bit":
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

// validDate reports whether s matches re (year, month and day first) and
// is a real calendar date, or the zero date MySQL allows.
func validDate(s string, re *regexp.Regexp) bool {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
	if y == 0 && mo == 0 && d == 0 {
		return true
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
		return false
	}
	if len(m) > 4 && m[4] != "" && (atoi(m[4]) > 23 || atoi(m[5]) > 59 || m[6] != "" && atoi(m[6]) > 59) {
		return false
	}
	return true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// EnumMembers reads the members of an ENUM or SET column type, e.g.
// enum('a','b') gives a and b, a member's doubled quotes undone (see
// Column.Members).
func EnumMembers(typ string) []string {
	return (&Column{Type: typ}).Members()
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return out
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
func sortExpr(col *Column) string { return sortExprAs(col, "") }

// sortExprAs is sortExpr with the column qualified by alias, when set.
func sortExprAs(col *Column, alias string) string {
	ref := QuoteIdent(col.Name)
	if alias != "" {
		ref = alias + "." + ref
	}
	if castSortTypes[col.DataType] {
		return "CAST(" + ref + " AS CHAR)"
	}
	return ref
}
