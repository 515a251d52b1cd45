package seeder

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

// collector is a rowWriter that keeps the string columns of each row.
type collector struct {
	row  []string
	rows [][]string
}

func (c *collector) Int(int64)        { c.row = append(c.row, "") }
func (c *collector) Str(s string)     { c.row = append(c.row, s) }
func (c *collector) DateTime(int64)   { c.row = append(c.row, "") }
func (c *collector) Date(int64)       { c.row = append(c.row, "") }
func (c *collector) Hundredths(int64) { c.row = append(c.row, "") }
func (c *collector) Null()            { c.row = append(c.row, "") }
func (c *collector) EndRow() error {
	c.rows = append(c.rows, c.row)
	c.row = nil
	return nil
}

// Usernames and last names stay unique (case-insensitively, as the
// collation compares them), printable, space-free and short at scale.
func TestGeneratedNamesUniqueAtScale(t *testing.T) {
	users := 700000 // past the ~560,000 users where "first42" usernames run out
	if testing.Short() {
		users = 20000
	}
	o := DefaultOptions()
	o.Users = users
	var u collector
	if err := genUsers(o, &u); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range u.rows {
		name := r[2]
		key := strings.ToLower(name)
		switch {
		case seen[key]:
			t.Fatalf("duplicate username %q", name)
		case len(name) > maxUsernameLen || len(name) == 0:
			t.Fatalf("username %q has %d characters", name, len(name))
		case strings.IndexFunc(name, func(r rune) bool { return !unicode.IsGraphic(r) || unicode.IsSpace(r) }) >= 0:
			t.Fatalf("username %q has a space or an unprintable character", name)
		}
		seen[key] = true
	}
	var p collector
	if err := genProfiles(o, &p); err != nil {
		t.Fatal(err)
	}
	seen = map[string]bool{}
	for _, r := range p.rows {
		last := r[3]
		if seen[strings.ToLower(last)] || len(last) > maxNameLen || len([]rune(r[2])) > maxNameLen {
			t.Fatalf("last name %q duplicate or too long (first name %q)", last, r[2])
		}
		seen[strings.ToLower(last)] = true
	}
}

func TestPermIsABijection(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 8, 498, 1000, 65537} {
		p := newPerm(n, 42)
		seen := make([]bool, n)
		for x := uint64(0); x < n; x++ {
			y := p.at(x)
			if y >= n || seen[y] {
				t.Fatalf("n=%d: %d -> %d out of range or repeated", n, x, y)
			}
			seen[y] = true
		}
	}
}

func TestNameTiers(t *testing.T) {
	n := int64(len(pools.last))
	pairs := n * (n - 1)
	for _, tc := range []struct {
		x        int64
		hyphens  int
		suffixed bool
	}{{0, 0, false}, {n - 1, 0, false}, {n, 1, false}, {n + pairs - 1, 1, false}, {n + pairs, 2, true}} {
		name, suffixed := lastName(1234, tc.x)
		if strings.Count(name, "-") != tc.hyphens || suffixed != tc.suffixed || len(name) > maxNameLen {
			t.Errorf("lastName(%d) = %q, %v", tc.x, name, suffixed)
		}
	}
	if name, _ := lastName(1234, n+pairs); !strings.HasSuffix(name, "-B") {
		t.Errorf("first suffixed last name %q, want a -B suffix", name)
	}
	// Usernames: the shapes never meet, and a suffix comes with the id.
	for x := int64(0); x < 64; x++ {
		name, suffixed := username(1234, x)
		if suffixed || strings.Contains(name, "_") || len(name) > maxUsernameLen {
			t.Errorf("username(%d) = %q, %v", x, name, suffixed)
		}
	}
	if name, suffixed := username(1234, 2147483646); !suffixed || !strings.HasSuffix(name, "_zik0zj") || len(name) > maxUsernameLen {
		t.Errorf("username of the last INT id = %q, %v", name, suffixed)
	}
	for n, want := range map[int64]string{1: "A", 26: "Z", 27: "AA", 702: "ZZ", 703: "AAA"} {
		if got := letters(n); got != want {
			t.Errorf("letters(%d) = %q, want %q", n, got, want)
		}
	}
}

// nameShares is the share of suffixed usernames, double-barrelled last
// names and suffixed last names among the first users of seed.
func nameShares(seed uint64, users int64) (userSuffixed, lastDouble, lastSuffixed float64) {
	var us, ld, ls int64
	for x := int64(0); x < users; x++ {
		if _, s := username(seed, x); s {
			us++
		}
		name, s := lastName(seed, x)
		if s {
			ls++
		} else if strings.Contains(name, "-") {
			ld++
		}
	}
	n := float64(users)
	return float64(us) / n, float64(ld) / n, float64(ls) / n
}

// TestNameSuffixShares prints the table of the README
// (go test ./seeder -run TestNameSuffixShares -v).
func TestNameSuffixShares(t *testing.T) {
	sizes := []int64{12, 10000, 100000, 1000000}
	if testing.Short() {
		sizes = sizes[:2]
	}
	t.Logf("| users | suffixed usernames | double-barrelled last names | suffixed last names |")
	t.Logf("|---|---|---|---|")
	for _, n := range sizes {
		us, ld, ls := nameShares(DefaultOptions().Seed, n)
		t.Logf("| %d | %.2f %% | %.2f %% | %.2f %% |", n, 100*us, 100*ld, 100*ls)
		if n <= 12 && us+ld+ls != 0 {
			t.Errorf("%d users: suffixed or double-barrelled names", n)
		}
	}
}

func TestAppendDateTime(t *testing.T) {
	for _, ts := range []time.Time{
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC),
		time.Date(1995, 12, 31, 12, 30, 5, 0, time.UTC),
		time.Date(2100, 3, 1, 1, 2, 3, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		if got, want := string(appendDateTime(nil, ts.Unix())), ts.Format(time.DateTime); got != want {
			t.Errorf("appendDateTime(%v) = %s", want, got)
		}
	}
	if got := string(appendHundredths(nil, 7)); got != "0.07" {
		t.Errorf("appendHundredths(7) = %s", got)
	}
	if got := string(appendHundredths(nil, 100)); got != "1.00" {
		t.Errorf("appendHundredths(100) = %s", got)
	}
}

func TestTSVEscapes(t *testing.T) {
	var b strings.Builder
	w := newTSVWriter(&b)
	w.Int(1)
	w.Str("a\tb\\c\nd")
	_ = w.EndRow()
	_ = w.Flush()
	if got := b.String(); got != "1\ta\\tb\\\\c\\nd\n" {
		t.Errorf("got %q", got)
	}
}

func TestFKOrderDefersCycles(t *testing.T) {
	order, deferred := fkOrder(
		[]string{"a", "b", "c", "d", "self"},
		[]fkEdge{
			{"a_b", "a", "b"}, {"b_c", "b", "c"}, {"c_a", "c", "a"}, // a cycle
			{"d_a", "d", "a"}, {"self_self", "self", "self"}, {"x_other", "d", "elsewhere"},
		})
	pos := map[string]int{}
	for i, t := range order {
		pos[t] = i
	}
	if len(order) != 5 {
		t.Fatalf("order %v", order)
	}
	n := 0
	for _, names := range deferred {
		n += len(names)
	}
	if n != 1 {
		t.Fatalf("deferred %v, want exactly one key of the cycle", deferred)
	}
	// Every key that is not deferred points to a table created earlier.
	for _, e := range []fkEdge{{"a_b", "a", "b"}, {"b_c", "b", "c"}, {"c_a", "c", "a"}, {"d_a", "d", "a"}} {
		isDeferred := false
		for _, d := range deferred[e.child] {
			isDeferred = isDeferred || d == e.name
		}
		if !isDeferred && pos[e.parent] > pos[e.child] {
			t.Errorf("%s: %s created after %s", e.name, e.parent, e.child)
		}
	}
}

func TestCutConstraint(t *testing.T) {
	ddl := "CREATE TABLE `t` (\n  `id` int,\n  CONSTRAINT `a` FOREIGN KEY (`id`) REFERENCES `u` (`id`),\n  CONSTRAINT `b` FOREIGN KEY (`id`) REFERENCES `v` (`id`)\n) ENGINE=InnoDB"
	got, line := cutConstraint(ddl, "b")
	if line != "CONSTRAINT `b` FOREIGN KEY (`id`) REFERENCES `v` (`id`)" {
		t.Errorf("line %q", line)
	}
	if want := "CREATE TABLE `t` (\n  `id` int,\n  CONSTRAINT `a` FOREIGN KEY (`id`) REFERENCES `u` (`id`)\n) ENGINE=InnoDB"; got != want {
		t.Errorf("got\n%s", got)
	}
}

func TestValidate(t *testing.T) {
	bad := []Options{
		{Users: -1},
		{Users: 1, SessionsPerUser: 1, ScoresPerSession: 1, Levels: 0},
		{Users: 1, Levels: 6},
		{Users: 100000, SessionsPerUser: 1000, ScoresPerSession: 1000, Levels: 5},
	}
	for _, o := range bad {
		if o.Validate() == nil {
			t.Errorf("%+v validated", o)
		}
	}
	if err := DefaultOptions().Validate(); err != nil {
		t.Error(err)
	}
	if n := DefaultOptions().TotalRows(); n != 389 {
		t.Errorf("default dataset has %d rows, want 389", n)
	}
	o := DefaultOptions()
	o.Users = 100000
	if n := o.TotalRows(); n != 3200005 {
		t.Errorf("100,000 users give %d rows, want 3,200,005", n)
	}
}

func TestDatasetMatchesSchemaTables(t *testing.T) {
	// demobots.Tables is the FK order; the dataset loads in it.
	want := []string{"users", "user_profiles", "sessions", "levels", "scores"}
	for i, d := range dataset {
		if d.name != want[i] || len(d.kinds) != len(d.columns) {
			t.Errorf("dataset[%d] = %s (%d kinds, %d columns)", i, d.name, len(d.kinds), len(d.columns))
		}
	}
}

func TestWriteTableIsTheLoadStream(t *testing.T) {
	var b strings.Builder
	if err := WriteTable(DefaultOptions(), "levels", &b); err != nil {
		t.Fatal(err)
	}
	want := "1\tBeginner\t1\n2\tIntermediate\t2\n3\tAdvanced\t3\n4\tExpert\t4\n5\tMaster\t5\n"
	if b.String() != want {
		t.Errorf("got %q", b.String())
	}
	if err := WriteTable(DefaultOptions(), "nope", &b); err == nil {
		t.Error("unknown table accepted")
	}
	if cols, _ := Columns("levels"); strings.Join(cols, ",") != "id,name,difficulty" {
		t.Errorf("columns %v", cols)
	}
}

// dropRows is a rowWriter that drops every value.
type dropRows struct{ rows int64 }

func (d *dropRows) Int(int64)        {}
func (d *dropRows) Str(string)       {}
func (d *dropRows) DateTime(int64)   {}
func (d *dropRows) Date(int64)       {}
func (d *dropRows) Hundredths(int64) {}
func (d *dropRows) Null()            {}
func (d *dropRows) EndRow() error    { d.rows++; return nil }

// BenchmarkGenerate measures the generators alone (no encoding, no
// database) for 10,000 users: 320,005 rows.
func BenchmarkGenerate(b *testing.B) {
	o := DefaultOptions()
	o.Users = 10000
	for _, t := range dataset {
		b.Run(t.name, func(b *testing.B) {
			var d dropRows
			for b.Loop() {
				if err := t.gen(o, &d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(d.rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
