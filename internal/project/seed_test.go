package project

import (
	"strings"
	"testing"
)

func TestParseSeed(t *testing.T) {
	t.Parallel()
	src := `[seed]
seed = 42

[seed.tables.users]
count = 20
with = { user_profiles = 1, sessions = 4 }
columns.date_of_birth = { generator = "date", min = 1990-01-01, max = "2000-12-31" }
columns.username = { generator = "special", unique = true }

[seed.tables.levels.columns.name]
generator = "list"
values = ["a", "b", 3, true]
weights = [1, 2.5, 0, 1]
nulls = 0.25
`
	f, err := Parse("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Seed
	if s == nil || s.Seed == nil || *s.Seed != 42 {
		t.Fatalf("seed %+v", s)
	}
	if len(s.Tables) != 2 || s.Tables[0].Name != "users" || s.Tables[1].Name != "levels" {
		t.Fatalf("tables in file order: %+v", s.Tables)
	}
	users := s.Table("users")
	if users.Count == nil || *users.Count != 20 || users.CountAt.Line != 5 {
		t.Errorf("users count %+v at %v", users.Count, users.CountAt)
	}
	if len(users.With) != 2 || users.With[0].Table != "sessions" || users.With[0].Count != 4 || users.With[1].Count != 1 {
		t.Errorf("with %+v", users.With)
	}
	dob := users.Column("date_of_birth")
	if dob == nil || dob.Generator != "date" || dob.Min != "1990-01-01" || dob.Max != "2000-12-31" || dob.Precision != -1 || dob.At.Line != 7 {
		t.Errorf("date_of_birth %+v", dob)
	}
	if u := users.Column("username"); u == nil || !u.Unique || u.At.Key != "seed.tables.users.columns.username" {
		t.Errorf("username %+v", u)
	}
	name := s.Table("levels").Column("name")
	if name == nil || strings.Join(name.Values, "|") != "a|b|3|1" || len(name.Weights) != 4 || name.Nulls != 0.25 || name.At.Line != 10 {
		t.Errorf("levels.name %+v", name)
	}
	if s.Table("nope") != nil || users.Column("nope") != nil {
		t.Error("lookups of missing names must be nil")
	}
}

func TestParseSeedErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{"[seed]\nseed = -1\n", "p.toml:2: seed.seed: must not be negative"},
		{"[seed.tables.users]\ncount = -3\n", "p.toml:2: seed.tables.users.count: must not be negative"},
		{"[seed.tables.users]\nwith = { sessions = -1 }\n", "p.toml:2: seed.tables.users.with.sessions: must not be negative"},
		{"[seed.tables.users.columns.username]\nunique = true\n", "p.toml:1: seed.tables.users.columns.username.generator: missing"},
		{"[seed.tables.users.columns.username]\ngenrator = \"special\"\n", "p.toml:2: seed.tables.users.columns.username.genrator: unknown key; the known ones here are generator, max, min, nulls, precision, template, unique, values, weights"},
		{"[seed.tables.levels.columns.name]\ngenerator = \"list\"\nvalues = [\"a\", \"b\"]\nweights = [1]\n", "p.toml:4: seed.tables.levels.columns.name.weights: has 1 weights for 2 values"},
		{"[seed.tables.levels.columns.name]\ngenerator = \"list\"\nvalues = [\"a\"]\nweights = [0]\n", "weights: add up to 0"},
		{"[seed.tables.t.columns.c]\ngenerator = \"int\"\nnulls = 1.5\n", "p.toml:3: seed.tables.t.columns.c.nulls: is the share of NULLs"},
		{"[seed.tables.t.columns.c]\ngenerator = \"number\"\nprecision = 99\n", "p.toml:3: seed.tables.t.columns.c.precision: must be between 0 and 30"},
		{"[seed.tables.t.columns.c]\ngenerator = \"int\"\nmin = [1]\n", "min: expected a number, a date or a string"},
		{"[seed]\ntables = 3\n", "p.toml:2: seed.tables: expected a table, not an integer"},
	} {
		_, err := Parse("p.toml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.src, err, tc.want)
		}
	}
}
