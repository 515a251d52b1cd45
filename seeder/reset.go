package seeder

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/store"
)

// postCommitTimeout bounds the work Seed and Reset do after COMMIT;
// TiDB's DDL (one ALTER TABLE per table) gets longer.
const (
	postCommitTimeout     = 15 * time.Second
	tidbPostCommitTimeout = 2 * time.Minute
)

// Reset deletes every row of the demobots tables in one transaction (all or
// nothing), then restarts their AUTO_INCREMENT counters at 1. Over many
// rows on MariaDB it swaps in empty tables instead, as atomically
// (swap_aux.go).
//
// MySQL's TRUNCATE and ALTER TABLE commit implicitly, so the rows go with
// DELETE, children before parents, inside the transaction; the counters
// are restarted only after COMMIT (see restartAutoIncrement). If the
// process dies between the two, the rows are gone and the counters merely
// keep their old values: nothing is half-deleted, and the next reset or
// seed restarts them. The restart runs on a fresh context bounded by
// postCommitTimeout, so that a Ctrl-C arriving after COMMIT does not
// interrupt it; if it fails anyway, the error wraps ErrCommitted: the rows
// are deleted. Otherwise nothing was changed (see ErrCommitted).
//
// Before deleting anything, Reset refuses with ErrNotDemobots on a
// database that holds none of the demobots tables but tables of its own,
// and with ErrOutsideReferences when rows of another table reference the
// demobots tables (an ON DELETE CASCADE would silently delete them).
// Errors are classified by store.WrapError.
func Reset(ctx context.Context, st *store.Store, progress func(Event)) error {
	return wrapError(ctx, reset(ctx, st, progress), st.Config())
}

func reset(ctx context.Context, st *store.Store, progress func(Event)) error {
	if progress == nil {
		progress = func(Event) {}
	}
	if err := checkNotForeign(ctx, st.DB(), st.Database()); err != nil {
		return err
	}
	conn, err := st.LongConn(ctx)
	if err != nil {
		return fmt.Errorf("seeder: connect: %w", err)
	}
	defer discard(conn)
	aux, err := startAuxSwapIfPays(ctx, st, conn, dataset)
	switch {
	case err != nil:
		return err
	case aux != nil:
		_, err = aux.run(ctx, nil, LoadAuto, progress)
	case !forceSwap:
		err = resetInTx(ctx, st, conn, dataset, progress)
	}
	if swapInstead(ctx, st, err) {
		// Too many rows to delete in one transaction: swap in empty
		// tables instead (see swap.go), on a fresh connection.
		discard(conn)
		if conn, err = st.LongConn(ctx); err != nil {
			return fmt.Errorf("seeder: connect: %w", err)
		}
		defer discard(conn)
		progress(Event{Phase: PhaseSwap})
		_, err = swapSeed(ctx, st, conn, dataset, Options{}, progress)
	}
	if err != nil {
		return err
	}
	if err := restartAutoIncrement(ctx, conn, st.Flavor(), dataset, nil); err != nil {
		return fmt.Errorf("seeder: %w (every demobots row is deleted), but %w", ErrCommitted, err)
	}
	progress(Event{Phase: PhaseDone})
	return nil
}

// resetInTx deletes the dataset's rows in one transaction on conn.
func resetInTx(ctx context.Context, st *store.Store, conn *sql.Conn, tables tableSet, progress func(Event)) error {
	// REPEATABLE READ, whatever the server's default: the check for
	// outside references locks gaps only at this level (see
	// referencingRows).
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return fmt.Errorf("seeder: begin transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := deleteAll(ctx, tx, st.Database(), st.Flavor(), tables, "reset", progress); err != nil {
		return err
	}
	progress(Event{Phase: PhaseCommit, Total: 1})
	if err := tx.Commit(); err != nil {
		return commitError("commit", err)
	}
	progress(Event{Phase: PhaseCommit, Done: 1, Total: 1})
	return nil
}

// deleteAll deletes the rows of the dataset's tables, children first. what
// ("seed" or "reset") names the operation in errors.
//
// When no table outside the dataset references them, the foreign-key checks
// are switched off for the DELETEs: every referencing row is in a table
// that is emptied in the same transaction, so there is nothing to check,
// and the checks are what makes the DELETE slow (InnoDB looks up each
// deleted parent in the child's index, still full of the delete-marked
// rows this transaction just removed: over 3,200,005 rows that took 12 of
// the 31 seconds). With an outside reference, checkOutside first locks that
// table's referencing range and refuses if it holds rows (its ON DELETE
// rule would delete or change them, or block the DELETE); the lock keeps
// new ones out until COMMIT. The checks stay on all the same: on an engine
// without such locks, a row inserted meanwhile under a RESTRICT rule then
// makes the DELETE fail (and the transaction roll back) rather than dangle.
func deleteAll(ctx context.Context, tx *sql.Tx, database string, flavor store.Flavor, tables tableSet, what string, progress func(Event)) error {
	refs, err := outsideReferences(ctx, tx, database, tables)
	if err != nil {
		return err
	}
	if err := checkOutside(ctx, tx, database, refs, what, flavor); err != nil {
		return err
	}
	checks := "SET SESSION foreign_key_checks = 1"
	if len(refs) == 0 {
		checks = "SET SESSION foreign_key_checks = 0"
	}
	if _, err := tx.ExecContext(ctx, checks); err != nil {
		return fmt.Errorf("seeder: set the checks for the delete: %w", err)
	}
	total := int64(len(tables))
	for i := len(tables) - 1; i >= 0; i-- {
		name := tables[i].name
		progress(Event{Phase: PhaseReset, Table: name, Done: total - int64(i) - 1, Total: total})
		empty, err := isEmpty(ctx, tx, name)
		if err != nil {
			return err
		}
		if empty {
			continue
		}
		query, args, err := sq.Delete(quoteIdent(name)).ToSql()
		if err != nil {
			return fmt.Errorf("seeder: build delete: %w", err)
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("seeder: delete rows of %s: %w", name, hintMissing(err))
		}
	}
	if _, err := tx.ExecContext(ctx, "SET SESSION foreign_key_checks = 1"); err != nil {
		return fmt.Errorf("seeder: restore checks: %w", err)
	}
	progress(Event{Phase: PhaseReset, Done: total, Total: total})
	return nil
}

// isEmpty reports whether table has no rows, with a plain consistent read.
//
// An empty table is not DELETEd from: a DELETE (or any lock) by the
// transaction makes MariaDB skip its bulk-insert path for a table that is
// empty when the transaction first inserts into it (the whole seed of
// 3,200,005 rows measured 12.3 s instead of 9.9 s). The read takes no lock,
// so another session could insert between this check and the load; its row
// then either collides with a generated id (the load fails and everything
// rolls back) or stays, as if inserted just after the COMMIT. Either way
// the reseed is still all or nothing.
func isEmpty(ctx context.Context, tx *sql.Tx, table string) (bool, error) {
	query, args, err := sq.Select("1").From(quoteIdent(table)).Limit(1).ToSql()
	if err != nil {
		return false, fmt.Errorf("seeder: build query: %w", err)
	}
	var one int
	switch err := tx.QueryRowContext(ctx, query, args...).Scan(&one); {
	case errors.Is(err, sql.ErrNoRows):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("seeder: read %s: %w", table, hintMissing(err))
	}
	return false, nil
}

// restartAutoIncrement sets each table's AUTO_INCREMENT to one past its
// largest id: 1 for an empty table, N+1 after a seed of N rows (explicit ids
// do not lower the counter, so without this the next application insert
// after reseeding a smaller dataset would continue from the old maximum).
//
// InnoDB clamps a lower value to MAX(id)+1 by itself, but the embedded
// engine takes the value as given, so the maximum is read first. Each ALTER
// commits implicitly, which is why this runs after the data's COMMIT; a
// short lock wait keeps it from queueing forever behind another session's
// open transaction on the table.
//
// It runs on a context of its own, detached from ctx's cancellation and
// bounded by postCommitTimeout: after COMMIT, stopping midway gains
// nothing (the data is already replaced) and only leaves counters behind.
//
// TiDB hands out AUTO_INCREMENT values from cached ranges and keeps a
// counter above the ids it gave out: it lowers the counter only with
// FORCE, and its DDL takes seconds, so it gets FORCE and more time.
//
// The next id of each table is what the transaction just wrote (ids 1 to
// the table's row count of o; 1 everywhere after a reset, o nil), not a
// MAX(id) read: on TiDB the first read of a table after a commit of
// millions of rows resolves their locks and took 40 s of a 127 s seed. A
// row inserted by someone else since COMMIT is no more at risk than with
// a read (which it could follow just as well): MariaDB, MySQL and the
// embedded engine never set the counter below the table's largest id.
func restartAutoIncrement(ctx context.Context, conn *sql.Conn, flavor store.Flavor, tables tableSet, o *Options) error {
	timeout, force := postCommitTimeout, ""
	if flavor.Kind == store.FlavorTiDB {
		timeout, force = tidbPostCommitTimeout, "FORCE "
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if _, err := conn.ExecContext(ctx, "SET SESSION lock_wait_timeout = 10"); err != nil {
		return fmt.Errorf("restarting AUTO_INCREMENT failed: %w", err)
	}
	for _, t := range tables {
		if t.noAutoIncrement {
			continue
		}
		next := int64(1)
		if o != nil {
			next = t.rows(*o) + 1
		}
		// DDL takes no placeholders; next is an integer.
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s %sAUTO_INCREMENT = %d", quoteIdent(t.name), force, next)); err != nil {
			return fmt.Errorf("restarting AUTO_INCREMENT of %s failed: %w", t.name, err)
		}
	}
	return nil
}

// hintMissing adds the way out to "table doesn't exist" (1146).
func hintMissing(err error) error {
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1146 {
		return fmt.Errorf("%w (run 'demobots-tui push' to create the schema)", err)
	}
	return err
}
