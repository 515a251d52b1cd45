package main

import (
	"github.com/spf13/pflag"

	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/seeder"
)

// countFlags are the seed flags that a refinement's seed and counts give
// defaults to: a flag set on the command line wins over the file.
var countFlags = []struct {
	name string
	get  func(o *seeder.Options) any
}{
	{"seed", func(o *seeder.Options) any { return &o.Seed }},
	{"users", func(o *seeder.Options) any { return &o.Users }},
	{"profiles-per-user", func(o *seeder.Options) any { return &o.ProfilesPerUser }},
	{"sessions-per-user", func(o *seeder.Options) any { return &o.SessionsPerUser }},
	{"scores-per-session", func(o *seeder.Options) any { return &o.ScoresPerSession }},
	{"levels", func(o *seeder.Options) any { return &o.Levels }},
}

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
	for _, f := range countFlags {
		if !fs.Changed(f.name) {
			continue
		}
		switch dst := f.get(&r).(type) {
		case *uint64:
			*dst = *f.get(&o).(*uint64)
		case *int:
			*dst = *f.get(&o).(*int)
		}
	}
	return r, nil
}
