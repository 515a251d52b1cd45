package colgen

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

// rec records the values a generator writes, as text.
type rec struct{ vals []string }

func (r *rec) Int(v int64)  { r.vals = append(r.vals, strconv.FormatInt(v, 10)) }
func (r *rec) Str(s string) { r.vals = append(r.vals, s) }
func (r *rec) DateTime(unix int64) {
	r.vals = append(r.vals, time.Unix(unix, 0).UTC().Format(time.DateTime))
}
func (r *rec) Date(unix int64) {
	r.vals = append(r.vals, time.Unix(unix, 0).UTC().Format(time.DateOnly))
}
func (r *rec) Null() { r.vals = append(r.vals, "NULL") }

// run generates rows values of g, re-seeding the faker per row as the
// seeder does.
func run(g Gen, rows int64) []string {
	pcg := rand.NewPCG(0, 0)
	f := gofakeit.NewFaker(pcg, false)
	var r rec
	for i := int64(0); i < rows; i++ {
		pcg.Seed(7, uint64(i))
		g(&r, f, i)
	}
	return r.vals
}

func spec(gen string) *project.SeedColumn { return &project.SeedColumn{Generator: gen, Precision: -1} }

func col(name, dataType, columnType string) Column {
	c := Column{Table: "t", Name: name, DataType: dataType, ColumnType: columnType}
	c.Unsigned = strings.Contains(columnType, "unsigned")
	return c
}

func varchar(name string, n int64) Column {
	c := col(name, "varchar", "varchar("+strconv.FormatInt(n, 10)+")")
	c.MaxChars = n
	return c
}

func mustNew(t *testing.T, c Column, s *project.SeedColumn, rows int64) []string {
	t.Helper()
	g, err := New(c, s, rows)
	if err != nil {
		t.Fatalf("New(%s, %+v): %v", c.ColumnType, s, err)
	}
	return run(g, rows)
}

func distinct(vals []string) bool {
	seen := map[string]bool{}
	for _, v := range vals {
		if seen[strings.ToLower(v)] {
			return false
		}
		seen[strings.ToLower(v)] = true
	}
	return true
}

func TestIntRangeAndUnique(t *testing.T) {
	s := spec("int")
	s.Min, s.Max, s.Unique = "10", "29", true
	vals := mustNew(t, col("n", "tinyint", "tinyint(4)"), s, 20)
	if !distinct(vals) {
		t.Fatalf("repeats: %v", vals)
	}
	for _, v := range vals {
		if n, _ := strconv.Atoi(v); n < 10 || n > 29 {
			t.Fatalf("%d outside 10..29", n)
		}
	}
}

func TestNumberPrecision(t *testing.T) {
	c := col("price", "decimal", "decimal(6,2)")
	c.Precision, c.Scale = 6, 2
	s := spec("number")
	s.Min, s.Max, s.Precision = "1.5", "9.75", 1
	for _, v := range mustNew(t, c, s, 200) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 1.5 || f > 9.75 || len(v)-strings.IndexByte(v, '.') != 2 {
			t.Fatalf("bad number %q", v)
		}
	}
}

func TestDateAndDateTime(t *testing.T) {
	s := spec("date")
	s.Min, s.Max = "1990-01-01", "1990-12-31"
	for _, v := range mustNew(t, col("d", "date", "date"), s, 100) {
		if !strings.HasPrefix(v, "1990-") {
			t.Fatalf("date %q outside 1990", v)
		}
	}
	s = spec("datetime")
	s.Min, s.Max, s.Unique = "2020-01-01 00:00:00", "2020-01-01 00:00:59", true
	vals := mustNew(t, col("t", "datetime", "datetime"), s, 60)
	if !distinct(vals) || vals[0][:10] != "2020-01-01" {
		t.Fatalf("datetimes: %v", vals)
	}
}

func TestListWeightsAndUnique(t *testing.T) {
	s := spec("list")
	s.Values, s.Weights = []string{"a", "b", "c"}, []float64{0, 1, 0}
	for _, v := range mustNew(t, varchar("x", 5), s, 50) {
		if v != "b" {
			t.Fatalf("weight 0 value %q drawn", v)
		}
	}
	s = spec("list")
	s.Values, s.Unique = []string{"a", "b", "c"}, true
	if vals := mustNew(t, varchar("x", 5), s, 3); !distinct(vals) {
		t.Fatalf("unique list repeats: %v", vals)
	}
}

func TestTemplate(t *testing.T) {
	s := spec("template")
	s.Template = "user-{row}-{firstname}-{number:1,9}"
	vals := mustNew(t, varchar("x", 100), s, 20)
	for i, v := range vals {
		if !strings.HasPrefix(v, "user-"+strconv.Itoa(i+1)+"-") || strings.Contains(v, "{") {
			t.Fatalf("row %d: %q", i, v)
		}
	}
}

func TestSpecialFitsAndUnique(t *testing.T) {
	s := spec("special")
	s.Unique = true
	vals := mustNew(t, varchar("x", 12), s, 300)
	if !distinct(vals) {
		t.Fatal("special unique repeats")
	}
	sawQuote := false
	for _, v := range mustNew(t, varchar("x", 12), spec("special"), 300) {
		if utf8.RuneCountInString(v) > 12 || !utf8.ValidString(v) {
			t.Fatalf("%q does not fit 12 characters", v)
		}
		sawQuote = sawQuote || strings.ContainsAny(v, `'\`)
	}
	if !sawQuote {
		t.Fatal("no quote or backslash in 300 special strings")
	}
}

func TestNamedGenerators(t *testing.T) {
	for _, name := range Generators() {
		switch name {
		case "int", "number", "date", "datetime", "list", "template", "boolean", "json", "uuid":
			continue
		}
		s := spec(name)
		s.Unique = true
		vals := mustNew(t, varchar("x", 40), s, 500)
		if !distinct(vals) {
			t.Errorf("%s: unique values repeat", name)
		}
		for _, v := range vals {
			if utf8.RuneCountInString(v) > 40 || v == "" {
				t.Fatalf("%s: %q", name, v)
			}
		}
	}
	if v := mustNew(t, varchar("x", 60), spec("email"), 1)[0]; !strings.Contains(v, "@") {
		t.Errorf("email %q", v)
	}
	if v := mustNew(t, varchar("x", 36), spec("uuid"), 1)[0]; len(v) != 36 {
		t.Errorf("uuid %q", v)
	}
	if v := mustNew(t, col("j", "json", "json"), spec("json"), 1)[0]; !json.Valid([]byte(v)) {
		t.Errorf("json %q", v)
	}
	if v := mustNew(t, col("b", "tinyint", "tinyint(1)"), spec("boolean"), 1)[0]; v != "0" && v != "1" {
		t.Errorf("boolean %q", v)
	}
}

func TestNulls(t *testing.T) {
	c := varchar("x", 10)
	c.Nullable = true
	s := spec("word")
	s.Nulls = 0.5
	n := 0
	for _, v := range mustNew(t, c, s, 1000) {
		if v == "NULL" {
			n++
		}
	}
	if n < 400 || n > 600 {
		t.Fatalf("%d NULLs of 1000 at a share of 0.5", n)
	}
}

func TestDeterministic(t *testing.T) {
	g, _ := New(varchar("email", 50), nil, 10)
	a, b := run(g, 10), run(g, 10)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatal("same seed, different values")
	}
}

// TestAutoByType checks that every type family gets values within its
// range, unique where asked.
func TestAutoByType(t *testing.T) {
	dec := col("amount", "decimal", "decimal(5,2) unsigned")
	dec.Precision, dec.Scale = 5, 2
	enum := col("e", "enum", "enum('a','b','c')")
	enum.Members = []string{"a", "b", "c"}
	set := col("s", "set", "set('x','y')")
	set.Members = []string{"x", "y"}
	bin := col("b", "binary", "binary(4)")
	bin.MaxChars = 4
	cases := []struct {
		c     Column
		check func(string) bool
	}{
		{col("age", "tinyint", "tinyint(3) unsigned"), func(v string) bool { n, _ := strconv.Atoi(v); return n >= 18 && n <= 90 }},
		{col("n", "smallint", "smallint(6)"), func(v string) bool { n, _ := strconv.Atoi(v); return n >= 1 && n <= 32767 }},
		{dec, func(v string) bool { f, err := strconv.ParseFloat(v, 64); return err == nil && f >= 0 && f < 1000 }},
		{col("y", "year", "year(4)"), func(v string) bool { n, _ := strconv.Atoi(v); return n >= 1901 && n <= 2155 }},
		{col("created_at", "timestamp", "timestamp"), func(v string) bool { return v >= "2015" && v < "2026" }},
		{col("born", "date", "date"), func(v string) bool { return v >= "1950" && v < "2006" }},
		{col("at", "time", "time"), func(v string) bool { return len(v) == 8 && v[2] == ':' }},
		{enum, func(v string) bool { return v == "a" || v == "b" || v == "c" }},
		{set, func(v string) bool { return v == "" || v == "x" || v == "y" || v == "x,y" }},
		{col("doc", "json", "json"), func(v string) bool { return json.Valid([]byte(v)) }},
		{bin, func(v string) bool { return len(v) == 4 }},
		{col("flags", "bit", "bit(3)"), func(v string) bool { return len(v) == 1 && v[0] < 8 }},
		{col("g", "point", "point"), func(v string) bool { return len(v) == 25 }},
		{varchar("email", 20), func(v string) bool { return strings.Contains(v, "@") || len(v) == 20 }},
	}
	for _, tc := range cases {
		for _, v := range mustNew(t, tc.c, nil, 100) {
			if !tc.check(v) {
				t.Errorf("%s %s: %q", tc.c.Name, tc.c.ColumnType, v)
				break
			}
		}
	}
	u := col("id", "tinyint", "tinyint(3) unsigned")
	u.Unique = true
	if vals := mustNew(t, u, nil, 255); !distinct(vals) {
		t.Error("unique TINYINT UNSIGNED repeats over 255 rows")
	}
	if _, err := New(u, nil, 256); err == nil {
		t.Error("256 unique values in a TINYINT UNSIGNED: no error")
	}
}

func TestErrors(t *testing.T) {
	tiny := col("n", "tinyint", "tinyint(4)")
	dec := col("p", "decimal", "decimal(5,2)")
	dec.Precision, dec.Scale = 5, 2
	enum := col("e", "enum", "enum('a','b')")
	enum.Members = []string{"a", "b"}
	with := func(gen string, set func(s *project.SeedColumn)) *project.SeedColumn {
		s := spec(gen)
		set(s)
		return s
	}
	cases := []struct {
		name string
		c    Column
		s    *project.SeedColumn
		rows int64
		want string
	}{
		{"unknown generator", tiny, spec("nope"), 1, "unknown generator"},
		{"option not taken", tiny, with("email", func(s *project.SeedColumn) { s.Min = "1" }), 1, "does not take min"},
		{"template on int", tiny, with("int", func(s *project.SeedColumn) { s.Template = "x" }), 1, "does not take template"},
		{"min > max", tiny, with("int", func(s *project.SeedColumn) { s.Min, s.Max = "5", "1" }), 1, "greater than max"},
		{"300 in TINYINT", tiny, with("int", func(s *project.SeedColumn) { s.Max = "300" }), 1, "does not fit"},
		{"date in TIME", col("t", "time", "time"), spec("date"), 1, "TIME"},
		{"datetime in DATE", col("d", "date", "date"), spec("datetime"), 1, "DATE"},
		{"TIMESTAMP range", col("t", "timestamp", "timestamp"), with("date", func(s *project.SeedColumn) { s.Min = "1960-01-01" }), 1, "does not fit"},
		{"decimals beyond scale", dec, with("number", func(s *project.SeedColumn) { s.Precision = 3 }), 1, "more decimals"},
		{"number beyond DECIMAL", dec, with("number", func(s *project.SeedColumn) { s.Max = "1000" }), 1, "does not fit"},
		{"unique list too short", varchar("x", 5), with("list", func(s *project.SeedColumn) { s.Values, s.Unique = []string{"a", "b", "c"}, true }), 10, "fewer than the 10 rows"},
		{"unique int too narrow", tiny, with("int", func(s *project.SeedColumn) { s.Min, s.Max, s.Unique = "1", "5", true }), 10, "fewer than the 10 rows"},
		{"unique column too narrow", tiny, with("int", func(s *project.SeedColumn) { s.Min, s.Max = "1", "5" }), 10, ""},
		{"weights mismatch", varchar("x", 5), with("list", func(s *project.SeedColumn) { s.Values, s.Weights = []string{"a", "b"}, []float64{1} }), 1, "1 weights for 2 values"},
		{"value not a member", enum, with("list", func(s *project.SeedColumn) { s.Values = []string{"z"} }), 1, "not a member"},
		{"value too long", varchar("x", 2), with("list", func(s *project.SeedColumn) { s.Values = []string{"abc"} }), 1, "longer than"},
		{"nulls on NOT NULL", tiny, with("int", func(s *project.SeedColumn) { s.Nulls = 0.2 }), 1, "NOT NULL"},
		{"unknown placeholder", varchar("x", 9), with("template", func(s *project.SeedColumn) { s.Template = "{nope}" }), 1, "unknown placeholder"},
		{"email in INT", tiny, spec("email"), 1, "does not fit column n"},
		{"unique text too short", varchar("x", 1), with("word", func(s *project.SeedColumn) { s.Unique = true }), 100, "fewer than the 100 rows"},
	}
	for _, tc := range cases {
		tc := tc
		if tc.name == "unique column too narrow" {
			tc.c.Unique = true // the column's own unique key asks for it
			tc.want = "fewer than the 10 rows"
		}
		_, err := New(tc.c, tc.s, tc.rows)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestPermIsBijection(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 10, 97, 1000, 4096} {
		p := newPerm(n)
		seen := make([]bool, n)
		for i := int64(0); i < int64(n); i++ {
			v := p.at(i)
			if v < 0 || uint64(v) >= n || seen[v] {
				t.Fatalf("n=%d: perm(%d)=%d repeats or escapes", n, i, v)
			}
			seen[v] = true
		}
	}
}

func BenchmarkAutoEmail(b *testing.B) {
	g, _ := New(varchar("email", 100), nil, int64(b.N))
	pcg := rand.NewPCG(0, 0)
	f := gofakeit.NewFaker(pcg, false)
	var c capture
	for i := 0; i < b.N; i++ {
		pcg.Seed(1, uint64(i))
		g(&c, f, int64(i))
	}
}
