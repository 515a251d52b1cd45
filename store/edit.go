package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// The edit path: staged changes to rows become statements a person reviews
// (PlanEdits) and then runs in one transaction (ApplyEdits). Every UPDATE
// and DELETE finds its row by the row key and checks that the columns it
// touches still hold what the person saw, so a row someone changed
// meanwhile is never overwritten: the transaction is rolled back instead.

var (
	// ErrInvalidValue: a value typed for a column does not fit its type.
	ErrInvalidValue = errors.New("invalid value")
	// ErrConflict: a row changed (or went away) between the moment it was
	// read and the moment a change to it was applied.
	ErrConflict = errors.New("row changed meanwhile")
	// ErrNotEditable: the table has no key to find a row by, or the
	// column cannot be written.
	ErrNotEditable = errors.New("not editable")
)

// ChangeKind is what a Change does.
type ChangeKind int

// The kinds of change.
const (
	ChangeUpdate ChangeKind = iota + 1
	ChangeInsert
	ChangeDelete
)

// String is the statement the kind becomes: UPDATE, INSERT or DELETE.
func (k ChangeKind) String() string {
	switch k {
	case ChangeUpdate:
		return "UPDATE"
	case ChangeInsert:
		return "INSERT"
	case ChangeDelete:
		return "DELETE"
	}
	return "?"
}

// Edit is the new value of one column.
type Edit struct {
	Column string
	// Value is written as the column's type takes it (see ParseInput for
	// the forms): Null for NULL.
	Value Value
	// Default writes the column's DEFAULT instead of Value.
	Default bool
}

// Change is one change to one row of the table Info describes.
type Change struct {
	Kind ChangeKind
	Info *TableInfo
	// Columns and Row are the row as the person saw it (RowPage.Columns
	// and one of its rows), for UPDATE and DELETE: its key finds the row,
	// its values are what the optimistic check expects.
	Columns []Column
	Row     Row
	// Edits are the new values: the changed columns of an UPDATE, the
	// given columns of an INSERT (the others get their defaults; leave
	// AUTO_INCREMENT and generated columns out to let the server fill
	// them). A DELETE has none.
	Edits []Edit
}

// EditPlan is the statements a list of changes becomes, in the order they
// run: grouped by table (tables in the order of their first change), each
// table's changes in their order.
type EditPlan struct {
	// Database is the database the statements change.
	Database   string
	Statements []Statement
}

// Statement is one statement of an EditPlan.
type Statement struct {
	Kind  ChangeKind
	Table string
	// Row names the row: "id=3" (its key), or "new row" for an INSERT.
	Row string
	// SQL and Args are exactly what runs: identifiers quoted, every value
	// a placeholder.
	SQL  string
	Args []any
	// Change is the index of the change it came from.
	Change int

	info *TableInfo
	cols []Column
	row  Row
}

// Destructive reports whether the statement removes data (a DELETE, with
// whatever its foreign keys cascade to).
func (st Statement) Destructive() bool { return st.Kind == ChangeDelete }

// Display is the statement as it will run with its values written in
// place, for people to review (see RenderSQL). It is never run.
func (st Statement) Display() string { return RenderSQL(st.SQL, st.Args) }

// ConflictError says that a row changed between the moment a person read
// it and the moment a change to it ran: the statement found no row with
// the key and the values it checks (or, for a value too long to compare
// directly, its length and hash). Nothing was changed: the transaction
// was rolled back. Current holds what the row holds now (nil when it is
// gone), in the order of Columns.
type ConflictError struct {
	Table     string
	Row       string // the row's key, e.g. "id=3"
	Kind      ChangeKind
	Statement int // 1-based position in the plan; 0 when found while planning
	Of        int // number of statements in the plan
	Matched   int64
	Columns   []Column
	Current   Row
	// ReadErr is why the current values could not be read, if they could
	// not.
	ReadErr error
}

// Error says which row changed and that nothing was applied.
func (e *ConflictError) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s changed after it was read", e.Table, e.Row)
	if e.Current == nil && e.ReadErr == nil {
		sb.WriteString(" (it is gone: deleted, or its key changed)")
	}
	if e.Statement > 0 {
		fmt.Fprintf(&sb, ": statement %d of %d (%s) matched %d rows instead of 1", e.Statement, e.Of, e.Kind, e.Matched)
	}
	sb.WriteString("; nothing was changed (the transaction was rolled back): refresh to see the row as it is now, then stage the change again")
	return sb.String()
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// PlanEdits turns changes into the statements that apply them, without
// changing anything. Values the person saw only the start of (Value.
// Truncated) cannot be compared directly: for those the row's current
// length and SHA-256 are read now, after checking that the row still has
// the prefix and length that were seen, and the statement checks that
// fingerprint instead (OCTET_LENGTH and SHA2). A row whose long value
// changed already gives a ConflictError here.
func (s *Store) PlanEdits(ctx context.Context, changes []Change) (*EditPlan, error) {
	fps := make([]map[string]fingerprint, len(changes))
	for i, ch := range changes {
		var err error
		if fps[i], err = s.fingerprints(ctx, ch); err != nil {
			return nil, err
		}
	}
	return buildPlan(s.cfg.DBName, changes, fps)
}

// BuildEditPlan builds the statements of changes without a database, for
// database (the name the plan reports). It refuses a change whose checks
// need the fingerprint of a value seen only in part (Value.Truncated):
// only PlanEdits can read that.
func BuildEditPlan(database string, changes []Change) (*EditPlan, error) {
	return buildPlan(database, changes, nil)
}

func buildPlan(database string, changes []Change, fps []map[string]fingerprint) (*EditPlan, error) {
	plan := &EditPlan{Database: database}
	for _, i := range tableOrder(changes) {
		var fp map[string]fingerprint
		if i < len(fps) {
			fp = fps[i]
		}
		st, err := buildStatement(changes[i], fp)
		if err != nil {
			return nil, wrapOp(err, "plan edits of "+changeTable(changes[i]))
		}
		st.Change = i
		plan.Statements = append(plan.Statements, st)
	}
	return plan, nil
}

// tableOrder lists the changes grouped by table, tables in the order of
// their first change, and each table's changes in their order.
func tableOrder(changes []Change) []int {
	var tables []string
	byTable := map[string][]int{}
	for i, ch := range changes {
		t := changeTable(ch)
		if _, ok := byTable[t]; !ok {
			tables = append(tables, t)
		}
		byTable[t] = append(byTable[t], i)
	}
	var out []int
	for _, t := range tables {
		out = append(out, byTable[t]...)
	}
	return out
}

func changeTable(ch Change) string {
	if ch.Info == nil {
		return ""
	}
	return ch.Info.Name
}

// ApplyEdits runs the plan's statements in order in one transaction. If a
// statement fails, or an UPDATE or DELETE matches a number of rows other
// than one, the transaction is rolled back and nothing is changed: a
// mismatch is a ConflictError with the row's current values; a failure
// (a duplicate key, a foreign key, ...) names the statement. The
// connection counts matched rows, not changed ones (CLIENT_FOUND_ROWS),
// so an UPDATE that writes the value a column already holds still counts.
func (s *Store) ApplyEdits(ctx context.Context, plan *EditPlan) error {
	return s.applyEdits(ctx, plan, nil)
}

// execFunc runs one statement of a transaction.
type execFunc func(ctx context.Context, tx *sql.Tx, query string, args []any) (sql.Result, error)

// applyEdits is ApplyEdits with a hook that runs every statement (tests
// record what really runs through it); nil runs them on the transaction.
func (s *Store) applyEdits(ctx context.Context, plan *EditPlan, run execFunc) error {
	const what = "apply edits"
	if s.opts.ReadOnly {
		return wrapOp(&Error{Kind: ErrReadOnly, Msg: "the database is open read-only: edits are disabled (reopen without --read-only to change data)"}, what)
	}
	if plan == nil || len(plan.Statements) == 0 {
		return nil
	}
	if run == nil {
		run = func(ctx context.Context, tx *sql.Tx, query string, args []any) (sql.Result, error) {
			return tx.ExecContext(ctx, query, args...)
		}
	}
	db, err := s.foundRowsDB()
	if err != nil {
		return s.wrap(err, what)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrapCtx(ctx, err, "%s: begin transaction", what)
	}
	n := len(plan.Statements)
	for i, st := range plan.Statements {
		res, err := run(ctx, tx, st.SQL, st.Args)
		if err != nil {
			_ = tx.Rollback()
			return s.wrapCtx(ctx, &stmtError{i: i + 1, n: n, st: st, err: WrapError(err, s.cfg)}, "%s", what)
		}
		if st.Kind == ChangeInsert {
			continue
		}
		matched, err := res.RowsAffected()
		if err != nil {
			_ = tx.Rollback()
			return s.wrapCtx(ctx, err, "%s: statement %d of %d", what, i+1, n)
		}
		if matched != 1 {
			_ = tx.Rollback()
			c := &ConflictError{Table: st.Table, Row: st.Row, Kind: st.Kind, Statement: i + 1, Of: n, Matched: matched}
			c.Columns, c.Current, c.ReadErr = s.currentRow(ctx, st.info, st.cols, st.row)
			return wrapOp(c, what)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.wrapCtx(ctx, err, "%s: commit", what)
	}
	return nil
}

// stmtError is a statement of a plan that failed; the transaction was
// rolled back.
type stmtError struct {
	i, n int
	st   Statement
	err  error
}

func (e *stmtError) Error() string {
	return fmt.Sprintf("statement %d of %d (%s %s %s) failed: %v; nothing was changed (the transaction was rolled back)",
		e.i, e.n, e.st.Kind, e.st.Table, e.st.Row, e.err)
}

func (e *stmtError) Unwrap() error { return e.err }

// foundRowsDB opens a one-connection pool like the store's whose UPDATEs
// report matched rows instead of changed ones: the optimistic check needs
// "the row was there", and an UPDATE that writes the value a column
// already holds changes nothing. The store's own pool keeps the server's
// usual count for everyone else.
func (s *Store) foundRowsDB() (*sql.DB, error) {
	cfg := s.cfg.Clone()
	cfg.ClientFoundRows = true
	conn, err := s.Connector(cfg)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(1)
	return db, nil
}

// currentRow reads what a row holds now, by its key, as a page would show
// it (long values as a prefix). A row that is gone gives a nil Row.
func (s *Store) currentRow(ctx context.Context, info *TableInfo, cols []Column, row Row) ([]Column, Row, error) {
	if info == nil {
		return nil, nil, nil
	}
	q := RowQuery{Table: info.Name, Limit: 1}
	for _, name := range info.RowKey() {
		i := indexOf(cols, name)
		if i < 0 || i >= len(row) {
			return nil, nil, fmt.Errorf("the row has no value of its key column %q", name)
		}
		q.Filters = append(q.Filters, Filter{Column: name, Op: OpEq, Value: filterText(&cols[i], row[i])})
	}
	page, err := s.RowsOf(ctx, info, q)
	if err != nil {
		return nil, nil, err
	}
	if len(page.Rows) == 0 {
		return page.Columns, nil, nil
	}
	return page.Columns, page.Rows[0], nil
}
