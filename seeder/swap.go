package seeder

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// The swap path: how a seed too large for one TiDB transaction stays
// atomic for its readers. The rows go into shadow tables (newPrefix +
// name, with the same definition and the same constraint names: TiDB's
// foreign key names are unique per table, not per database), batch by
// batch, each batch committed on its own; one RENAME TABLE then puts every
// shadow in place of its table at once, and the old tables are dropped.
// A reader sees all the old data until the RENAME and all the new after
// it. A process killed before the RENAME leaves shadows and the old data;
// one killed after it leaves old tables beside the new data: either way
// the next swap drops the leftovers first.
//
// Only TiDB takes it, and only when the one-transaction seed was refused
// for its size: on MariaDB and MySQL constraint names are unique per
// database, so shadows beside the tables could not carry the real names.
// MariaDB puts its shadows in a database of their own instead, to spare a
// reseed over many rows the transactional DELETE (swap_aux.go).
const (
	newPrefix = "_demobots_new_"
	oldPrefix = "_demobots_old_"
)

// forceSwap makes every seed on TiDB take the swap path: the tests' way
// to run it on a server whose limits the test data fits.
var forceSwap bool

// swapChunk is how many rows each committed batch of the swap path holds;
// tests lower it.
var swapChunk = insertBatch

// execer runs a statement: a connection or a pool.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// reAutoIncrement is the table option SHOW CREATE TABLE adds; the shadow
// starts without it, and the restart after the swap sets it.
var reAutoIncrement = regexp.MustCompile(`\s+AUTO_INCREMENT=\d+`)

// swapSeed loads o's dataset through shadow tables and swaps them in. The
// seed's own connection conn is in autocommit mode; its session variables
// are changed.
func swapSeed(ctx context.Context, st *store.Store, conn *sql.Conn, tables tableSet, o Options, emit func(Event)) (Stats, error) {
	refs, err := outsideReferences(ctx, conn, st.Database(), tables)
	if err != nil {
		return Stats{}, err
	}
	if len(refs) > 0 {
		r := refs[0]
		return Stats{}, fmt.Errorf("seeder: %w: the data does not fit one transaction, and it cannot be swapped in either: %s.%s references the demobots tables through %s, which would follow the old tables (drop or change that key, or raise the server's transaction limits)",
			ErrOutsideReferences, quoteIdent(r.schema), quoteIdent(r.table), quoteIdent(r.name))
	}
	// One swap at a time per database: each drops the leftovers it finds
	// first, which would be another's shadows. The server frees the lock
	// when conn ends.
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", swapLock(st.Database())).Scan(&got); err != nil {
		return Stats{}, fmt.Errorf("seeder: take the swap lock: %w", err)
	}
	if got.Int64 != 1 {
		return Stats{}, fmt.Errorf("seeder: another seed or reset is swapping tables into %s; try again when it is done", quoteIdent(st.Database()))
	}
	if err := dropSwapLeftovers(ctx, conn, tables); err != nil {
		return Stats{}, err
	}
	// Until the RENAME, every way out drops the shadows again.
	swapped := false
	defer func() {
		if !swapped {
			cleanUpSwap(ctx, st, tables)
		}
	}()
	for _, t := range tables {
		if err := createShadow(ctx, conn, t.name, tables); err != nil {
			return Stats{}, err
		}
	}
	// As in the transactional path, the generator guarantees integrity by
	// construction; the checks would only slow the load down.
	if _, err := conn.ExecContext(ctx, "SET SESSION foreign_key_checks = 0"); err != nil {
		return Stats{}, fmt.Errorf("seeder: relax checks for the load: %w", err)
	}
	stats := Stats{Rows: map[string]int64{}, Method: LoadInsert, Swapped: true}
	for _, t := range tables {
		total := t.rows(o)
		emit(Event{Phase: PhaseLoad, Table: t.name, Total: total})
		shadow := t
		shadow.name = newPrefix + t.name
		n, err := loadInsert(ctx, conn, shadow, o, swapChunk, throttle(emit, t.name, total))
		if err != nil {
			return Stats{}, fmt.Errorf("%w (into a shadow table; the previous data is untouched)", err)
		}
		stats.Rows[t.name] = n
		emit(Event{Phase: PhaseLoad, Table: t.name, Done: n, Total: total})
	}
	if err := runAfter(ctx, conn, tables, func(name string) string { return newPrefix + name }); err != nil {
		return Stats{}, fmt.Errorf("%w (on a shadow table; the previous data is untouched)", err)
	}
	if _, err := conn.ExecContext(ctx, "SET SESSION foreign_key_checks = 1"); err != nil {
		return Stats{}, fmt.Errorf("seeder: restore checks: %w", err)
	}
	// The RENAME is the swap's COMMIT: once the rows are in, a Ctrl-C no
	// longer stops it (as with COMMIT, stopping would gain nothing), and a
	// connection that breaks during it leaves the outcome unknown.
	emit(Event{Phase: PhaseCommit, Total: 1})
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tidbPostCommitTimeout)
	defer cancel()
	if _, err := conn.ExecContext(ctx, renameSQL(tables)); err != nil {
		// A broken connection may have swapped: leave the tables for the
		// next swap to sort out.
		swapped = store.IsConnError(err)
		return Stats{}, commitError("swap the new tables in", err)
	}
	swapped = true
	emit(Event{Phase: PhaseCommit, Done: 1, Total: 1})
	if err := dropSwapLeftovers(ctx, conn, tables); err != nil {
		return stats, fmt.Errorf("seeder: %w, but %w", ErrCommitted, err)
	}
	return stats, nil
}

// swapLock names the server lock of database's swaps (at most 64
// characters, as GET_LOCK requires).
func swapLock(database string) string {
	sum := sha256.Sum256([]byte(database))
	return "demobots_swap_" + hex.EncodeToString(sum[:16])
}

// renameSQL swaps every shadow in with one statement. Children go first
// in each half: TiDB v8.4 lost a child table renamed after its parent in
// the same statement (seen here; children first it keeps every table and
// points the foreign keys at the right tables).
func renameSQL(tables tableSet) string {
	var parts []string
	for i := len(tables) - 1; i >= 0; i-- {
		name := tables[i].name
		parts = append(parts, quoteIdent(name)+" TO "+quoteIdent(oldPrefix+name))
	}
	for i := len(tables) - 1; i >= 0; i-- {
		name := tables[i].name
		parts = append(parts, quoteIdent(newPrefix+name)+" TO "+quoteIdent(name))
	}
	return "RENAME TABLE " + strings.Join(parts, ", ")
}

// createShadow creates newPrefix+table with table's own definition, its
// references to other dataset tables pointed at their shadows.
func createShadow(ctx context.Context, conn *sql.Conn, table string, tables tableSet) error {
	var name, ddl string
	if err := conn.QueryRowContext(ctx, "SHOW CREATE TABLE "+quoteIdent(table)).Scan(&name, &ddl); err != nil {
		return fmt.Errorf("seeder: read the definition of %s: %w", table, err)
	}
	head := "CREATE TABLE " + quoteIdent(table) + " ("
	if !strings.HasPrefix(ddl, head) {
		return fmt.Errorf("seeder: unexpected definition of %s: %.60q", table, ddl)
	}
	ddl = "CREATE TABLE " + quoteIdent(newPrefix+table) + " (" + strings.TrimPrefix(ddl, head)
	for _, t := range tables {
		ddl = strings.ReplaceAll(ddl, "REFERENCES "+quoteIdent(t.name)+" (", "REFERENCES "+quoteIdent(newPrefix+t.name)+" (")
	}
	ddl = reAutoIncrement.ReplaceAllString(ddl, "")
	if _, err := conn.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("seeder: create the shadow of %s: %w", table, err)
	}
	return nil
}

// cleanUpSwap drops the shadows of a swap that failed or was cancelled, on
// a connection of the store's pool (the swap's own may be the one that
// broke, or was closed by the cancellation), whatever ctx says. What it
// cannot drop, the next swap drops first.
func cleanUpSwap(ctx context.Context, st *store.Store, tables tableSet) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), dropTimeout)
	defer cancel()
	_ = dropSwapLeftovers(ctx, st.DB(), tables)
}

// dropSwapLeftovers drops the shadow and old tables a swap leaves (or an
// interrupted one left), children first.
func dropSwapLeftovers(ctx context.Context, conn execer, tables tableSet) error {
	var errs []error
	for _, prefix := range []string{oldPrefix, newPrefix} {
		for i := len(tables) - 1; i >= 0; i-- {
			name := prefix + tables[i].name
			if _, err := conn.ExecContext(ctx, "DROP TABLE IF EXISTS "+quoteIdent(name)); err != nil {
				errs = append(errs, fmt.Errorf("drop %s: %w", name, err))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("removing the swap's leftover tables failed (drop them by hand): %w", err)
	}
	return nil
}
