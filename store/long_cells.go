package store

import (
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// CellPrefixBytes is the most bytes of a long value (TEXT, BLOB, JSON, or
// a VARCHAR/VARBINARY wider than this) that a page carries: a page of
// 16 MB values holds kilobytes, not gigabytes. Such a Value has the start
// of the value in Bytes (cut at a character boundary for text), its full
// length in Size and Truncated set; Store.FullValue reads the rest. The
// grid shows far less than this of a cell.
const CellPrefixBytes = 1024

// longTypes are the data types whose values can be megabytes long.
var longTypes = map[string]bool{
	"tinytext": true, "text": true, "mediumtext": true, "longtext": true,
	"tinyblob": true, "blob": true, "mediumblob": true, "longblob": true,
	"json": true,
}

var reTypeLength = regexp.MustCompile(`^\w+\((\d+)\)`)

// isLong reports whether values of col may be longer than CellPrefixBytes,
// so that a page selects only their prefix. A VARCHAR(n) counts when n
// characters can exceed it in utf8mb4 (4 bytes a character).
func isLong(col *Column) bool {
	if longTypes[col.DataType] {
		return true
	}
	m := reTypeLength.FindStringSubmatch(col.Type)
	if m == nil {
		return false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return false
	}
	switch col.DataType {
	case "varchar", "char":
		return n > CellPrefixBytes/4
	case "varbinary", "binary":
		return n > CellPrefixBytes
	}
	return false
}

// prefixExprs are the two expressions a page selects for a long column:
// its first CellPrefixBytes+1 characters (text) or bytes (binary) — one
// more than a page keeps, so that a value just longer than the prefix is
// told apart from one that fits — and its full length in bytes.
//
// JSON is read through CAST(... AS CHAR): MySQL, TiDB and the embedded
// engine then apply string functions to its text (the embedded engine's
// LEFT refuses a JSON value). The embedded engine's SUBSTRING and LEFT
// treat bytes as UTF-8 text and replace invalid sequences, so there a
// binary prefix is cut from the value's hex digits and decoded back.
func prefixExprs(col *Column, f Flavor) (prefix, length string) {
	name := QuoteIdent(col.Name)
	n := CellPrefixBytes + 1
	switch {
	case col.DataType == "json":
		text := "CAST(" + name + " AS CHAR)"
		return fmt.Sprintf("LEFT(%s, %d)", text, n), "OCTET_LENGTH(" + text + ")"
	case col.Binary && f.Kind == FlavorEmbedded:
		return fmt.Sprintf("UNHEX(SUBSTRING(HEX(%s), 1, %d))", name, 2*n), "OCTET_LENGTH(" + name + ")"
	case col.Binary:
		return fmt.Sprintf("SUBSTRING(%s, 1, %d)", name, n), "OCTET_LENGTH(" + name + ")"
	}
	return fmt.Sprintf("LEFT(%s, %d)", name, n), "OCTET_LENGTH(" + name + ")"
}

// prefixValue turns what a page selected for a long column (see
// prefixExprs) into a Value: at most CellPrefixBytes bytes of it, cut at a
// character boundary for text, with the full length.
func prefixValue(col *Column, prefix, length any) Value {
	v := cellValue(col, prefix)
	if v.Null {
		return v
	}
	if len(v.Bytes) > CellPrefixBytes {
		cut := CellPrefixBytes
		if !col.Binary {
			for cut > 0 && !utf8.RuneStart(v.Bytes[cut]) {
				cut--
			}
		}
		v.Bytes = v.Bytes[:cut:cut]
		v.Truncated = true
	}
	if v.Truncated {
		n, err := strconv.ParseInt(cellValue(nil, length).String(), 10, 64)
		if err == nil {
			v.Size = max(n, v.Size)
		}
	} else {
		v.Size = int64(len(v.Bytes))
	}
	return v
}
