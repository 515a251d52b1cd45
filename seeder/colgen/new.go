package colgen

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/demobots/demobots-tui/internal/project"
)

// Options a generator may take, beside unique and nulls, which all take.
const (
	optMin       = "min"
	optMax       = "max"
	optPrecision = "precision"
	optValues    = "values"
	optWeights   = "weights"
	optTemplate  = "template"
)

// builder makes a generator from the user's refinement.
type builder struct {
	options []string
	build   func(c Column, s *project.SeedColumn, rows int64) (Gen, error)
}

// builders are the generators a refinement can name.
var builders = map[string]builder{
	"int":      {[]string{optMin, optMax}, buildInt},
	"number":   {[]string{optMin, optMax, optPrecision}, buildNumber},
	"date":     {[]string{optMin, optMax}, buildDate},
	"datetime": {[]string{optMin, optMax}, buildDateTime},
	"list":     {[]string{optValues, optWeights}, buildList},
	"template": {[]string{optTemplate}, buildTemplate},
	"special":  {nil, buildSpecial},
	"boolean":  {nil, buildBoolean},
	"json":     {nil, buildJSON},
	"uuid":     {nil, buildUUID},
}

func init() {
	for name := range namedText {
		builders[name] = builder{build: func(c Column, s *project.SeedColumn, rows int64) (Gen, error) {
			return textGen(c, name, rows, s.Unique)
		}}
	}
}

// Generators lists the generator names a refinement can use, sorted.
func Generators() []string {
	names := make([]string, 0, len(builders))
	for n := range builders {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the generator of col for a table of rows rows: the one spec
// asks for, or, with spec nil, one chosen by the column's name and type.
// Errors are plain messages about the refinement; the caller adds where
// it is written.
func New(col Column, spec *project.SeedColumn, rows int64) (Gen, error) {
	if spec == nil {
		return auto(col, rows)
	}
	b, ok := builders[spec.Generator]
	if !ok {
		return nil, fmt.Errorf("unknown generator %q (known: %s)", spec.Generator, strings.Join(Generators(), ", "))
	}
	for _, o := range given(spec) {
		if !slices.Contains(b.options, o) {
			return nil, fmt.Errorf("generator %q does not take %s", spec.Generator, o)
		}
	}
	switch {
	case spec.Nulls < 0 || spec.Nulls > 1:
		return nil, fmt.Errorf("nulls must be between 0 and 1, not %g", spec.Nulls)
	case spec.Nulls > 0 && !col.Nullable:
		return nil, fmt.Errorf("nulls: column %s is NOT NULL", col.Name)
	}
	s := *spec
	s.Unique = spec.Unique || col.Unique
	g, err := b.build(col, &s, rows)
	if err != nil {
		return nil, err
	}
	return withNulls(g, spec.Nulls), nil
}

// given lists the options spec sets (beside unique and nulls).
func given(s *project.SeedColumn) []string {
	var out []string
	if s.Min != "" {
		out = append(out, optMin)
	}
	if s.Max != "" {
		out = append(out, optMax)
	}
	if s.Precision >= 0 {
		out = append(out, optPrecision)
	}
	if len(s.Values) > 0 {
		out = append(out, optValues)
	}
	if len(s.Weights) > 0 {
		out = append(out, optWeights)
	}
	if s.Template != "" {
		out = append(out, optTemplate)
	}
	return out
}

// withNulls makes a share of g's values NULL.
func withNulls(g Gen, share float64) Gen {
	if share <= 0 {
		return g
	}
	return func(w Writer, f *gofakeit.Faker, row int64) {
		if f.Float64() < share {
			w.Null()
			return
		}
		g(w, f, row)
	}
}

// tooFew is the error for a unique column with fewer values than rows.
func tooFew(what string, n uint64, rows int64) error {
	return fmt.Errorf("unique: %s has %d possible values, fewer than the %d rows", what, n, rows)
}

// wrongType is the error for a generator the column's type cannot take.
func wrongType(gen string, c Column) error {
	return fmt.Errorf("generator %q does not fit column %s of type %s", gen, c.Name, c.ColumnType)
}
