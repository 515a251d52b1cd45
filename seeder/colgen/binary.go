package colgen

import (
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

// Bytes travel as they are: the seeder's LOAD DATA stream and its INSERT
// arguments carry any byte into a binary column (the stream escapes only
// tab, newline and backslash), so BLOBs, BIT values and geometries are
// written in the server's own binary forms, with no SQL expression per
// column.

// bytesGen draws bytes: exactly n for BINARY(n), else 8 to 32 (at most
// the column's length). A unique column starts with the row number, big
// endian, in as few bytes as the row count needs.
func bytesGen(c Column, unique bool, rows int64) (Gen, error) {
	limit := c.maxLen()
	width := 0 // bytes of the row number
	if unique {
		for width = 1; width < 8 && rows > int64(1)<<(8*width); width++ {
		}
		if int64(width) > limit {
			return nil, tooFew(fmt.Sprintf("%d bytes", limit), uint64(1)<<(8*limit), rows)
		}
	}
	fixed := c.fixedLen()
	return func(w Writer, f *gofakeit.Faker, row int64) {
		n := limit
		if !fixed {
			n = min(limit, int64(8+f.IntN(25)))
		}
		n = max(n, int64(width))
		b := make([]byte, n)
		for i := width; i < len(b); i++ {
			b[i] = byte(f.IntN(256))
		}
		for i := 0; i < width; i++ {
			b[i] = byte(row >> (8 * (width - 1 - i)))
		}
		w.Str(string(b))
	}, nil
}

var reBits = regexp.MustCompile(`^bit\((\d+)\)`)

// bitWidth is a BIT column's width, 1 to 64.
func bitWidth(c Column) int {
	if m := reBits.FindStringSubmatch(c.ColumnType); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// bitGen draws values of a BIT(n) column, sent as their ceil(n/8) bytes.
func bitGen(c Column, unique bool, rows int64) (Gen, error) {
	n := bitWidth(c)
	size := (n + 7) / 8
	hi := int64(math.MaxInt64)
	if n < 63 {
		hi = int64(1)<<n - 1
	}
	if unique && uint64(hi)+1 < uint64(rows) {
		return nil, tooFew(c.ColumnType, uint64(hi)+1, rows)
	}
	vals := intGen(0, hi, unique)
	return func(w Writer, f *gofakeit.Faker, row int64) {
		var v capture
		vals(&v, f, row)
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(v.i))
		w.Str(string(b[8-size:]))
	}, nil
}

// spatialGen draws geometries of the column's type (a POINT for
// GEOMETRY) in the server's internal form: a 4-byte SRID (0) and the
// well-known binary. Coordinates are longitude and latitude.
func spatialGen(c Column) Gen {
	kind := c.DataType
	return func(w Writer, f *gofakeit.Faker, _ int64) {
		b := make([]byte, 4, 128)
		x, y := f.Float64()*360-180, f.Float64()*170-85
		switch kind {
		case "linestring":
			b = wkbLine(b, x, y)
		case "polygon":
			b = wkbPolygon(b, x, y)
		case "multipoint":
			b = wkbHead(b, 4, 1)
			b = wkbPoint(b, x, y)
		case "multilinestring":
			b = wkbHead(b, 5, 1)
			b = wkbLine(b, x, y)
		case "multipolygon":
			b = wkbHead(b, 6, 1)
			b = wkbPolygon(b, x, y)
		case "geometrycollection", "geomcollection":
			b = wkbHead(b, 7, 1)
			b = wkbPoint(b, x, y)
		default:
			b = wkbPoint(b, x, y)
		}
		w.Str(string(b))
	}
}

func wkbHead(b []byte, typ, count uint32) []byte {
	b = append(b, 1) // little endian
	b = binary.LittleEndian.AppendUint32(b, typ)
	return binary.LittleEndian.AppendUint32(b, count)
}

func wkbXY(b []byte, x, y float64) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(y))
}

func wkbPoint(b []byte, x, y float64) []byte {
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, 1)
	return wkbXY(b, x, y)
}

func wkbLine(b []byte, x, y float64) []byte {
	b = wkbHead(b, 2, 2)
	b = wkbXY(b, x, y)
	return wkbXY(b, x+0.01, y+0.01)
}

// wkbPolygon is a small square with its corner at x, y.
func wkbPolygon(b []byte, x, y float64) []byte {
	b = wkbHead(b, 3, 1)
	b = binary.LittleEndian.AppendUint32(b, 5)
	for _, p := range [][2]float64{{x, y}, {x + 0.01, y}, {x + 0.01, y + 0.01}, {x, y + 0.01}, {x, y}} {
		b = wkbXY(b, p[0], p[1])
	}
	return b
}

// jsonMinLen is the shortest text column the json generator writes to.
const jsonMinLen = 120

func buildJSON(c Column, s *project.SeedColumn, _ int64) (Gen, error) {
	if c.family() != famJSON && (c.family() != famText || c.maxLen() < jsonMinLen) {
		return nil, wrongType("json", c)
	}
	return jsonGen, nil
}

// jsonGen writes a small JSON object: {"id":…,"name":…,"tags":[…],…}.
func jsonGen(w Writer, f *gofakeit.Faker, row int64) {
	b := make([]byte, 0, 96)
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, row+1, 10)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, f.Word())
	b = append(b, `,"tags":[`...)
	for i, n := 0, f.IntN(3); i <= n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.Word())
	}
	b = append(b, `],"active":`...)
	b = strconv.AppendBool(b, f.IntN(2) == 1)
	b = append(b, `,"score":`...)
	b = strconv.AppendInt(b, int64(f.IntN(1000)), 10)
	b = append(b, '}')
	w.Str(string(b))
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
