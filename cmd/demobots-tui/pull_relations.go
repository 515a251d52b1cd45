package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/store"
)

// runPullRelations writes the relations the store infers into the project
// file: a new file, or (force) the end of the existing one.
func runPullRelations(ctx context.Context, a *app, force bool) error {
	f, err := a.projectFile()
	if errors.Is(err, os.ErrNotExist) && a.g.config != "" {
		// --config names the file to create.
		f, err = &project.File{Path: a.g.config}, nil
		a.project = f
	}
	if err != nil {
		return err
	}
	if f.Found && !force {
		return fmt.Errorf("%s exists: pull --relations --force adds the inferred relations it lacks at its end (what it holds stays as it is)", f.Path)
	}
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	start := time.Now()
	g, err := c.store.RelationGraph(ctx)
	logDone(a.log, "pull relations", start, err)
	if err != nil {
		return err
	}
	var inferred []project.Relation
	for _, r := range g.Relations {
		if r.Origin == store.OriginInferred {
			inferred = append(inferred, project.Relation{
				From: project.Endpoint{Table: r.Table, Columns: r.Columns},
				To:   project.Endpoint{Table: r.RefTable, Columns: r.RefColumns},
			})
		}
	}
	note := []string{
		"Relations inferred from column names by demobots-tui pull --relations (database " + c.store.Database() + ").",
		"Review them: keep what is right, correct or delete the rest.",
	}
	for _, u := range g.Unresolved {
		note = append(note, fmt.Sprintf("Not inferred: %s.%s: %s.", u.Table, u.Column, u.Reason))
	}
	added, err := f.AppendRelations(inferred, note)
	if err != nil {
		return err
	}
	if len(added) == 0 {
		what := "no relation can be inferred from its column names"
		if len(inferred) > 0 {
			what = "the project file has every relation inferred from its column names"
		}
		fmt.Fprintf(a.io.err, "Nothing written: in %s %s.\n", c.label, what)
		return nil
	}
	fmt.Fprintf(a.io.err, "Wrote %s inferred from the column names of %s to %s: review them.\n",
		humanize.Plural(int64(len(added)), "relation"), c.label, f.Path)
	return nil
}
