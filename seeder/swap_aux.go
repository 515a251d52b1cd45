package seeder

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/store"
)

// The auxiliary-database swap: how a reseed or reset over many rows on
// MariaDB stays atomic without the transactional DELETE, which took 13 of
// the 34 seconds of a reseed over 3,200,005 rows.
//
// The shadows cannot live beside the live tables as on TiDB (swap.go):
// InnoDB's foreign-key names are unique per database, and push compares
// them with schema.sql's. So the swap creates an auxiliary database
// (auxDatabases: "_demobots_swap_<hash of the target's name>_new", with
// the target's default character set and collation) and in it one shadow
// per table from the live table's SHOW CREATE TABLE, with the same index
// and constraint names; references among the tables point inside the
// auxiliary database, other references at the target. The shadows are
// loaded as a seed into empty tables is (LOAD DATA LOCAL INFILE, checks
// off, each table in a transaction of its own: no reader sees them).
// Then ONE statement,
//
//	RENAME TABLE db.scores TO old.scores, …, db.users TO old.users,
//	             new.scores TO db.scores, …, new.users TO db.users
//
// moves every live table out to "…_old" and every shadow in, and DROP
// DATABASE removes the old tables. On MariaDB 10.11 (checked by hand and
// by the tests, reading information_schema) InnoDB carries the constraint
// names along with each table, points every foreign key at the table now
// holding its referenced name, and enforces them; push then says "No
// changes". Since 10.6 a RENAME is atomic DDL, crash-safe through the DDL
// log: a reader (or a server restarted after a crash) sees all the old
// tables or all the new, never a mix; a reader's open transaction that
// has read a table holds its metadata lock, and the RENAME waits for it.
//
// Interrupted before the RENAME (an error, Ctrl-C), the auxiliary database
// is dropped and the live tables were never touched; a process killed
// before it leaves "…_new" beside the old data, one killed after it leaves
// "…_old" beside the new. The next seed or reset of the database drops
// either first, under the same server lock as TiDB's swap (swapLock). Once
// the rows are in, Ctrl-C no longer stops the RENAME, as with a COMMIT.
//
// It is taken only where it is both sound and worth it (useAuxSwap):
// MariaDB 10.6 or later (MySQL 8 should behave alike but is not tested
// here, so it keeps the transactional path), no trigger on the tables (a
// RENAME across databases refuses them: error 1435), no foreign key from
// outside the tables into them (it would follow the old tables), and at
// least auxSwapMinRows rows to replace; else, and when the account may
// not create the auxiliary database, the seed runs in one transaction as
// before. Like TiDB's swap, writes other sessions make to the tables while
// the shadows load go with the old tables.
const auxSwapPrefix = "_demobots_swap_"

// auxSwapMinRows is the estimated row count of the tables (the catalog's
// TABLE_ROWS, within a few per cent of COUNT(*) after a seed) from which a
// reseed or reset takes the auxiliary-database swap. Measured on MariaDB
// 10.11 (the CLI's reseed, medians of 3, a shared 2-core machine): over
// 9,605 rows the swap's DDL made it 0.65 s against 0.57 s in one
// transaction, over 32,005 both took 0.79 s, over 96,005 the swap won
// (1.04 s against 1.40 s; reset 0.63 s against 0.94 s) and over 320,005
// it halved the time (1.66 s against 3.21 s). Tests lower it.
var auxSwapMinRows int64 = 50_000

// reReferences is an unqualified table name after REFERENCES in SHOW
// CREATE TABLE (a reference into another database reads
// "REFERENCES `db`.`table` (").
var reReferences = regexp.MustCompile("REFERENCES `(?:[^`]|``)+` \\(")

// auxRenameLockWait bounds, in seconds, how long the RENAME waits for
// other sessions' metadata locks: refused after it (nothing changed)
// rather than cut off by the client's timeout, which would leave the
// outcome unknown.
const auxRenameLockWait = 60

// auxSwap is a swap under way: its lock is held on conn and its
// auxiliary database created.
type auxSwap struct {
	st         *store.Store
	conn       *sql.Conn
	tables     tableSet
	target     string
	fresh, old string // the auxiliary databases: the shadows', the old tables'
}

// auxDatabases names the auxiliary databases of database's swap: at most
// 36 characters whatever its length, and distinct per database.
func auxDatabases(database string) (fresh, old string) {
	sum := sha256.Sum256([]byte(database))
	base := auxSwapPrefix + hex.EncodeToString(sum[:8])
	return base + "_new", base + "_old"
}

// startAuxSwapIfPays starts the auxiliary-database swap of tables when
// useAuxSwap says it pays (see startAuxSwap). A nil swap and no error mean
// the transactional path.
func startAuxSwapIfPays(ctx context.Context, st *store.Store, conn *sql.Conn, tables tableSet) (*auxSwap, error) {
	if !useAuxSwap(ctx, st, conn, tables) {
		return nil, nil
	}
	return startAuxSwap(ctx, st, conn, tables)
}

// useAuxSwap reports whether a reseed or reset of tables should go
// through the auxiliary-database swap: on MariaDB 10.6 or later, tables
// without triggers that no outside foreign key references, holding at
// least auxSwapMinRows rows (or with a leftover of a killed swap to clean
// up). Any doubt, a failed query included, says no: the transactional
// path is always correct.
func useAuxSwap(ctx context.Context, st *store.Store, conn *sql.Conn, tables tableSet) bool {
	if !atomicRename(st.Flavor()) || len(tables) == 0 {
		return false
	}
	database := st.Database()
	names := tables.names()
	var rows, triggers, leftovers sql.NullInt64
	query, args, err := sq.Select().
		Column(sq.Alias(sq.Select("SUM(TABLE_ROWS)").From("information_schema.TABLES").
			Where(sq.Eq{"TABLE_SCHEMA": database, "TABLE_NAME": names}), "table_rows")).
		Column(sq.Alias(sq.Select("COUNT(*)").From("information_schema.TRIGGERS").
			Where(sq.Eq{"EVENT_OBJECT_SCHEMA": database, "EVENT_OBJECT_TABLE": names}), "triggers")).
		Column(sq.Alias(sq.Select("COUNT(*)").From("information_schema.SCHEMATA").
			Where(sq.Eq{"SCHEMA_NAME": auxNames(database)}), "leftovers")).ToSql()
	if err != nil {
		return false
	}
	if err := conn.QueryRowContext(ctx, query, args...).Scan(&rows, &triggers, &leftovers); err != nil {
		return false
	}
	if triggers.Int64 > 0 || rows.Int64 < auxSwapMinRows && leftovers.Int64 == 0 {
		return false
	}
	refs, err := outsideReferences(ctx, conn, database, tables)
	return err == nil && len(refs) == 0
}

// auxNames lists both auxiliary databases of database.
func auxNames(database string) []string {
	fresh, old := auxDatabases(database)
	return []string{fresh, old}
}

// atomicRename reports whether f's RENAME TABLE of many tables is atomic
// DDL, and moves InnoDB foreign-key names between databases as verified
// here: MariaDB from 10.6.
func atomicRename(f store.Flavor) bool {
	if f.Kind != store.FlavorMariaDB {
		return false
	}
	major, minor, _ := strings.Cut(f.Version, ".")
	minor, _, _ = strings.Cut(minor, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	return err1 == nil && err2 == nil && (ma > 10 || ma == 10 && mi >= 6)
}

// startAuxSwap takes the database's swap lock on conn, drops what an
// interrupted swap left and creates the empty auxiliary databases. It
// returns nil, nil when the account may not create them: the caller then
// takes the transactional path, nothing having changed.
func startAuxSwap(ctx context.Context, st *store.Store, conn *sql.Conn, tables tableSet) (*auxSwap, error) {
	database := st.Database()
	fresh, old := auxDatabases(database)
	s := &auxSwap{st: st, conn: conn, tables: tables, target: database, fresh: fresh, old: old}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", swapLock(database)).Scan(&got); err != nil {
		return nil, fmt.Errorf("seeder: take the swap lock: %w", err)
	}
	if got.Int64 != 1 {
		return nil, fmt.Errorf("seeder: another seed or reset is swapping tables into %s; try again when it is done", quoteIdent(database))
	}
	if err := s.dropAux(ctx, conn); err != nil {
		// MariaDB checks the privilege before it looks for the database.
		if s.denied(err) {
			_, _ = conn.ExecContext(ctx, "DO RELEASE_LOCK(?)", swapLock(database))
			return nil, nil
		}
		return nil, err
	}
	var charset, collation string
	if err := conn.QueryRowContext(ctx, "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", database).Scan(&charset, &collation); err != nil {
		return nil, fmt.Errorf("seeder: read the character set of %s: %w", quoteIdent(database), err)
	}
	for _, db := range []string{fresh, old} {
		// The names come from the catalog; DDL takes no placeholders.
		ddl := fmt.Sprintf("CREATE DATABASE %s CHARACTER SET %s COLLATE %s", quoteIdent(db), quoteIdent(charset), quoteIdent(collation))
		if _, err := conn.ExecContext(ctx, ddl); err != nil {
			if s.denied(err) {
				s.cleanUp(ctx)
				_, _ = conn.ExecContext(ctx, "DO RELEASE_LOCK(?)", swapLock(database))
				return nil, nil
			}
			s.cleanUp(ctx)
			return nil, fmt.Errorf("seeder: create the swap's database %s: %w", quoteIdent(db), err)
		}
	}
	return s, nil
}

// denied reports whether err is the server refusing the account a
// privilege.
func (s *auxSwap) denied(err error) bool {
	return errors.Is(store.WrapError(err, s.st.Config()), store.ErrAccessDenied)
}

// run fills the shadows with o's dataset (none for a reset, o nil) and
// swaps them in. The session of conn is changed (its default database,
// its checks); on success it selects the target database again, ready
// for restartAutoIncrement.
func (s *auxSwap) run(ctx context.Context, o *Options, method LoadMethod, emit func(Event)) (Stats, error) {
	// Until the RENAME, every way out drops the shadows again.
	swapped := false
	defer func() {
		if !swapped {
			s.cleanUp(ctx)
		}
	}()
	// With the auxiliary database selected, the loads and the after steps
	// name the shadows by their tables' own names.
	if _, err := s.conn.ExecContext(ctx, "USE "+quoteIdent(s.fresh)); err != nil {
		return Stats{}, fmt.Errorf("seeder: select the swap's database: %w", err)
	}
	for _, t := range s.tables {
		if err := s.createShadow(ctx, t.name); err != nil {
			return Stats{}, err
		}
	}
	stats := Stats{Rows: map[string]int64{}, Method: method}
	if o != nil {
		var err error
		if stats, err = s.load(ctx, *o, method, emit); err != nil {
			return Stats{}, fmt.Errorf("%w (into a shadow table; the previous data is untouched)", err)
		}
	}

	// The RENAME is the swap's COMMIT (see swap.go's).
	emit(Event{Phase: PhaseCommit, Total: 1})
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auxRenameLockWait*time.Second+postCommitTimeout)
	defer cancel()
	if _, err := s.conn.ExecContext(ctx, fmt.Sprintf("SET SESSION lock_wait_timeout = %d", auxRenameLockWait)); err != nil {
		return Stats{}, fmt.Errorf("seeder: set the lock wait of the swap: %w", err)
	}
	if _, err := s.conn.ExecContext(ctx, s.renameSQL()); err != nil {
		// A broken connection may have swapped: leave both databases for
		// the next swap to drop.
		swapped = store.IsConnError(err)
		return Stats{}, commitError("swap the new tables in", err)
	}
	swapped = true
	stats.Swapped = true
	emit(Event{Phase: PhaseCommit, Done: 1, Total: 1})
	if _, err := s.conn.ExecContext(ctx, "USE "+quoteIdent(s.target)); err != nil {
		return stats, fmt.Errorf("seeder: %w, but select %s again: %w", ErrCommitted, quoteIdent(s.target), err)
	}
	if err := s.dropAux(ctx, s.conn); err != nil {
		return stats, fmt.Errorf("seeder: %w, but %w", ErrCommitted, err)
	}
	_, _ = s.conn.ExecContext(ctx, "DO RELEASE_LOCK(?)", swapLock(s.target))
	return stats, nil
}

// load generates o's rows into the shadows, each table in a transaction
// of its own, with the checks off as in seedInTx (and for its reasons).
func (s *auxSwap) load(ctx context.Context, o Options, method LoadMethod, emit func(Event)) (Stats, error) {
	stats := Stats{Rows: map[string]int64{}, Method: method}
	if _, err := s.conn.ExecContext(ctx, "SET SESSION foreign_key_checks = 0, unique_checks = 0"); err != nil {
		return Stats{}, fmt.Errorf("seeder: relax checks for the load: %w", err)
	}
	for i, t := range s.tables {
		total := t.rows(o)
		emit(Event{Phase: PhaseLoad, Table: t.name, Total: total})
		n, err := s.loadShadow(ctx, t, o, method, throttle(emit, t.name, total))
		if err != nil && i == 0 && method == LoadInfile && infileRefused(err) {
			// As in seedInTx: the statement says no where the global said
			// yes; insert instead, for this and every table.
			method, stats.Method = LoadInsert, LoadInsert
			n, err = s.loadShadow(ctx, t, o, method, throttle(emit, t.name, total))
		}
		if err != nil {
			return Stats{}, err
		}
		stats.Rows[t.name] = n
		emit(Event{Phase: PhaseLoad, Table: t.name, Done: n, Total: total})
	}
	// The shadows carry the tables' names in the selected database.
	if err := runAfter(ctx, s.conn, s.tables, func(name string) string { return name }); err != nil {
		return Stats{}, err
	}
	if _, err := s.conn.ExecContext(ctx, "SET SESSION foreign_key_checks = 1, unique_checks = 1"); err != nil {
		return Stats{}, fmt.Errorf("seeder: restore checks: %w", err)
	}
	return stats, nil
}

// loadShadow loads t's rows into its shadow in one transaction.
func (s *auxSwap) loadShadow(ctx context.Context, t tableSpec, o Options, method LoadMethod, onRow func(int64)) (int64, error) {
	tx, err := s.conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("seeder: begin transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	n, err := loadTable(ctx, tx, t, o, method, onRow)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("seeder: commit %s: %w", t.name, err)
	}
	return n, nil
}

// createShadow creates table's shadow in the selected auxiliary database
// from the live table's definition, with the same names. References to
// the swapped tables stay unqualified, so that they resolve to the
// shadows; references to other tables are qualified with the target
// database, where those tables stay.
func (s *auxSwap) createShadow(ctx context.Context, table string) error {
	var name, ddl string
	if err := s.conn.QueryRowContext(ctx, "SHOW CREATE TABLE "+quoteIdent(s.target)+"."+quoteIdent(table)).Scan(&name, &ddl); err != nil {
		return fmt.Errorf("seeder: read the definition of %s: %w", table, err)
	}
	if !strings.HasPrefix(ddl, "CREATE TABLE "+quoteIdent(table)+" (") {
		return fmt.Errorf("seeder: unexpected definition of %s: %.60q", table, ddl)
	}
	ddl = reAutoIncrement.ReplaceAllString(ddl, "")
	ddl = reReferences.ReplaceAllStringFunc(ddl, func(ref string) string {
		quoted := strings.TrimSuffix(strings.TrimPrefix(ref, "REFERENCES "), " (")
		for _, t := range s.tables {
			if quoted == quoteIdent(t.name) {
				return ref
			}
		}
		return "REFERENCES " + quoteIdent(s.target) + "." + quoted + " ("
	})
	if _, err := s.conn.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("seeder: create the shadow of %s: %w", table, err)
	}
	return nil
}

// renameSQL moves every live table to the old database and every shadow
// into the target, in one statement: all out first, since the shadows
// take the names (the constraint names too) that the live tables free.
// Children go first in each half, as on TiDB (renameSQL).
func (s *auxSwap) renameSQL() string {
	var parts []string
	qualified := func(db, table string) string { return quoteIdent(db) + "." + quoteIdent(table) }
	for i := len(s.tables) - 1; i >= 0; i-- {
		name := s.tables[i].name
		parts = append(parts, qualified(s.target, name)+" TO "+qualified(s.old, name))
	}
	for i := len(s.tables) - 1; i >= 0; i-- {
		name := s.tables[i].name
		parts = append(parts, qualified(s.fresh, name)+" TO "+qualified(s.target, name))
	}
	return "RENAME TABLE " + strings.Join(parts, ", ")
}

// dropAux drops both auxiliary databases, if they exist.
func (s *auxSwap) dropAux(ctx context.Context, x execer) error {
	var errs []error
	for _, db := range []string{s.old, s.fresh} {
		if _, err := x.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(db)); err != nil {
			errs = append(errs, fmt.Errorf("drop %s: %w", db, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("removing the swap's databases failed (drop them by hand): %w", err)
	}
	return nil
}

// cleanUp drops the auxiliary databases of a swap that failed or was
// cancelled before its RENAME, whatever ctx says: on the swap's own
// connection, which holds the lock, or when that one broke (a
// cancellation closes it mid-statement) on one of the store's pool. What
// it cannot drop, the next swap drops first.
func (s *auxSwap) cleanUp(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), dropTimeout)
	defer cancel()
	if s.dropAux(ctx, s.conn) != nil {
		_ = s.dropAux(ctx, s.st.DB())
	}
}
