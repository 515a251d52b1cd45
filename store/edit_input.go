package store

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// invalid is an ErrInvalidValue error with a message for people.
func invalid(col *Column, format string, args ...any) error {
	return &Error{Kind: ErrInvalidValue, Msg: col.Name + ": " + fmt.Sprintf(format, args...)}
}

// ParseInput checks text, as a person typed it for col, against the
// column's type and returns the Value to write, in the form a page reads
// the column back: integers and decimals in canonical digits (DECIMAL
// padded to its scale), dates and times with exactly the column's
// fractional digits, TIME with its sign, BIT and binary values as their
// bytes (typed as b'0101', 0x hex or a number for BIT, hex for binary;
// BINARY(n) padded with zero bytes as the server pads it), ENUM as the
// member, SET as its members in declaration order, JSON compacted, CHAR
// without the trailing spaces the server strips. So a value written
// through the edit path reads back byte for byte (JSON: as the same
// document), and the grid can show a staged value as it will look.
//
// Text that does not fit — a number out of range, too many digits, a
// date that does not exist, text too long, a member that is not one —
// gives an ErrInvalidValue error saying what the column takes. NULL and
// DEFAULT are not typed: they are Edit fields.
func ParseInput(col *Column, text string) (Value, error) {
	s := strings.TrimSpace(text)
	dt := col.DataType
	switch {
	case dt == "year":
		return parseYear(col, s)
	case intBits[dt] > 0:
		return parseInt(col, s)
	case dt == "decimal" || dt == "numeric":
		return parseDecimal(col, s)
	case dt == "float" || dt == "double" || dt == "real":
		return parseFloat(col, s)
	case dt == "bit":
		return parseBit(col, s)
	case dt == "date":
		return parseDate(col, s)
	case dt == "datetime" || dt == "timestamp":
		return parseDateTime(col, s)
	case dt == "time":
		return parseTime(col, s)
	case dt == "enum":
		return parseEnum(col, s)
	case dt == "set":
		return parseSet(col, s)
	case dt == "json":
		return parseJSON(col, text)
	case col.Spatial():
		return Value{}, invalid(col, "spatial values cannot be edited here")
	case col.Binary:
		return parseBinary(col, text)
	}
	return parseText(col, text)
}

// InputText is the text ParseInput accepts back for v: what an editor
// starts with. Binary values are hex, BIT values b'…' literals.
func InputText(col *Column, v Value) string {
	switch {
	case v.Null:
		return ""
	case col.DataType == "bit":
		return bitLiteral(v.Bytes, col.Size())
	case col.Binary:
		return hex.EncodeToString(v.Bytes)
	}
	return string(v.Bytes)
}

// InputHint says what col takes, for the editor: "whole number from 0 to
// 255", "date and time YYYY-MM-DD HH:MM:SS.ffffff", ...
func InputHint(col *Column) string {
	dt := col.DataType
	switch {
	case dt == "year":
		return "year from 1901 to 2155"
	case intBits[dt] > 0:
		lo, hi := intRange(col)
		return fmt.Sprintf("whole number from %s to %s", lo, hi)
	case dt == "decimal" || dt == "numeric":
		p, s, _ := col.DecimalSize()
		h := fmt.Sprintf("decimal number, up to %d digits before the point and %d after", p-s, s)
		if col.Unsigned() {
			h += ", not negative"
		}
		return h
	case dt == "float":
		return "floating-point number (single precision, about 7 digits)"
	case dt == "double" || dt == "real":
		return "floating-point number (double precision, about 16 digits)"
	case dt == "bit":
		return fmt.Sprintf("%d bits: b'0101', 0x hex or a number", max(col.Size(), 1))
	case dt == "date":
		return "date YYYY-MM-DD"
	case dt == "datetime" || dt == "timestamp":
		h := "date and time YYYY-MM-DD HH:MM:SS" + fracPattern(col.FractionalDigits())
		if dt == "timestamp" {
			h += " (1970 to 2038)"
		}
		return h
	case dt == "time":
		return "time [-]HH:MM:SS" + fracPattern(col.FractionalDigits()) + " from -838:59:59 to 838:59:59"
	case dt == "enum":
		return "one of its members"
	case dt == "set":
		return "members separated by commas"
	case dt == "json":
		return "a JSON document"
	case col.Spatial():
		return "spatial value (not editable)"
	case col.Binary:
		if n := binaryLimit(col); n > 0 {
			return fmt.Sprintf("bytes as hex, at most %d bytes", n)
		}
		return "bytes as hex"
	case (dt == "char" || dt == "varchar") && col.Size() > 0:
		return fmt.Sprintf("text, at most %d characters", col.Size())
	}
	if n := maxBytes[dt]; n > 0 {
		return fmt.Sprintf("text, at most %d bytes", n)
	}
	return "text"
}

func fracPattern(fsp int) string {
	if fsp == 0 {
		return ""
	}
	return "." + strings.Repeat("f", fsp)
}

// intRange is the smallest and largest value of an integer column.
func intRange(col *Column) (lo, hi *big.Int) {
	bits := intBits[col.DataType]
	one := big.NewInt(1)
	if col.Unsigned() {
		hi = new(big.Int).Lsh(one, bits)
		return big.NewInt(0), hi.Sub(hi, one)
	}
	hi = new(big.Int).Lsh(one, bits-1)
	lo = new(big.Int).Neg(hi)
	return lo, hi.Sub(hi, one)
}

func parseInt(col *Column, s string) (Value, error) {
	n, ok := new(big.Int).SetString(strings.TrimPrefix(s, "+"), 10)
	lo, hi := intRange(col)
	if !ok || n.Cmp(lo) < 0 || n.Cmp(hi) > 0 {
		return Value{}, invalid(col, "takes a whole number from %s to %s, not %q", lo, hi, s)
	}
	return textValue(n.String()), nil
}

func parseYear(col *Column, s string) (Value, error) {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || n < 1901 || n > 2155 {
		return Value{}, invalid(col, "takes a four-digit year from 1901 to 2155, not %q", s)
	}
	return textValue(strconv.Itoa(n)), nil
}

var reDecimalText = regexp.MustCompile(`^([+-]?)(\d*)(?:\.(\d*))?$`)

func parseDecimal(col *Column, s string) (Value, error) {
	p, scale, _ := col.DecimalSize()
	m := reDecimalText.FindStringSubmatch(s)
	if m == nil || m[2] == "" && m[3] == "" {
		return Value{}, invalid(col, "takes a decimal number such as 12.5, not %q", s)
	}
	sign, whole, frac := m[1], strings.TrimLeft(m[2], "0"), strings.TrimRight(m[3], "0")
	if len(whole) > p-scale {
		return Value{}, invalid(col, "holds at most %d digits before the point (decimal(%d,%d)), %q has %d", p-scale, p, scale, s, len(whole))
	}
	if len(frac) > scale {
		return Value{}, invalid(col, "keeps %d digits after the point (decimal(%d,%d)); %q would be rounded", scale, p, scale, s)
	}
	if whole == "" {
		whole = "0"
	}
	out := whole
	if scale > 0 {
		out += "." + frac + strings.Repeat("0", scale-len(frac))
	}
	zero := strings.Trim(whole+frac, "0") == ""
	if sign == "-" && !zero {
		if col.Unsigned() {
			return Value{}, invalid(col, "is unsigned: it takes no negative number")
		}
		out = "-" + out
	}
	return textValue(out), nil
}

func parseFloat(col *Column, s string) (Value, error) {
	bits := 64
	if col.DataType == "float" {
		bits = 32
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return Value{}, invalid(col, "takes a finite floating-point number such as 0.75 or 1e-3, not %q", s)
	}
	if f < 0 && col.Unsigned() {
		return Value{}, invalid(col, "is unsigned: it takes no negative number")
	}
	if f == 0 {
		f = 0 // no negative zero: the server stores 0
	}
	return textValue(strconv.FormatFloat(f, 'g', -1, bits)), nil
}

func parseBit(col *Column, s string) (Value, error) {
	m := max(col.Size(), 1)
	var n *big.Int
	ok := false
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "b'") && strings.HasSuffix(lower, "'") && len(lower) > 3:
		n, ok = new(big.Int).SetString(lower[2:len(lower)-1], 2)
	case strings.HasPrefix(lower, "0b"):
		n, ok = new(big.Int).SetString(lower[2:], 2)
	case strings.HasPrefix(lower, "0x"):
		n, ok = new(big.Int).SetString(lower[2:], 16)
	default:
		n, ok = new(big.Int).SetString(lower, 10)
	}
	if !ok || n.Sign() < 0 || n.BitLen() > m {
		return Value{}, invalid(col, "takes %d bits: b'0101', 0x hex or a number below 2^%d, not %q", m, m, s)
	}
	size := (m + 7) / 8
	return Value{Bytes: n.FillBytes(make([]byte, size)), Size: int64(size)}, nil
}

// bitLiteral writes b as a b'…' literal of m bits.
func bitLiteral(b []byte, m int) string {
	n := new(big.Int).SetBytes(b)
	digits := n.Text(2)
	if len(digits) < m {
		digits = strings.Repeat("0", m-len(digits)) + digits
	}
	return "b'" + digits + "'"
}

func parseDate(col *Column, s string) (Value, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Value{}, invalid(col, "takes a date YYYY-MM-DD that exists, not %q", s)
	}
	return textValue(t.Format("2006-01-02")), nil
}

var reDateTimeInput = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?)?$`)

func parseDateTime(col *Column, s string) (Value, error) {
	fsp := col.FractionalDigits()
	m := reDateTimeInput.FindStringSubmatch(s)
	bad := func() (Value, error) {
		return Value{}, invalid(col, "takes a date and time YYYY-MM-DD HH:MM:SS%s that exists, not %q", fracPattern(fsp), s)
	}
	if m == nil {
		return bad()
	}
	clock := m[2]
	if clock == "" {
		clock = "00:00:00"
	}
	t, err := time.Parse("2006-01-02 15:04:05", m[1]+" "+clock)
	if err != nil {
		return bad()
	}
	frac := strings.TrimRight(m[3], "0")
	if len(frac) > fsp {
		return Value{}, invalid(col, "keeps %d fractional digits of a second; %q has more", fsp, s)
	}
	if col.DataType == "timestamp" && (t.Year() < 1970 || t.Year() > 2038) {
		return Value{}, invalid(col, "is a TIMESTAMP: it holds times from 1970 to 2038, not %q", s)
	}
	out := t.Format("2006-01-02 15:04:05")
	if fsp > 0 {
		out += "." + frac + strings.Repeat("0", fsp-len(frac))
	}
	return textValue(out), nil
}

var reTimeInput = regexp.MustCompile(`^(-?)(\d{1,3}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$`)

func parseTime(col *Column, s string) (Value, error) {
	fsp := col.FractionalDigits()
	m := reTimeInput.FindStringSubmatch(s)
	bad := func() (Value, error) {
		return Value{}, invalid(col, "takes a time [-]HH:MM:SS%s from -838:59:59 to 838:59:59, not %q", fracPattern(fsp), s)
	}
	if m == nil {
		return bad()
	}
	h, _ := strconv.Atoi(m[2])
	mi, _ := strconv.Atoi(m[3])
	sec, _ := strconv.Atoi(m[4])
	frac := strings.TrimRight(m[5], "0")
	if mi > 59 || sec > 59 || h > 838 || h == 838 && mi == 59 && sec == 59 && frac != "" {
		return bad()
	}
	if len(frac) > fsp {
		return Value{}, invalid(col, "keeps %d fractional digits of a second; %q has more", fsp, s)
	}
	out := fmt.Sprintf("%02d:%02d:%02d", h, mi, sec)
	if fsp > 0 {
		out += "." + frac + strings.Repeat("0", fsp-len(frac))
	}
	if m[1] == "-" && (h != 0 || mi != 0 || sec != 0 || frac != "") {
		out = "-" + out
	}
	return textValue(out), nil
}

func parseEnum(col *Column, s string) (Value, error) {
	for _, mem := range col.Members() {
		if mem == s {
			return textValue(mem), nil
		}
	}
	for _, mem := range col.Members() {
		if strings.EqualFold(mem, s) {
			return textValue(mem), nil
		}
	}
	return Value{}, invalid(col, "takes one of %s, not %q", quoteList(col.Members()), s)
}

func parseSet(col *Column, s string) (Value, error) {
	members := col.Members()
	chosen := make([]bool, len(members))
	if s != "" {
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			found := false
			for i, mem := range members {
				if strings.EqualFold(mem, part) {
					chosen[i], found = true, true
					break
				}
			}
			if !found {
				return Value{}, invalid(col, "takes members of %s separated by commas; %q is not one", quoteList(members), part)
			}
		}
	}
	var out []string
	for i, mem := range members {
		if chosen[i] {
			out = append(out, mem)
		}
	}
	return textValue(strings.Join(out, ",")), nil
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, it := range items {
		q[i] = strconv.Quote(it)
	}
	return strings.Join(q, ", ")
}

func parseJSON(col *Column, text string) (Value, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(text)); err != nil {
		return Value{}, invalid(col, "takes a JSON document: %v", err)
	}
	return Value{Bytes: buf.Bytes(), Size: int64(buf.Len())}, nil
}

var reNotHex = regexp.MustCompile(`[\s:_-]`)

// binaryLimit is the most bytes a binary column holds, or 0 when unknown.
func binaryLimit(col *Column) int64 {
	if n, ok := maxBytes[col.DataType]; ok {
		return n
	}
	return int64(col.Size())
}

func parseBinary(col *Column, text string) (Value, error) {
	h := strings.TrimSpace(text)
	if strings.HasPrefix(strings.ToLower(h), "0x") {
		h = h[2:]
	}
	h = reNotHex.ReplaceAllString(h, "")
	b, err := hex.DecodeString(h)
	if err != nil {
		return Value{}, invalid(col, "takes bytes as pairs of hex digits (0-9, a-f), e.g. 00ff10")
	}
	if n := binaryLimit(col); n > 0 && int64(len(b)) > n {
		return Value{}, invalid(col, "holds at most %d bytes; this is %d", n, len(b))
	}
	if col.DataType == "binary" && len(b) < col.Size() {
		// BINARY(n) is padded with zero bytes to its length.
		b = append(b, make([]byte, col.Size()-len(b))...)
	}
	return Value{Bytes: b, Size: int64(len(b))}, nil
}

func parseText(col *Column, text string) (Value, error) {
	if !utf8.ValidString(text) {
		return Value{}, invalid(col, "takes text; this is not valid UTF-8")
	}
	switch col.DataType {
	case "char", "varchar":
		if n := utf8.RuneCountInString(text); col.Size() > 0 && n > col.Size() {
			return Value{}, invalid(col, "holds at most %d characters; this is %d", col.Size(), n)
		}
		if col.DataType == "char" {
			// The server strips trailing spaces from CHAR values it reads.
			text = strings.TrimRight(text, " ")
		}
	default:
		if n := maxBytes[col.DataType]; n > 0 && int64(len(text)) > n {
			return Value{}, invalid(col, "holds at most %d bytes; this is %d", n, len(text))
		}
	}
	return textValue(text), nil
}

func textValue(s string) Value { return Value{Bytes: []byte(s), Size: int64(len(s))} }
