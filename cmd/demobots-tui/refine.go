package main

import (
	"github.com/spf13/pflag"

	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/seeder"
)

// refinement is the [seed] section a seed uses and the file it comes from:
// --refine FILE when given, else the project file's (--config, or
// ./demobots-tui.toml). The file is "" when no file has a [seed].
func (a *app) refinement(refineFile string) (*project.Seed, string, error) {
	var f *project.File
	var err error
	if refineFile != "" {
		f, err = project.Load(refineFile)
	} else {
		f, err = a.projectFile()
	}
	if err != nil || f.Seed == nil {
		return nil, "", err
	}
	return f.Seed, f.Path, nil
}

// refined returns o refined by s: the file's seed and counts where the
// command line set none (fs says which flags were set), and its column
// generators.
func refined(o seeder.Options, s *project.Seed, fs *pflag.FlagSet) (seeder.Options, error) {
	r, err := seeder.WithRefinement(o, s)
	if err != nil {
		return o, err
	}
	// A flag the user set wins; the file gives the others.
	changed := fs.Changed
	if changed("seed") {
		r.Seed = o.Seed
	}
	if changed("users") {
		r.Users = o.Users
	}
	if changed("profiles-per-user") {
		r.ProfilesPerUser = o.ProfilesPerUser
	}
	if changed("sessions-per-user") {
		r.SessionsPerUser = o.SessionsPerUser
	}
	if changed("scores-per-session") {
		r.ScoresPerSession = o.ScoresPerSession
	}
	if changed("levels") {
		r.Levels = o.Levels
	}
	return r, nil
}
