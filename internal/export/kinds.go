package export

import (
	"math"
	"strconv"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// kind is how a column's values are written.
type kind int

const (
	kindText    kind = iota // quoted text: strings, dates and times, ENUM, SET
	kindInt                 // integers and YEAR
	kindDecimal             // DECIMAL and NUMERIC: exact, as text
	kindFloat               // DOUBLE
	kindFloat32             // FLOAT
	kindBit                 // BIT(M): big-endian bytes
	kindBinary              // bytes: BINARY, VARBINARY, BLOB, spatial types
	kindJSON                // JSON text
)

// binaryTypes are the data types whose values are bytes, for sources whose
// columns do not set Binary.
var binaryTypes = map[string]bool{
	"binary": true, "varbinary": true, "tinyblob": true, "blob": true, "mediumblob": true,
	"longblob": true, "geometry": true, "point": true, "linestring": true, "polygon": true,
	"multipoint": true, "multilinestring": true, "multipolygon": true, "geometrycollection": true,
}

// kindOf classifies a column by its data type, as the catalog reports it
// ("int", "decimal") or as the driver names a result's column ("UNSIGNED
// BIGINT", "DECIMAL").
func kindOf(c store.Column) kind {
	t := strings.ToLower(strings.TrimSpace(c.DataType))
	t = strings.TrimSpace(strings.TrimPrefix(t, "unsigned"))
	switch t {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year":
		return kindInt
	case "decimal", "numeric":
		return kindDecimal
	case "float":
		return kindFloat32
	case "double", "real", "double precision":
		return kindFloat
	case "bit":
		return kindBit
	case "json":
		return kindJSON
	}
	if c.Binary || binaryTypes[t] {
		return kindBinary
	}
	return kindText
}

func kinds(cols []store.Column) []kind {
	out := make([]kind, len(cols))
	for i, c := range cols {
		out[i] = kindOf(c)
	}
	return out
}

// floatText is a FLOAT value as it loads back: the shortest text of the
// largest FLOAT values (3.4028235e+38) is just beyond the type's range
// and a strict server refuses it, so those get the exact decimal
// expansion instead.
func floatText(v []byte) []byte {
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.Abs(f) <= math.MaxFloat32 || math.IsInf(float64(float32(f)), 0) {
		return v
	}
	return strconv.AppendFloat(nil, float64(float32(f)), 'g', -1, 64)
}

// bitNumber reads a BIT value, big-endian bytes, as a number; ok is false
// for more than 8 bytes, which no BIT column holds.
func bitNumber(b []byte) (uint64, bool) {
	if len(b) > 8 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return n, true
}

// isNumber reports whether s is a plain decimal number as the server
// prints one ("-12", "3.50", "1e+20", "1.5E-7"): safe to write unquoted in
// SQL. Anything else (a zero-filled "007" is fine, "inf" or "" are not) is
// quoted.
func isNumber(s []byte) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	j := skipDigits(s, i)
	digits := j - i
	i = j
	if i < len(s) && s[i] == '.' {
		j = skipDigits(s, i+1)
		digits += j - (i + 1)
		i = j
	}
	if digits == 0 {
		return false
	}
	i, ok := skipExponent(s, i)
	return ok && i == len(s)
}

// isJSONNumber reports whether s is a number in JSON's grammar: no plus
// sign, no leading zeros, digits on both sides of a point.
func isJSONNumber(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := skipDigits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	i, ok := skipExponent(s, i)
	return ok && i == len(s)
}

// skipDigits is the index of the first byte at or after i that is not an
// ASCII digit: the runs of digits of both number grammars above.
func skipDigits(s []byte, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// skipExponent steps over an exponent at i ("e5", "E+20", "e-07"), where
// there is one; ok is false for an "e" without digits. SQL's and JSON's
// numbers write their exponents alike.
func skipExponent(s []byte, i int) (next int, ok bool) {
	if i >= len(s) || (s[i] != 'e' && s[i] != 'E') {
		return i, true
	}
	i++
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	j := skipDigits(s, i)
	return j, j > i
}
