package seeder

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"

	"github.com/demobots/demobots-tui/store"
)

func planPush(ctx context.Context, st *store.Store, desiredSQL string, o PushOptions) (_ *Plan, err error) {
	file := o.File
	if file == "" {
		file = "schema.sql"
	}
	d, err := ParseSchema(file, desiredSQL)
	if err != nil {
		return nil, err
	}
	cur, err := openDriver(st.DB())
	if err != nil {
		return nil, err
	}
	s, dropped, err := newScratch(ctx, st)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := s.drop(); derr != nil && err == nil {
			err = derr
		}
	}()
	plan := &Plan{File: file, DroppedScratch: dropped}
	if err := s.apply(ctx, d); err != nil {
		return nil, err
	}
	des, err := openDriver(s.db)
	if err != nil {
		return nil, err
	}
	to, err := des.InspectSchema(ctx, s.name, nil)
	if err != nil {
		return nil, fmt.Errorf("seeder: inspect the desired schema: %w", err)
	}
	desiredViews, err := readViews(ctx, s.db, s.name)
	if err != nil {
		return nil, err
	}
	from, err := inspectLive(ctx, st, cur, to, o.Prune, plan)
	if err != nil {
		return nil, err
	}
	for _, sch := range []*schema.Schema{from, to} {
		if err := checkQuotable(sch); err != nil {
			return nil, err
		}
	}
	live, err := readObjects(ctx, st.DB(), st.Database())
	if err != nil {
		return nil, err
	}
	// Views and routines the file does not declare: dropped first when
	// pruning (a view over a pruned table would only break), else listed.
	for _, obj := range undeclaredObjects(d, live) {
		if o.Prune {
			plan.Changes = append(plan.Changes, dropObject(obj, file))
		} else {
			plan.Unmanaged = append(plan.Unmanaged, obj)
		}
	}
	changes, err := planTables(ctx, cur, from, to)
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		if len(c.Args) > 0 {
			return nil, fmt.Errorf("seeder: unexpected arguments in planned statement %q", c.Cmd)
		}
		ch := Change{SQL: c.Cmd, Comment: c.Comment, tables: touchedTables(c.Source)}
		if err := analyze(ctx, st.DB(), c.Source, &ch); err != nil {
			return nil, err
		}
		plan.Changes = append(plan.Changes, ch)
	}
	plan.Changes = append(plan.Changes, planViews(d, desiredViews, live.views, s.name, st.Database())...)
	markAffectedViews(plan, live.views, st.Database())
	return plan, nil
}

// inspectLive inspects the tables of st's database that the desired
// schema to declares (all of them when pruning): a table of the user's
// own that atlas cannot inspect, or plan for, is then no obstacle to
// leaving it alone. It records on plan the tables left alone, with their
// row counts, and whether the database is a foreign one.
func inspectLive(ctx context.Context, st *store.Store, drv migrate.Driver, to *schema.Schema, prune bool, plan *Plan) (*schema.Schema, error) {
	var managed []string
	for _, t := range to.Tables {
		managed = append(managed, t.Name)
	}
	tables, err := baseTables(ctx, st.DB(), st.Database())
	if err != nil {
		return nil, err
	}
	var unmanaged []string
	for _, t := range tables {
		if !slices.Contains(managed, t) {
			unmanaged = append(unmanaged, t)
		}
	}
	if len(unmanaged) == len(tables) && len(unmanaged) > 0 {
		plan.Foreign = &ForeignDatabase{Tables: len(unmanaged), Adds: len(managed)}
	}
	opts := &schema.InspectOptions{}
	if !prune && len(managed) > 0 {
		opts.Tables = managed
	}
	if prune {
		// Pruning inspects every table; a name atlas cannot quote is
		// refused before it tries (on TiDB its inspection fails on one).
		for _, t := range unmanaged {
			if strings.Contains(t, "`") {
				return nil, fmt.Errorf("seeder: push cannot plan for table %q: %w (atlas does not quote it); rename it first", t, ErrUnquotable)
			}
		}
	}
	from, err := drv.InspectSchema(ctx, st.Database(), opts)
	if err != nil {
		return nil, fmt.Errorf("seeder: inspect %s: %w", st.Database(), err)
	}
	if prune {
		return from, nil
	}
	from.Tables = slices.DeleteFunc(from.Tables, func(t *schema.Table) bool { return !slices.Contains(managed, t.Name) })
	for _, t := range unmanaged {
		n, err := countRows(ctx, st.DB(), t, nil)
		if err != nil {
			return nil, err
		}
		plan.Unmanaged = append(plan.Unmanaged, Object{Kind: ObjectTable, Name: t, Rows: n})
	}
	return from, nil
}

// undeclaredObjects lists the views of live that d does not declare, and
// every stored routine (a schema file declares none).
func undeclaredObjects(d *DesiredSchema, live dbObjects) []Object {
	var out []Object
	for _, v := range live.views {
		if _, ok := d.view(v.name); !ok {
			out = append(out, Object{Kind: ObjectView, Name: v.name})
		}
	}
	return append(out, live.routines...)
}

// planTables diffs from (the live tables push manages) with to (the
// desired ones) and plans the changes.
func planTables(ctx context.Context, drv migrate.Driver, from, to *schema.Schema) ([]*migrate.Change, error) {
	// Compare contents, not names: the scratch database stands for st's.
	to.Name = from.Name
	diff, err := drv.SchemaDiff(from, to)
	if err != nil {
		return nil, fmt.Errorf("seeder: diff schemas: %w", err)
	}
	if len(diff) == 0 {
		return nil, nil
	}
	plan, err := drv.PlanChanges(ctx, "push", diff, func(o *migrate.PlanOptions) {
		unqualified := "" // statements run on a connection that selects st's database
		o.SchemaQualifier = &unqualified
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: plan changes: %w", err)
	}
	return plan.Changes, nil
}

// touchedTables names the existing tables an atlas change alters or drops.
func touchedTables(c schema.Change) []string {
	switch c := c.(type) {
	case *schema.DropTable:
		return []string{c.T.Name}
	case *schema.ModifyTable:
		return []string{c.T.Name}
	case *schema.RenameTable:
		return []string{c.From.Name}
	}
	return nil
}

// dropObject is the destructive DROP of a view or routine the desired
// schema does not declare.
func dropObject(o Object, file string) Change {
	var stmt string
	switch o.Kind {
	case ObjectView:
		stmt = "DROP VIEW "
	case ObjectProcedure:
		stmt = "DROP PROCEDURE "
	case ObjectFunction:
		stmt = "DROP FUNCTION "
	}
	return Change{
		view:        viewName(o),
		SQL:         stmt + quoteIdent(o.Name),
		Comment:     fmt.Sprintf("drop %s", o),
		Destructive: true,
		Warning:     fmt.Sprintf("drops %s, which %s does not declare", o, file),
	}
}

// viewName is o's name when it is a view.
func viewName(o Object) string {
	if o.Kind == ObjectView {
		return o.Name
	}
	return ""
}
