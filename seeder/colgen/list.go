package colgen

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

func buildList(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
	if len(s.Values) == 0 {
		return nil, fmt.Errorf("generator \"list\" needs values")
	}
	emit := make([]func(Writer), len(s.Values))
	for i, v := range s.Values {
		e, err := listValue(c, v)
		if err != nil {
			return nil, fmt.Errorf("values: %w", err)
		}
		emit[i] = e
	}
	n := len(emit)
	if s.Unique {
		if len(s.Weights) > 0 {
			return nil, fmt.Errorf("weights do not apply to a unique list: each value is used once")
		}
		if int64(n) < rows {
			return nil, tooFew(fmt.Sprintf("list of %d values", n), uint64(n), rows)
		}
		p := newPerm(uint64(n))
		return func(w Writer, _ *gofakeit.Faker, row int64) { emit[p.at(row)](w) }, nil
	}
	if len(s.Weights) == 0 {
		return func(w Writer, f *gofakeit.Faker, _ int64) { emit[f.IntN(n)](w) }, nil
	}
	if len(s.Weights) != n {
		return nil, fmt.Errorf("weights: %d weights for %d values", len(s.Weights), n)
	}
	cum := make([]float64, n)
	total := 0.0
	for i, wt := range s.Weights {
		if wt < 0 {
			return nil, fmt.Errorf("weights: %g is negative", wt)
		}
		total += wt
		cum[i] = total
	}
	if total <= 0 {
		return nil, fmt.Errorf("weights: they add up to 0")
	}
	return func(w Writer, f *gofakeit.Faker, _ int64) {
		// The first slot ending after x: a zero weight's slot is empty.
		x := f.Float64() * total
		emit[min(sort.Search(n, func(i int) bool { return cum[i] > x }), n-1)](w)
	}, nil
}

// listValue checks that v fits c and returns how to write it.
func listValue(c Column, v string) (func(Writer), error) {
	bad := func() (func(Writer), error) {
		return nil, fmt.Errorf("%q does not fit column %s of type %s", v, c.Name, c.ColumnType)
	}
	switch c.family() {
	case famInt, famYear:
		i, err := strconv.ParseInt(v, 10, 64)
		lo, hi, _ := intLimits(c)
		if err != nil || i < lo || i > hi {
			return bad()
		}
		return func(w Writer) { w.Int(i) }, nil
	case famDecimal, famFloat:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return bad()
		}
	case famEnum:
		if !slices.Contains(c.Members, v) {
			return nil, fmt.Errorf("%q is not a member of %s", v, c.ColumnType)
		}
	case famSet:
		if v != "" {
			for _, m := range strings.Split(v, ",") {
				if !slices.Contains(c.Members, m) {
					return nil, fmt.Errorf("%q is not a member of %s", m, c.ColumnType)
				}
			}
		}
	case famText:
		if fit(v, c.maxLen()) != v {
			return nil, fmt.Errorf("%q is longer than column %s's %d characters", v, c.Name, c.maxLen())
		}
	case famBinary:
		if int64(len(v)) > c.maxLen() {
			return nil, fmt.Errorf("%q is longer than column %s's %d bytes", v, c.Name, c.maxLen())
		}
	case famDate, famDateTime, famTimestamp:
		lo, hi, err := timeLimits(c, "datetime")
		if c.family() == famDate {
			lo, hi, err = timeLimits(c, "date")
		}
		if err != nil {
			return nil, err
		}
		t, err := parseWhen("value", v, true)
		if err != nil {
			return nil, err
		}
		if t < lo || t > hi {
			return bad()
		}
		if c.family() == famDate {
			return func(w Writer) { w.Date(t) }, nil
		}
		return func(w Writer) { w.DateTime(t) }, nil
	case famJSON:
		if !json.Valid([]byte(v)) {
			return nil, fmt.Errorf("%q is not valid JSON", v)
		}
	case famTime:
	default:
		return nil, wrongType("list", c)
	}
	return func(w Writer) { w.Str(v) }, nil
}

// enumGen draws members of an ENUM (unique: each at most once).
func enumGen(c Column, unique bool, rows int64) (Gen, error) {
	n := len(c.Members)
	if n == 0 {
		return nil, fmt.Errorf("column %s of type %s has no members", c.Name, c.ColumnType)
	}
	if unique {
		if int64(n) < rows {
			return nil, tooFew(c.ColumnType, uint64(n), rows)
		}
		p := newPerm(uint64(n))
		return func(w Writer, _ *gofakeit.Faker, row int64) { w.Str(c.Members[p.at(row)]) }, nil
	}
	return func(w Writer, f *gofakeit.Faker, _ int64) { w.Str(c.Members[f.IntN(n)]) }, nil
}

// setGen draws subsets of a SET's members: each member with even odds, or
// for a unique column, the subset whose bits are a bijection of the row.
func setGen(c Column, unique bool, rows int64) (Gen, error) {
	n := len(c.Members)
	if unique {
		if n < 62 && int64(1)<<n < rows {
			return nil, tooFew(c.ColumnType, uint64(1)<<n, rows)
		}
		p := newPerm(uint64(1) << min(n, 62))
		return func(w Writer, _ *gofakeit.Faker, row int64) { w.Str(subset(c.Members, uint64(p.at(row)))) }, nil
	}
	return func(w Writer, f *gofakeit.Faker, _ int64) { w.Str(subset(c.Members, f.Uint64())) }, nil
}

func subset(members []string, bits uint64) string {
	var b strings.Builder
	for i, m := range members {
		if i < 64 && bits&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(m)
		}
	}
	return b.String()
}
