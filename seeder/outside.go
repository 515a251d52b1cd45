package seeder

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/store"
	"github.com/go-sql-driver/mysql"
)

// outsideRef is a foreign key of a table outside the dataset that
// references one of the dataset's tables.
type outsideRef struct {
	schema, table string   // the referencing table
	name          string   // the constraint
	columns       []string // its columns, in order
	// rule is the ON DELETE rule: CASCADE, SET NULL, SET DEFAULT, RESTRICT
	// or NO ACTION ("" if the catalog did not say).
	rule string
}

// restricts reports whether the rule refuses the DELETE of a referenced
// row instead of deleting or changing the referencing one.
func (r outsideRef) restricts() bool {
	return r.rule == "RESTRICT" || r.rule == "NO ACTION"
}

// outsideReferences lists the foreign keys of tables that are not the
// dataset's and reference one of them, with their ON DELETE rules
// (information_schema.REFERENTIAL_CONSTRAINTS, which the embedded engine
// fills too).
func outsideReferences(ctx context.Context, tx store.Querier, database string, tables tableSet) ([]outsideRef, error) {
	names := tables.names()
	query, args, err := sq.Select("TABLE_SCHEMA", "TABLE_NAME", "CONSTRAINT_NAME", "COLUMN_NAME").
		From("information_schema.KEY_COLUMN_USAGE").
		Where(sq.Eq{"REFERENCED_TABLE_SCHEMA": database, "REFERENCED_TABLE_NAME": names}).
		Where(sq.Or{sq.NotEq{"TABLE_SCHEMA": database}, sq.NotEq{"TABLE_NAME": names}}).
		OrderBy("TABLE_SCHEMA", "TABLE_NAME", "CONSTRAINT_NAME", "ORDINAL_POSITION").ToSql()
	if err != nil {
		return nil, fmt.Errorf("seeder: build query: %w", err)
	}
	var refs []outsideRef
	err = store.QueryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var schema, table, name, column string
		if err := rows.Scan(&schema, &table, &name, &column); err != nil {
			return err
		}
		if n := len(refs); n > 0 && refs[n-1].schema == schema && refs[n-1].table == table && refs[n-1].name == name {
			refs[n-1].columns = append(refs[n-1].columns, column)
			return nil
		}
		refs = append(refs, outsideRef{schema: schema, table: table, name: name, columns: []string{column}})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: look for foreign keys into the dataset: %w", err)
	}
	if len(refs) == 0 {
		return nil, nil
	}

	query, args, err = sq.Select("CONSTRAINT_SCHEMA", "TABLE_NAME", "CONSTRAINT_NAME", "DELETE_RULE").
		From("information_schema.REFERENTIAL_CONSTRAINTS").
		Where(sq.Eq{"UNIQUE_CONSTRAINT_SCHEMA": database, "REFERENCED_TABLE_NAME": names}).ToSql()
	if err != nil {
		return nil, fmt.Errorf("seeder: build query: %w", err)
	}
	rules := map[[3]string]string{}
	err = store.QueryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var schema, table, name, rule string
		if err := rows.Scan(&schema, &table, &name, &rule); err != nil {
			return err
		}
		rules[[3]string{schema, table, name}] = strings.ToUpper(rule)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seeder: read the ON DELETE rules of foreign keys into the dataset: %w", err)
	}
	for i, r := range refs {
		refs[i].rule = rules[[3]string{r.schema, r.table, r.name}]
	}
	return refs, nil
}

// checkOutside refuses (ErrOutsideReferences) when a table of refs has rows
// that reference the dataset: deleting the dataset would delete or change
// them through a CASCADE, SET NULL or SET DEFAULT rule, or fail on a
// RESTRICT one. database is the dataset's; what ("seed", "reset") names
// the operation.
//
// For a key that would cascade (CASCADE, SET NULL, SET DEFAULT, or a rule
// the catalog did not give), the count is a locking read (see
// referencingRows) inside the caller's transaction: until it commits
// or rolls back, no other session can add a referencing row, so the check
// and the DELETE that follows are atomic. A concurrent insert waits, then
// succeeds against the new data or fails (on its foreign key, or as the
// victim of a deadlock the server resolves); it is never silently deleted
// or changed. A RESTRICT or NO ACTION key needs no lock, and takes none
// (a long seed would hold up the application's inserts for nothing): a
// row inserted there meanwhile makes the DELETE fail, and the
// transaction roll back, since the foreign-key checks stay on.
//
// TiDB has no gap locks, so nothing keeps a new row out of such a table
// while the DELETE runs: there a cascading or nulling key is refused
// outright, empty or not.
func checkOutside(ctx context.Context, tx *sql.Tx, database string, refs []outsideRef, what string, flavor store.Flavor) error {
	var found []string
	counted := false // a refusal for rows present, which emptying the table cures
	for _, r := range refs {
		table := quoteIdent(r.table)
		if r.schema != database {
			table = quoteIdent(r.schema) + "." + table
		}
		n, err := referencingRows(ctx, tx, r, !r.restricts())
		if err == nil && n == 0 && flavor.Kind == store.FlavorTiDB && !r.restricts() {
			found = append(found, fmt.Sprintf("%s cannot lock %s against new rows on TiDB (it has no gap locks), and its foreign key %s ON DELETE %s would delete or change a row inserted there meanwhile; change that key to RESTRICT or drop it",
				what, table, r.name, r.rule))
			continue
		}
		if err != nil {
			if r.restricts() {
				continue // the DELETE itself refuses, with the checks on
			}
			return fmt.Errorf("seeder: count the rows of %s that reference the demobots tables through %s: %w", table, r.name, err)
		}
		if n == 0 {
			continue
		}
		counted = true
		rule := r.rule
		if rule == "" {
			rule = "(rule unknown)"
		}
		rows := fmt.Sprintf("%d rows", n)
		if n == 1 {
			rows = "1 row"
		}
		if r.restricts() {
			found = append(found, fmt.Sprintf("%s would be refused by rows of %s (%s) that reference the demobots tables through its foreign key %s ON DELETE %s",
				what, table, rows, r.name, rule))
		} else {
			found = append(found, fmt.Sprintf("%s would delete or change rows of %s (%s) through its foreign key %s ON DELETE %s",
				what, table, rows, r.name, rule))
		}
	}
	if len(found) == 0 {
		return nil
	}
	if !counted {
		return fmt.Errorf("seeder: %w: %s", ErrOutsideReferences, strings.Join(found, "; "))
	}
	that := "that table"
	if len(found) > 1 {
		that = "those tables"
	}
	return fmt.Errorf("seeder: %w: %s; empty or drop %s first", ErrOutsideReferences, strings.Join(found, "; "), that)
}

// referencingRows counts the rows of r's table whose key columns are all
// set: those are the rows that reference a dataset row (a row with a NULL
// in its key references nothing). With lock, it is a locking read: InnoDB
// takes shared next-key locks on every row and gap it scans, so a
// concurrent INSERT (or an UPDATE that sets the key) into that range waits
// until the caller's transaction ends. That needs REPEATABLE READ or SERIALIZABLE,
// where InnoDB locks gaps; Seed and Reset begin their transaction at
// REPEATABLE READ for it.
//
// Engines differ here, and this is the one place that knows: MariaDB and
// MySQL take the locks described; the embedded engine accepts the syntax
// and locks nothing (it runs one statement at a time, but not one
// transaction at a time). TiDB has no gap locks and refuses LOCK IN SHARE
// MODE unless tidb_enable_noop_functions is on; there the read falls back
// to FOR UPDATE, which locks the rows that exist (in its pessimistic mode)
// but cannot keep new ones out.
func referencingRows(ctx context.Context, tx *sql.Tx, r outsideRef, lock bool) (int64, error) {
	b := sq.Select("COUNT(*)").From(quoteIdent(r.schema) + "." + quoteIdent(r.table))
	for _, c := range r.columns {
		b = b.Where(sq.NotEq{quoteIdent(c): nil})
	}
	if !lock {
		return countLocked(ctx, tx, b)
	}
	n, err := countLocked(ctx, tx, b.Suffix("LOCK IN SHARE MODE"))
	if err != nil && shareModeRefused(err) {
		return countLocked(ctx, tx, b.Suffix("FOR UPDATE"))
	}
	return n, err
}

func countLocked(ctx context.Context, tx *sql.Tx, b sq.SelectBuilder) (int64, error) {
	query, args, err := b.ToSql()
	if err != nil {
		return 0, fmt.Errorf("build query: %w", err)
	}
	var n int64
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, err
	}
	return n, nil
}

// shareModeRefused reports whether err is TiDB refusing LOCK IN SHARE
// MODE (error 1235, "has only noop implementation").
func shareModeRefused(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1235 || strings.Contains(me.Message, "noop"))
}
