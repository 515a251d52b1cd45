package seeder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/store"
)

// ErrSchemaMismatch is wrapped by CheckSchema's error when the live schema
// is missing tables of schema.sql or differs from it: run push.
var ErrSchemaMismatch = errors.New("the database schema differs from schema.sql")

// PlanPush computes the statements that make st's database match
// desiredSQL (CREATE TABLE statements and the like).
//
// desiredSQL is applied to a uniquely named scratch database, both schemas
// are inspected and diffed by atlas, and the diff is planned as MySQL DDL.
// The scratch database is always dropped, even when ctx is cancelled.
// Changes that can lose data are marked Destructive, with the rows they
// affect counted on the live database. Errors are classified by
// store.WrapError.
func PlanPush(ctx context.Context, st *store.Store, desiredSQL string) (*Plan, error) {
	plan, err := planPush(ctx, st, desiredSQL)
	return plan, wrapError(ctx, err, st.Config())
}

func planPush(ctx context.Context, st *store.Store, desiredSQL string) (*Plan, error) {
	changes, err := planChanges(ctx, st, desiredSQL)
	if err != nil {
		return nil, err
	}
	plan := &Plan{}
	for _, c := range changes {
		if len(c.Args) > 0 {
			return nil, fmt.Errorf("seeder: unexpected arguments in planned statement %q", c.Cmd)
		}
		ch := Change{SQL: c.Cmd, Comment: c.Comment}
		if err := analyze(ctx, st.DB(), c.Source, &ch); err != nil {
			return nil, err
		}
		plan.Changes = append(plan.Changes, ch)
	}
	return plan, nil
}

// planChanges is PlanPush without the analysis.
func planChanges(ctx context.Context, st *store.Store, desiredSQL string) (_ []*migrate.Change, err error) {
	cur, err := openDriver(st.DB())
	if err != nil {
		return nil, err
	}
	s, err := newScratch(ctx, st)
	if err != nil {
		return nil, err
	}
	defer func() {
		if derr := s.drop(); derr != nil && err == nil {
			err = derr
		}
	}()
	if err := s.apply(ctx, desiredSQL); err != nil {
		return nil, err
	}
	des, err := openDriver(s.db)
	if err != nil {
		return nil, err
	}
	from, err := cur.InspectSchema(ctx, st.Database(), nil)
	if err != nil {
		return nil, fmt.Errorf("seeder: inspect %s: %w", st.Database(), err)
	}
	to, err := des.InspectSchema(ctx, s.name, nil)
	if err != nil {
		return nil, fmt.Errorf("seeder: inspect the desired schema: %w", err)
	}
	for _, sch := range []*schema.Schema{from, to} {
		if err := checkQuotable(sch); err != nil {
			return nil, err
		}
	}
	// Compare contents, not names: the scratch database stands for st's.
	to.Name = from.Name
	diff, err := cur.SchemaDiff(from, to)
	if err != nil {
		return nil, fmt.Errorf("seeder: diff schemas: %w", err)
	}
	if len(diff) == 0 {
		return nil, nil
	}
	plan, err := cur.PlanChanges(ctx, "push", diff, func(o *migrate.PlanOptions) {
		unqualified := "" // statements run on a connection that selects st's database
		o.SchemaQualifier = &unqualified
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: plan changes: %w", err)
	}
	return plan.Changes, nil
}

// ApplyPush runs the plan's statements in order and returns how many
// succeeded. MySQL commits each DDL statement on its own, so there is no
// rollback: the first failure stops the push, and the error says which
// statements were applied. Errors are classified by store.WrapError.
func ApplyPush(ctx context.Context, st *store.Store, plan *Plan, progress func(Event)) (int, error) {
	n, err := applyPush(ctx, st, plan, progress)
	return n, wrapError(ctx, err, st.Config())
}

func applyPush(ctx context.Context, st *store.Store, plan *Plan, progress func(Event)) (int, error) {
	if progress == nil {
		progress = func(Event) {}
	}
	if plan.Empty() {
		return 0, nil
	}
	total := int64(len(plan.Changes))
	for i, c := range plan.Changes {
		progress(Event{Phase: PhaseApply, Done: int64(i), Total: total})
		if _, err := st.DB().ExecContext(ctx, c.SQL); err != nil {
			note := ""
			if ctx.Err() != nil {
				note = "; it may still complete on the server"
			}
			return i, fmt.Errorf("seeder: push stopped at statement %d of %d (%s)%s; %d applied before it: %w",
				i+1, total, c.Comment, note, i, err)
		}
	}
	progress(Event{Phase: PhaseDone, Done: total, Total: total})
	return len(plan.Changes), nil
}

// CheckSchema reports whether st's database has the tables of schema.sql,
// as schema.sql defines them. Other tables are no concern of it. Its error
// wraps ErrSchemaMismatch and names the differences; other errors are
// classified by store.WrapError.
func CheckSchema(ctx context.Context, st *store.Store) error {
	return wrapError(ctx, checkSchema(ctx, st), st.Config())
}

func checkSchema(ctx context.Context, st *store.Store) error {
	changes, err := planChanges(ctx, st, demobots.Schema)
	if err != nil {
		return err
	}
	var diffs []string
	for _, c := range changes {
		if d, ok := c.Source.(*schema.DropTable); ok && !slices.Contains(demobots.Tables, d.T.Name) {
			continue
		}
		diffs = append(diffs, c.Comment)
	}
	if len(diffs) == 0 {
		return nil
	}
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("and %d more", len(diffs)-5))
	}
	return fmt.Errorf("%w in %s (push would %s): run 'demobots-tui push' first",
		ErrSchemaMismatch, st.Database(), strings.Join(diffs, "; "))
}

// Bootstrap makes st's database match schema.sql without asking (for a
// fresh embedded engine) and, when seed is set, loads the default dataset.
func Bootstrap(ctx context.Context, st *store.Store, seed bool) error {
	plan, err := PlanPush(ctx, st, demobots.Schema)
	if err != nil {
		return err
	}
	if _, err := ApplyPush(ctx, st, plan, nil); err != nil {
		return err
	}
	if !seed {
		return nil
	}
	_, err = Seed(ctx, st, DefaultOptions())
	return err
}

// ErrUnquotable is wrapped when a schema has a name push cannot plan for.
var ErrUnquotable = errors.New("a name contains a backtick")

// checkQuotable refuses names with a backtick: atlas writes identifiers
// between backticks without doubling one inside, so its plan would be
// broken SQL (or, worse, different SQL). Browsing such tables works; only
// push needs them renamed.
func checkQuotable(s *schema.Schema) error {
	bad := func(kind, name string) error {
		return fmt.Errorf("seeder: push cannot plan for %s %q: %w (atlas does not quote it); rename it first", kind, name, ErrUnquotable)
	}
	for _, t := range s.Tables {
		if strings.Contains(t.Name, "`") {
			return bad("table", t.Name)
		}
		for _, c := range t.Columns {
			if strings.Contains(c.Name, "`") {
				return bad("column", t.Name+"."+c.Name)
			}
		}
		for _, i := range t.Indexes {
			if strings.Contains(i.Name, "`") {
				return bad("index", t.Name+"."+i.Name)
			}
		}
		for _, fk := range t.ForeignKeys {
			if strings.Contains(fk.Symbol, "`") {
				return bad("foreign key", t.Name+"."+fk.Symbol)
			}
		}
	}
	return nil
}
