package seeder

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dolthub/vitess/go/vt/sqlparser"

	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/seeder/colgen"
)

// The refinement of the demobots dataset: a [seed] section (project.Seed)
// sets its counts the way drizzle-seed's refine() does — users' count,
// children per parent with `with` — and replaces the values of single
// columns with a generator of its own. Everything else keeps the story of
// the built-in generator (generate.go): a refined column's values replace
// the built-in ones, the rest of the row is what it would have been.

// withCounts maps a parent's with entry to the count it sets.
var withCounts = map[[2]string]func(o *Options) *int{
	{"users", "user_profiles"}: func(o *Options) *int { return &o.ProfilesPerUser },
	{"users", "sessions"}:      func(o *Options) *int { return &o.SessionsPerUser },
	{"sessions", "scores"}:     func(o *Options) *int { return &o.ScoresPerSession },
}

// tableCounts maps a table's count to the count it sets; the other tables'
// counts follow from their parents' with.
var tableCounts = map[string]func(o *Options) *int{
	"users":  func(o *Options) *int { return &o.Users },
	"levels": func(o *Options) *int { return &o.Levels },
}

// countHint says how the count of a child table of the dataset is set.
var countHint = map[string]string{
	"user_profiles": "users.with.user_profiles (profiles per user)",
	"sessions":      "users.with.sessions (sessions per user)",
	"scores":        "sessions.with.scores (scores per session)",
}

// WithRefinement returns o with the seed and the counts that s sets for
// the demobots dataset, and s as its refinement (its column generators
// apply when the dataset is generated). Callers apply it before the
// counts a user gives explicitly (command-line flags, the TUI's form), so
// that those win. A count that the demobots dataset cannot take (a count
// for a table whose rows follow from a parent, a with that is not a
// parent-child pair of the dataset, a table that is not the dataset's) is
// an error naming the file, line and key. With AllTables, s is not
// checked here: any-schema seeding reads it against the live tables.
func WithRefinement(o Options, s *project.Seed) (Options, error) {
	o.Refine = s
	if s == nil {
		return o, nil
	}
	if s.Seed != nil {
		o.Seed = *s.Seed
	}
	if o.AllTables {
		return o, nil
	}
	var errs []error
	for _, t := range s.Tables {
		if !isDatasetTable(t.Name) {
			errs = append(errs, t.At.Errorf("%q is not a table of the demobots dataset (%s); to seed other tables, run seed --all-tables", t.Name, strings.Join(dataset.names(), ", ")))
			continue
		}
		if t.Count != nil {
			set, ok := tableCounts[t.Name]
			switch {
			case !ok:
				errs = append(errs, t.CountAt.Errorf("the rows of %s follow from their parent: set %s instead", t.Name, countHint[t.Name]))
			case *t.Count > math.MaxInt32:
				errs = append(errs, t.CountAt.Errorf("%d rows do not fit the INT id column", *t.Count))
			default:
				*set(&o) = int(*t.Count)
			}
		}
		for _, w := range t.With {
			set, ok := withCounts[[2]string{t.Name, w.Table}]
			switch {
			case !ok && countHint[w.Table] != "":
				errs = append(errs, w.At.Errorf("%s are not children of %s in the demobots dataset: set %s", w.Table, t.Name, countHint[w.Table]))
			case !ok:
				errs = append(errs, w.At.Errorf("%s has no rows per %s in the demobots dataset (children per parent: %s)", w.Table, t.Name, "users.with.user_profiles, users.with.sessions, sessions.with.scores"))
			case w.Count > math.MaxInt32:
				errs = append(errs, w.At.Errorf("%d rows per %s is too many", w.Count, t.Name))
			default:
				*set(&o) = int(w.Count)
			}
		}
	}
	if len(errs) > 0 {
		return o, errors.Join(errs...)
	}
	return o, nil
}

// refineDataset is the demobots dataset with o.Refine's column generators
// in place of the built-in values of their columns.
func refineDataset(o Options) (tableSet, error) {
	if o.Refine == nil {
		return dataset, nil
	}
	columns, err := demobotsColumns()
	if err != nil {
		return nil, err
	}
	out := slices.Clone(dataset)
	var errs []error
	for i, t := range out {
		rt := o.Refine.Table(t.name)
		if rt == nil || len(rt.Columns) == 0 {
			continue
		}
		gens := make([]colgen.Gen, len(t.columns))
		for _, sc := range rt.Columns {
			k := slices.Index(t.columns, sc.Name)
			col, known := columns[t.name][sc.Name]
			switch {
			case k < 0 || !known:
				errs = append(errs, sc.At.Errorf("%s has no column %q (its columns: %s)", t.name, sc.Name, strings.Join(t.columns, ", ")))
				continue
			case k == 0:
				errs = append(errs, sc.At.Errorf("%s.%s is the table's id: the dataset numbers its rows 1..N, which its children refer to", t.name, sc.Name))
				continue
			case strings.HasSuffix(sc.Name, "_id"):
				errs = append(errs, sc.At.Errorf("%s.%s refers to a parent row: the dataset draws it from the parent's rows (set the number of children with with)", t.name, sc.Name))
				continue
			}
			g, err := colgen.New(col, &sc, t.rows(o))
			if err != nil {
				errs = append(errs, sc.At.Errorf("%v", err))
				continue
			}
			gens[k] = g
		}
		out[i].gen = overridden(t, gens, o.Seed)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// overridden wraps t's generator so that the columns with a generator in
// gens take its values instead of the built-in ones.
func overridden(t tableSpec, gens []colgen.Gen, seed uint64) generator {
	streams := make([]uint64, len(gens))
	for i := range gens {
		streams[i] = stream(t.name, t.columns[i])
	}
	builtin := t.gen
	return func(o Options, w rowWriter) error {
		return builtin(o, &overrideWriter{rowWriter: w, gens: gens, streams: streams, r: newRNG(seed)})
	}
}

// overrideWriter passes a row's values through to rowWriter, except for
// the columns that have a generator: their built-in value is dropped and
// the generator's written instead, from a random stream of the column's
// own, re-seeded per row (so a refined column changes no other value).
type overrideWriter struct {
	rowWriter
	gens    []colgen.Gen
	streams []uint64
	r       *rng
	col     int
	row     int64
}

// replaced writes the generator's value for the current column, if it
// has one, and moves to the next column.
func (w *overrideWriter) replaced() bool {
	i := w.col
	w.col++
	g := w.gens[i]
	if g == nil {
		return false
	}
	g(w.rowWriter, w.r.at(w.streams[i], w.row), w.row)
	return true
}

func (w *overrideWriter) Int(v int64) {
	if !w.replaced() {
		w.rowWriter.Int(v)
	}
}

func (w *overrideWriter) Str(s string) {
	if !w.replaced() {
		w.rowWriter.Str(s)
	}
}

func (w *overrideWriter) DateTime(unix int64) {
	if !w.replaced() {
		w.rowWriter.DateTime(unix)
	}
}

func (w *overrideWriter) Date(unix int64) {
	if !w.replaced() {
		w.rowWriter.Date(unix)
	}
}

func (w *overrideWriter) Hundredths(v int64) {
	if !w.replaced() {
		w.rowWriter.Hundredths(v)
	}
}

func (w *overrideWriter) Null() {
	if !w.replaced() {
		w.rowWriter.Null()
	}
}

func (w *overrideWriter) EndRow() error {
	w.col = 0
	w.row++
	return w.rowWriter.EndRow()
}

// demobotsColumns describes the dataset's columns as schema.sql declares
// them, for the column generators (which need types, lengths and
// uniqueness, not the live database: a refined dataset's checksum is
// computed without one). schema.sql is built in: parsed once.
var demobotsColumns = sync.OnceValues(func() (map[string]map[string]colgen.Column, error) {
	out := map[string]map[string]colgen.Column{}
	err := eachDeclaredTable(func(name string, spec *sqlparser.TableSpec) {
		unique := map[string]bool{}
		for _, ix := range spec.Indexes {
			if (ix.Info.Primary || ix.Info.Unique) && len(ix.Columns) == 1 {
				unique[ix.Columns[0].Column.String()] = true
			}
		}
		cols := map[string]colgen.Column{}
		for _, c := range spec.Columns {
			ct := c.Type
			col := colgen.Column{
				Table: name, Name: c.Name.String(),
				DataType:   strings.ToLower(ct.Type),
				ColumnType: typeText(ct),
				Nullable:   !bool(ct.NotNull),
				Unsigned:   bool(ct.Unsigned),
				Members:    ct.EnumValues,
				Unique:     unique[c.Name.String()],
			}
			if ct.Length != nil {
				n, _ := strconv.Atoi(string(ct.Length.Val))
				if col.DataType == "decimal" || col.DataType == "numeric" {
					col.Precision = n
				} else {
					col.MaxChars = int64(n)
				}
			}
			if ct.Scale != nil {
				col.Scale, _ = strconv.Atoi(string(ct.Scale.Val))
			}
			cols[col.Name] = col
		}
		out[name] = cols
	})
	return out, err
})

// CheckRefinement reports what is wrong with o.Refine's column generators
// for the demobots dataset (file:line: key: problem), without a database:
// callers check before asking for confirmation. With AllTables the
// refinement is checked against the live tables when the seed starts.
func CheckRefinement(o Options) error {
	if o.AllTables {
		return nil
	}
	_, err := refineDataset(o)
	return err
}
