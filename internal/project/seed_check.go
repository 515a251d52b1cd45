package project

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// rawSeed is the [seed] section as written. Tables and columns are TOML
// tables keyed by name; File keeps them in file order (by line).
type rawSeed struct {
	Seed   *int64                  `toml:"seed"`
	Tables map[string]rawSeedTable `toml:"tables"`
}

type rawSeedTable struct {
	Count   *int64                   `toml:"count"`
	With    map[string]int64         `toml:"with"`
	Columns map[string]rawSeedColumn `toml:"columns"`
}

type rawSeedColumn struct {
	Generator string    `toml:"generator"`
	Min       any       `toml:"min"`
	Max       any       `toml:"max"`
	Precision *int64    `toml:"precision"`
	Values    []any     `toml:"values"`
	Weights   []float64 `toml:"weights"`
	Unique    bool      `toml:"unique"`
	Template  string    `toml:"template"`
	Nulls     float64   `toml:"nulls"`
}

// checkSeed checks the [seed] section on its own: what needs the database
// (tables, columns, types, generator names) is the seeder's to check.
// It returns nil when the file has no [seed].
func checkSeed(c *checker, raw *rawSeed) *Seed {
	if raw == nil {
		return nil
	}
	s := &Seed{At: c.at("seed")}
	if raw.Seed != nil {
		if *raw.Seed < 0 {
			c.errorf(c.at("seed", "seed"), "must not be negative")
		} else {
			v := uint64(*raw.Seed)
			s.Seed = &v
		}
	}
	for _, name := range c.inFileOrder("seed.tables", keysOf(raw.Tables)) {
		rt := raw.Tables[name]
		t := SeedTable{Name: name, At: c.at("seed", "tables", name), Count: rt.Count}
		t.CountAt = c.at("seed", "tables", name, "count")
		if rt.Count != nil && *rt.Count < 0 {
			c.errorf(t.CountAt, "must not be negative")
		}
		for _, child := range c.inFileOrder("seed.tables."+name+".with", keysOf(rt.With)) {
			w := SeedWith{Table: child, Count: rt.With[child], At: c.at("seed", "tables", name, "with", child)}
			if w.Count < 0 {
				c.errorf(w.At, "must not be negative")
				continue
			}
			t.With = append(t.With, w)
		}
		for _, col := range c.inFileOrder("seed.tables."+name+".columns", keysOf(rt.Columns)) {
			if sc, ok := checkSeedColumn(c, c.at("seed", "tables", name, "columns", col), col, rt.Columns[col]); ok {
				t.Columns = append(t.Columns, sc)
			}
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

// checkSeedColumn checks one column's generator and its options' shapes.
func checkSeedColumn(c *checker, at Pos, name string, raw rawSeedColumn) (SeedColumn, bool) {
	col := SeedColumn{Name: name, Generator: raw.Generator, Precision: -1, Unique: raw.Unique, Template: raw.Template, Nulls: raw.Nulls, Weights: raw.Weights, At: at}
	// The display key is the index path here: no arrays inside [seed].
	sub := func(key string) Pos {
		return Pos{File: at.File, Line: c.keys.line(at.Key + "." + key), Key: at.Key + "." + key}
	}
	ok := true
	fail := func(key, format string, args ...any) {
		c.errorf(sub(key), format, args...)
		ok = false
	}
	if raw.Generator == "" {
		fail("generator", `missing: name a generator, e.g. { generator = "int", min = 1, max = 100 }`)
	}
	var err error
	if col.Min, err = boundText(raw.Min); err != nil {
		fail("min", "%v", err)
	}
	if col.Max, err = boundText(raw.Max); err != nil {
		fail("max", "%v", err)
	}
	if raw.Precision != nil {
		if *raw.Precision < 0 || *raw.Precision > 30 {
			fail("precision", "must be between 0 and 30 decimals")
		} else {
			col.Precision = int(*raw.Precision)
		}
	}
	for i, v := range raw.Values {
		text, err := valueText(v)
		if err != nil {
			fail("values", "value %d: %v", i+1, err)
			continue
		}
		col.Values = append(col.Values, text)
	}
	if raw.Weights != nil {
		sum := 0.0
		for _, w := range raw.Weights {
			if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				fail("weights", "weights must be numbers of 0 or more")
				break
			}
			sum += w
		}
		switch {
		case len(raw.Weights) != len(raw.Values):
			fail("weights", "has %d weights for %d values: give one weight per value", len(raw.Weights), len(raw.Values))
		case sum <= 0:
			fail("weights", "add up to 0: at least one value needs a weight above 0")
		}
	}
	if raw.Nulls < 0 || raw.Nulls > 1 || math.IsNaN(raw.Nulls) {
		fail("nulls", "is the share of NULLs: a number from 0 to 1")
	}
	return col, ok
}

// boundText writes a min or max as text: numbers as Go formats them,
// dates as YYYY-MM-DD, date-times as YYYY-MM-DD hh:mm:ss, strings as
// written (the seeder parses them for the column's type).
func boundText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case toml.LocalDate, toml.LocalDateTime, time.Time:
		return valueText(v)
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	}
	return "", fmt.Errorf("expected a number, a date or a string, not %T", v)
}

// valueText writes one entry of values as the text the column receives.
func valueText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		if v {
			return "1", nil
		}
		return "0", nil
	case toml.LocalDate:
		return v.String(), nil
	case toml.LocalDateTime:
		return v.AsTime(time.UTC).Format(time.DateTime), nil
	case time.Time:
		return v.UTC().Format(time.DateTime), nil
	}
	return "", fmt.Errorf("expected a string, a number, true/false or a date, not %T", v)
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// inFileOrder sorts the keys of the table at path by the line they are
// on (names as a tie-break), so that sections keep the file's order.
func (c *checker) inFileOrder(path string, keys []string) []string {
	sort.Slice(keys, func(i, j int) bool {
		li, lj := c.keys.line(path+"."+keys[i]), c.keys.line(path+"."+keys[j])
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	return keys
}
