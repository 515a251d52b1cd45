// Package colgen generates the values of one column for a seed: chosen by
// the column's name and type when nothing is asked for (as drizzle-seed
// does), or by the user's refinement (a project.SeedColumn). It knows no
// database: a generator writes its column's value for one row to a Writer,
// drawing from a faker the caller re-seeds per row, so that a value depends
// only on the seed, the column and the row.
package colgen

import (
	"math"

	"github.com/brianvoe/gofakeit/v7"
)

// Column is what a generator needs to know of its column.
type Column struct {
	Table, Name string
	// DataType is the catalog's DATA_TYPE, lower case ("int", "varchar").
	DataType string
	// ColumnType is the catalog's COLUMN_TYPE ("int(10) unsigned").
	ColumnType string
	Nullable   bool
	// MaxChars is CHARACTER_MAXIMUM_LENGTH: characters for text types,
	// bytes for binary ones; for BIT, the bits. 0 when not applicable.
	MaxChars int64
	// Precision and Scale are a DECIMAL's digits and decimals.
	Precision, Scale int
	Unsigned         bool
	// Members are an ENUM's or SET's members, in order.
	Members []string
	// Unique says no two rows may hold the same value.
	Unique bool
}

// Writer receives one value (seeder's rowWriter is one).
type Writer interface {
	Int(v int64)
	Str(s string)
	DateTime(unix int64) // "YYYY-MM-DD hh:mm:ss", UTC
	Date(unix int64)     // "YYYY-MM-DD", UTC
	Null()
}

// Gen writes its column's value for row (0-based) to w, drawing from f,
// which the caller has re-seeded for this row and column.
type Gen func(w Writer, f *gofakeit.Faker, row int64)

// family is a group of types that take the same values.
type family int

const (
	famOther family = iota
	famInt
	famDecimal
	famFloat
	famYear
	famBit
	famDate
	famDateTime
	famTimestamp
	famTime
	famText
	famBinary
	famEnum
	famSet
	famJSON
	famSpatial
)

var families = map[string]family{
	"tinyint": famInt, "smallint": famInt, "mediumint": famInt, "int": famInt, "integer": famInt, "bigint": famInt,
	"decimal": famDecimal, "numeric": famDecimal, "float": famFloat, "double": famFloat, "real": famFloat,
	"year": famYear, "bit": famBit,
	"date": famDate, "datetime": famDateTime, "timestamp": famTimestamp, "time": famTime,
	"char": famText, "varchar": famText, "tinytext": famText, "text": famText, "mediumtext": famText, "longtext": famText,
	"binary": famBinary, "varbinary": famBinary, "tinyblob": famBinary, "blob": famBinary, "mediumblob": famBinary, "longblob": famBinary,
	"enum": famEnum, "set": famSet, "json": famJSON,
	"geometry": famSpatial, "point": famSpatial, "linestring": famSpatial, "polygon": famSpatial,
	"multipoint": famSpatial, "multilinestring": famSpatial, "multipolygon": famSpatial,
	"geometrycollection": famSpatial, "geomcollection": famSpatial,
}

func (c Column) family() family { return families[c.DataType] }

// intBits is the width of each integer type.
var intBits = map[string]uint{"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32, "bigint": 64}

// IntRange is the range an integer column holds (a BIGINT UNSIGNED is
// capped at the largest int64).
func (c Column) IntRange() (lo, hi int64) {
	bits := intBits[c.DataType]
	if bits == 0 {
		return 0, 0
	}
	if c.Unsigned {
		if bits == 64 {
			return 0, math.MaxInt64
		}
		return 0, 1<<bits - 1
	}
	return -1 << (bits - 1), 1<<(bits-1) - 1
}

// textBytes is the most bytes a TEXT type holds.
var textBytes = map[string]int64{"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295,
	"tinyblob": 255, "blob": 65535, "mediumblob": 16777215, "longblob": 4294967295}

// maxLen is the most characters (bytes for binary types) a value may
// have. TEXT and BLOB limits are in bytes: a character of utf8mb4 takes up
// to 4.
func (c Column) maxLen() int64 {
	if b, ok := textBytes[c.DataType]; ok {
		if c.family() == famText {
			return b / 4
		}
		return b
	}
	if c.MaxChars > 0 {
		return c.MaxChars
	}
	return 255
}

// fixedLen reports whether values must have exactly maxLen bytes (BINARY
// pads with zero bytes, which would make short values collide).
func (c Column) fixedLen() bool { return c.DataType == "binary" }
