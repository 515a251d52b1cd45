package main

import (
	"github.com/demobots/demobots-tui/internal/project"
)

// projectFile loads the project file once: --config, else
// ./demobots-tui.toml when there is one (an empty project otherwise). A
// file that does not check is an error for every command that connects.
func (a *app) projectFile() (*project.File, error) {
	if a.project != nil {
		return a.project, nil
	}
	f, err := project.Locate(a.g.config)
	if err != nil {
		return nil, err
	}
	if f.Found {
		a.log.Info("Project file loaded", "path", f.Path, "relations", len(f.Relations))
	}
	a.project = f
	return f, nil
}

// declaredRelations are the relations the store of the configured
// database gets: the project file's, unless the command is one that must
// not depend on them (push creates the tables they may name).
func (a *app) declaredRelations() ([]project.Relation, error) {
	f, err := a.projectFile()
	if err != nil || a.relationsOff {
		return nil, err
	}
	return f.Relations, nil
}
