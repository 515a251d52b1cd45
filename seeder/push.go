package seeder

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"ariga.io/atlas/sql/schema"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/store"
)

// PushOptions refine PlanPushWith.
type PushOptions struct {
	// Prune also drops the tables, views and stored routines the desired
	// schema does not declare; each drop is destructive. Without it they
	// are listed in Plan.Unmanaged and left alone.
	Prune bool
	// File names the desired schema in messages; "schema.sql" when empty.
	File string
}

// PlanPush is PlanPushWith without options: the plan leaves what
// desiredSQL does not declare alone.
func PlanPush(ctx context.Context, st *store.Store, desiredSQL string) (*Plan, error) {
	return PlanPushWith(ctx, st, desiredSQL, PushOptions{})
}

// PlanPushWith computes the statements that make st's database match
// desiredSQL, a schema file.
//
// desiredSQL is first checked by ParseSchema (nothing runs if it holds
// anything but unqualified CREATE TABLE, CREATE INDEX, CREATE VIEW and
// ALTER TABLE statements), then applied to a uniquely named scratch
// database; both schemas are inspected and diffed by atlas, and the diff
// is planned as MySQL DDL. Only the tables the file declares are compared:
// the database's other tables, views and routines are listed in
// Plan.Unmanaged, or dropped with o.Prune. Views the file declares are
// created, or replaced when their definition differs.
//
// The scratch database is always dropped, even when ctx is cancelled, and
// it is created under a named server lock, so that planning can drop at
// once the scratch databases interrupted pushes left (Plan.DroppedScratch).
// An account that may not create it gets ErrScratchPrivilege with the
// GRANT to run.
//
// Changes that can lose data or drop a guarantee are marked Destructive,
// with the rows they affect counted on the live database. Errors are
// classified by store.WrapError.
func PlanPushWith(ctx context.Context, st *store.Store, desiredSQL string, o PushOptions) (*Plan, error) {
	plan, err := planPush(ctx, st, desiredSQL, o)
	return plan, wrapError(ctx, err, st.Config())
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
	// One connection without the read timeout: DDL on a large table (an
	// index, a column type) may rightly run for minutes, TiDB's longer
	// than most, and a read timeout would cut it off with its outcome
	// unknown. ctx bounds it instead (Esc, Ctrl-C).
	conn, err := st.LongConn(ctx)
	if err != nil {
		return 0, fmt.Errorf("seeder: connect: %w", err)
	}
	defer func() { _ = conn.Close() }()
	total := int64(len(plan.Changes))
	for i, c := range plan.Changes {
		progress(Event{Phase: PhaseApply, Done: int64(i), Total: total})
		if _, err := conn.ExecContext(ctx, c.SQL); err != nil {
			note := ""
			if ctx.Err() != nil || store.IsConnError(err) {
				note = "; it may still complete on the server"
			}
			return i, fmt.Errorf("seeder: push stopped at statement %d of %d (%s)%s; %d applied before it: %w",
				i+1, total, c.Comment, note, i, err)
		}
	}
	progress(Event{Phase: PhaseDone, Done: total, Total: total})
	return len(plan.Changes), nil
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
// push needs them renamed, and only when it manages (or prunes) them.
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
