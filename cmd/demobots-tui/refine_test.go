package main

import (
	"testing"

	"github.com/spf13/pflag"

	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/seeder"
)

// The file's seed and counts fill in what the command line left unset;
// a flag the user set wins.
func TestRefinedFlagsWinOverTheFile(t *testing.T) {
	t.Parallel()
	f, err := project.Parse("p.toml", []byte("[seed]\nseed = 7\n[seed.tables.users]\ncount = 20\nwith = { sessions = 3 }\n"))
	if err != nil {
		t.Fatal(err)
	}
	var o seeder.Options
	fs := pflag.NewFlagSet("seed", pflag.ContinueOnError)
	d := seeder.DefaultOptions()
	fs.Uint64Var(&o.Seed, "seed", d.Seed, "")
	fs.IntVar(&o.Users, "users", d.Users, "")
	fs.IntVar(&o.ProfilesPerUser, "profiles-per-user", d.ProfilesPerUser, "")
	fs.IntVar(&o.SessionsPerUser, "sessions-per-user", d.SessionsPerUser, "")
	fs.IntVar(&o.ScoresPerSession, "scores-per-session", d.ScoresPerSession, "")
	fs.IntVar(&o.Levels, "levels", d.Levels, "")
	if err := fs.Parse([]string{"--users", "5"}); err != nil {
		t.Fatal(err)
	}
	r, err := refined(o, f.Seed, fs)
	if err != nil {
		t.Fatal(err)
	}
	if r.Seed != 7 || r.Users != 5 || r.SessionsPerUser != 3 || r.ScoresPerSession != d.ScoresPerSession || r.Refine != f.Seed {
		t.Errorf("refined %+v: want seed 7 (file), users 5 (flag), 3 sessions (file)", r)
	}
}
