package seeder_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/seeder"
)

// parseSeed parses src as a project file and returns its [seed].
func parseSeed(t *testing.T, src string) *project.Seed {
	t.Helper()
	f, err := project.Parse("refine.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f.Seed
}

func TestWithRefinementSetsCounts(t *testing.T) {
	t.Parallel()
	s := parseSeed(t, `[seed]
seed = 7
[seed.tables.users]
count = 20
with = { user_profiles = 2, sessions = 3 }
[seed.tables.sessions]
with = { scores = 4 }
[seed.tables.levels]
count = 3
`)
	o, err := seeder.WithRefinement(seeder.DefaultOptions(), s)
	if err != nil {
		t.Fatal(err)
	}
	if o.Seed != 7 || o.Users != 20 || o.ProfilesPerUser != 2 || o.SessionsPerUser != 3 || o.ScoresPerSession != 4 || o.Levels != 3 || o.Refine != s {
		t.Errorf("options %+v", o)
	}
	// No [seed]: the options stay as they are.
	if o, err := seeder.WithRefinement(seeder.DefaultOptions(), nil); err != nil || o.Users != 12 || o.Seed != 1234 || o.Refine != nil {
		t.Errorf("nil refinement: %+v, %v", o, err)
	}
}

func TestWithRefinementErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{"[seed.tables.sessions]\ncount = 9\n", "refine.toml:2: seed.tables.sessions.count: the rows of sessions follow from their parent: set users.with.sessions (sessions per user) instead"},
		{"[seed.tables.users]\nwith = { scores = 2 }\n", "refine.toml:2: seed.tables.users.with.scores: scores are not children of users in the demobots dataset: set sessions.with.scores"},
		{"[seed.tables.levels]\nwith = { users = 2 }\n", "refine.toml:2: seed.tables.levels.with.users: users has no rows per levels"},
		{"[seed.tables.orders]\ncount = 2\n", `refine.toml:1: seed.tables.orders: "orders" is not a table of the demobots dataset (users, user_profiles, sessions, levels, scores); to seed other tables, run seed --all-tables`},
		{"[seed.tables.users]\ncount = 3000000000\n", "refine.toml:2: seed.tables.users.count: 3000000000 rows do not fit the INT id column"},
	} {
		_, err := seeder.WithRefinement(seeder.DefaultOptions(), parseSeed(t, tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.src, err, tc.want)
		}
	}
}

func TestCheckRefinementErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{"[seed.tables.users.columns.nickname]\ngenerator = \"word\"\n",
			`refine.toml:1: seed.tables.users.columns.nickname: users has no column "nickname" (its columns: id, created_at, username, date_of_birth)`},
		{"[seed.tables.users.columns.id]\ngenerator = \"int\"\n", "refine.toml:1: seed.tables.users.columns.id: users.id is the table's id"},
		{"[seed.tables.scores.columns.session_id]\ngenerator = \"int\"\n", "refine.toml:1: seed.tables.scores.columns.session_id: scores.session_id refers to a parent row"},
		{"[seed.tables.levels.columns.name]\ngenerator = \"list\"\nvalues = [\"easy\", \"hard\"]\nunique = true\n", "refine.toml:1: seed.tables.levels.columns.name: "},
		{"[seed.tables.scores.columns.score]\ngenerator = \"int\"\nmin = 0\nmax = 99999999999\n", "refine.toml:1: seed.tables.scores.columns.score: "},
		{"[seed.tables.users.columns.username]\ngenerator = \"no-such-generator\"\n", "refine.toml:1: seed.tables.users.columns.username: "},
	} {
		o, err := seeder.WithRefinement(seeder.DefaultOptions(), parseSeed(t, tc.src))
		if err == nil {
			err = seeder.CheckRefinement(o)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %v\nwant %q", tc.src, err, tc.want)
		}
	}
}

// refinedSrc refines two columns of users: birth dates in a narrow range,
// and usernames full of characters an application must escape.
const refinedSrc = `[seed]
seed = 99
[seed.tables.users]
count = 30
columns.date_of_birth = { generator = "date", min = "1990-01-01", max = "1990-12-31" }
columns.username = { generator = "special" }
`

func TestSeedRefinedDataset(t *testing.T) {
	st, _ := newStore(t)
	createSchema(t, st)
	ctx := context.Background()
	o, err := seeder.WithRefinement(seeder.DefaultOptions(), parseSeed(t, refinedSrc))
	if err != nil {
		t.Fatal(err)
	}
	want, err := seeder.DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	plain := o
	plain.Refine = nil
	if other, _ := seeder.DatasetChecksum(plain); other == want {
		t.Fatal("the refinement changed nothing")
	}
	if _, err := seeder.Seed(ctx, st, o); err != nil {
		t.Fatal(err)
	}
	// Every value made it in and back byte for byte, hostile ones included.
	got, err := seeder.Checksum(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("checksum of the refined seed %s, want %s", got, want)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM users WHERE date_of_birth NOT BETWEEN '1990-01-01' AND '1990-12-31'"); n != 0 {
		t.Errorf("%d birth dates outside the refined range", n)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM users"); n != 30 {
		t.Errorf("%d users, want the refinement's 30", n)
	}
	special := count(t, st, `SELECT COUNT(*) FROM users WHERE username LIKE '%''%' OR username LIKE '%\\\\%' OR username LIKE '%"%' OR CHAR_LENGTH(username) <> LENGTH(username)`)
	if special < 10 {
		t.Errorf("only %d of 30 usernames hold quotes, backslashes or multi-byte characters", special)
	}
	if n := count(t, st, "SELECT COUNT(*) - COUNT(DISTINCT username) FROM users"); n != 0 {
		t.Errorf("%d repeated usernames", n)
	}
	// That the other columns keep the built-in story is
	// TestRefinementReplacesOnlyItsColumns.
}

// The README documents the default dataset as this file; it must be the
// default, exactly.
func TestDefaultRefinementIsTheDefault(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/default-seed.toml")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), string(data)) {
		t.Error("README.md does not show seeder/testdata/default-seed.toml verbatim")
	}
	o, err := seeder.WithRefinement(seeder.Options{}, parseSeed(t, string(data)))
	if err != nil {
		t.Fatal(err)
	}
	d := seeder.DefaultOptions()
	if o.Seed != d.Seed || o.Users != d.Users || o.ProfilesPerUser != d.ProfilesPerUser || o.SessionsPerUser != d.SessionsPerUser ||
		o.ScoresPerSession != d.ScoresPerSession || o.Levels != d.Levels {
		t.Errorf("the file gives %+v, the default is %+v", o, d)
	}
	got, err := seeder.DatasetChecksum(o)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := seeder.DatasetChecksum(d); got != want {
		t.Errorf("checksum %s, default %s", got, want)
	}
}
