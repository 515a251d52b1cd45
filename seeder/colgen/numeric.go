package colgen

import (
	"fmt"
	"math"
	"strconv"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

// YEAR holds 1901..2155 (and 0).
const yearMin, yearMax = 1901, 2155

// intLimits is the integer range col holds, for the int generator.
func intLimits(c Column) (lo, hi int64, ok bool) {
	switch c.family() {
	case famInt:
		lo, hi = c.IntRange()
		return lo, hi, true
	case famYear:
		return yearMin, yearMax, true
	case famDecimal:
		m := pow10(c.Precision-c.Scale) - 1
		if c.Unsigned {
			return 0, m, true
		}
		return -m, m, true
	case famFloat:
		return -1 << 53, 1 << 53, true // exact in a DOUBLE
	case famText:
		digits := min(c.maxLen(), 18)
		return -(pow10(int(digits)-1) - 1), pow10(int(digits)) - 1, true
	}
	return 0, 0, false
}

func pow10(n int) int64 {
	if n >= 19 {
		return math.MaxInt64
	}
	v := int64(1)
	for ; n > 0; n-- {
		v *= 10
	}
	return v
}

func buildInt(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	tlo, thi, ok := intLimits(c)
	if !ok {
		return nil, wrongType("int", c)
	}
	lo, hi := max(tlo, 1), int64(0)
	var err error
	if s.Min != "" {
		if lo, err = strconv.ParseInt(s.Min, 10, 64); err != nil {
			return nil, fmt.Errorf("min: %q is not an integer", s.Min)
		}
	}
	hi = lo + max(999, rows-1)
	if hi < lo { // overflow
		hi = math.MaxInt64
	}
	hi = min(hi, thi)
	if s.Max != "" {
		if hi, err = strconv.ParseInt(s.Max, 10, 64); err != nil {
			return nil, fmt.Errorf("max: %q is not an integer", s.Max)
		}
	}
	if lo > hi {
		return nil, fmt.Errorf("min %d is greater than max %d", lo, hi)
	}
	if lo < tlo || hi > thi {
		return nil, fmt.Errorf("range %d..%d does not fit column %s of type %s (%d..%d)", lo, hi, c.Name, c.ColumnType, tlo, thi)
	}
	if s.Unique && span(lo, hi) < uint64(rows) && span(lo, hi) != 0 {
		return nil, tooFew(fmt.Sprintf("int %d..%d", lo, hi), span(lo, hi), rows)
	}
	return intGen(lo, hi, s.Unique), nil
}

// span is the count of integers in lo..hi; 0 stands for 2^64.
func span(lo, hi int64) uint64 { return uint64(hi) - uint64(lo) + 1 }

// intGen draws integers from lo..hi; unique ones by a bijection of the
// row index.
func intGen(lo, hi int64, unique bool) Gen {
	n := span(lo, hi)
	if unique {
		p := newPerm(n)
		return func(w Writer, _ *gofakeit.Faker, row int64) { w.Int(lo + p.at(row)) }
	}
	if n == 0 {
		return func(w Writer, f *gofakeit.Faker, _ int64) { w.Int(int64(f.Uint64())) }
	}
	return func(w Writer, f *gofakeit.Faker, _ int64) { w.Int(lo + int64(f.Uint64()%n)) }
}

func buildNumber(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	prec := s.Precision
	var limit float64
	switch c.family() {
	case famDecimal:
		if prec < 0 {
			prec = c.Scale
		}
		if prec > c.Scale {
			return nil, fmt.Errorf("precision %d: more decimals than column %s of type %s keeps (%d)", prec, c.Name, c.ColumnType, c.Scale)
		}
		limit = float64(pow10(c.Precision-c.Scale)) - math.Pow10(-c.Scale)
	case famFloat:
		limit = 1e15
		if c.DataType == "float" {
			limit = 1e7 // a FLOAT keeps about 7 digits
		}
	case famText:
		limit = float64(pow10(int(min(c.maxLen(), 18))-2)) - 1
	default:
		return nil, wrongType("number", c)
	}
	if prec < 0 {
		prec = 2
	}
	if prec > 9 {
		return nil, fmt.Errorf("precision %d: at most 9 decimals", prec)
	}
	lo, hi := 0.0, math.Min(1000, limit)
	var err error
	if s.Min != "" {
		if lo, err = strconv.ParseFloat(s.Min, 64); err != nil {
			return nil, fmt.Errorf("min: %q is not a number", s.Min)
		}
	}
	if s.Max != "" {
		if hi, err = strconv.ParseFloat(s.Max, 64); err != nil {
			return nil, fmt.Errorf("max: %q is not a number", s.Max)
		}
	}
	tlo := -limit
	if c.Unsigned {
		tlo = 0
	}
	switch {
	case lo > hi:
		return nil, fmt.Errorf("min %g is greater than max %g", lo, hi)
	case lo < tlo || hi > limit:
		return nil, fmt.Errorf("range %g..%g does not fit column %s of type %s", lo, hi, c.Name, c.ColumnType)
	}
	scale := math.Pow10(prec)
	loU, hiU := int64(math.Ceil(lo*scale-1e-9)), int64(math.Floor(hi*scale+1e-9))
	if loU > hiU {
		return nil, fmt.Errorf("no number with %d decimals lies in %g..%g", prec, lo, hi)
	}
	if s.Unique && span(loU, hiU) < uint64(rows) {
		return nil, tooFew(fmt.Sprintf("number %g..%g with %d decimals", lo, hi, prec), span(loU, hiU), rows)
	}
	return unitsGen(loU, hiU, prec, s.Unique), nil
}

// unitsGen draws numbers with prec decimals, as integers of the smallest
// unit in loU..hiU, written as decimal text.
func unitsGen(loU, hiU int64, prec int, unique bool) Gen {
	ints := intGen(loU, hiU, unique)
	return func(w Writer, f *gofakeit.Faker, row int64) {
		var c capture
		ints(&c, f, row)
		w.Str(formatUnits(c.i, prec))
	}
}

// formatUnits writes u / 10^prec with exactly prec decimals.
func formatUnits(u int64, prec int) string {
	if prec == 0 {
		return strconv.FormatInt(u, 10)
	}
	neg := u < 0
	if neg {
		u = -u
	}
	s := strconv.FormatInt(u, 10)
	for len(s) <= prec {
		s = "0" + s
	}
	s = s[:len(s)-prec] + "." + s[len(s)-prec:]
	if neg {
		s = "-" + s
	}
	return s
}

func buildBoolean(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	if s.Unique && rows > 2 {
		return nil, tooFew("boolean", 2, rows)
	}
	switch c.family() {
	case famInt, famDecimal, famFloat:
		return intGen(0, 1, s.Unique), nil
	case famBit:
		return func(w Writer, f *gofakeit.Faker, row int64) { w.Str(string(rune(f.IntN(2)))) }, nil
	case famText:
		if c.maxLen() < 5 {
			return intGen(0, 1, s.Unique), nil
		}
		return func(w Writer, f *gofakeit.Faker, _ int64) { w.Str(strconv.FormatBool(f.IntN(2) == 1)) }, nil
	}
	return nil, wrongType("boolean", c)
}

// capture keeps the last value written, for generators built on others.
type capture struct {
	i    int64
	s    string
	null bool
}

func (c *capture) Int(v int64)         { c.i = v }
func (c *capture) Str(s string)        { c.s = s }
func (c *capture) DateTime(unix int64) { c.i = unix }
func (c *capture) Date(unix int64)     { c.i = unix }
func (c *capture) Null()               { c.null = true }
