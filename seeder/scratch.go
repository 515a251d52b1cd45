package seeder

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/store"
)

// Scratch databases are named scratchPrefix + Unix time + "_" + random
// hex (36 characters). Each lives under a named server lock of the same
// name (GET_LOCK), held on a connection of its own from before CREATE
// DATABASE until after DROP DATABASE. The server frees the lock when that
// connection ends, however it ends: a scratch database whose lock is free
// belongs to no running push (its process was killed, or the server or
// the connection went down while it planned), and every push drops those.
const (
	scratchPrefix = "demobots_scratch_"
	dropTimeout   = 30 * time.Second
)

// scratchGrant is the GRANT that lets an account create, use and drop
// push's scratch databases, and nothing else.
const scratchGrant = "GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW, SELECT ON `demobots\\_scratch\\_%`.* TO "

// ErrScratchPrivilege is wrapped by PlanPush's error when the account may
// not create push's scratch database. The message names the GRANT that
// allows it.
var ErrScratchPrivilege = errors.New("the account may not create push's scratch database")

// scratchCreated is called with the name of each scratch database created;
// tests replace it to check that it is dropped.
var scratchCreated = func(string) {}

// scratchDB is a temporary database holding the desired schema.
type scratchDB struct {
	name  string
	lock  *sql.Conn // holds the named lock; creates and drops the database
	admin *sql.DB   // the store's pool: a way to drop it if lock broke
	db    *sql.DB   // a pool that selects the scratch database
}

// newScratch takes a lock, drops the scratch databases whose lock is free
// (their names are returned) and creates an empty scratch database with
// the character set and collation of st's database, so that table
// defaults compare equal.
func newScratch(ctx context.Context, st *store.Store) (_ *scratchDB, dropped []string, err error) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	s := &scratchDB{
		name:  fmt.Sprintf("%s%d_%s", scratchPrefix, time.Now().Unix(), hex.EncodeToString(b[:])),
		admin: st.DB(),
	}
	s.lock, err = st.DB().Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("seeder: connect for the scratch database: %w", err)
	}
	var got sql.NullInt64
	if err := s.lock.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", s.name).Scan(&got); err != nil || got.Int64 != 1 {
		discard(s.lock)
		if err == nil {
			err = fmt.Errorf("the server answered %v", got)
		}
		return nil, nil, fmt.Errorf("seeder: take the lock of scratch database %s: %w", s.name, err)
	}
	dropped = dropStale(ctx, s.lock, s.name)
	charset, collation, err := databaseDefaults(ctx, st.DB(), st.Database())
	if err != nil {
		discard(s.lock)
		return nil, dropped, err
	}
	ddl := "CREATE DATABASE " + quoteIdent(s.name)
	if charset != "" {
		ddl += " CHARACTER SET " + charset
	}
	if collation != "" {
		ddl += " COLLATE " + collation
	}
	if _, err := s.lock.ExecContext(ctx, ddl); err != nil {
		// The server may have created it all the same: the answer can be
		// lost to a cancelled ctx or a broken connection. drop runs on a
		// fresh, bounded context and is harmless if it does not exist.
		_ = s.drop()
		if denied(err) {
			return nil, dropped, scratchPrivilegeError(ctx, st, err)
		}
		return nil, dropped, fmt.Errorf("seeder: create the scratch database for planning: %w", err)
	}
	scratchCreated(s.name)
	cfg := st.Config()
	cfg.DBName = s.name
	// One statement per call, whatever the URL asks: a statement the
	// schema check passed must never carry a second one.
	cfg.MultiStatements = false
	connector, err := st.Connector(cfg)
	if err != nil {
		_ = s.drop()
		return nil, dropped, fmt.Errorf("seeder: scratch database: %w", err)
	}
	s.db = sql.OpenDB(connector)
	// Statements run in order on a session whose current database is the
	// scratch one (which an unqualified REFERENCES t(id) needs on the
	// embedded engine).
	s.db.SetMaxOpenConns(1)
	return s, dropped, nil
}

// drop removes the scratch database, then ends the lock's session (which
// frees the lock). It runs on a fresh context: it must happen even when
// the caller's context was cancelled (Ctrl-C).
func (s *scratchDB) drop() error {
	if s.db != nil {
		s.db.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), dropTimeout)
	defer cancel()
	ddl := "DROP DATABASE IF EXISTS " + quoteIdent(s.name)
	_, err := s.lock.ExecContext(ctx, ddl)
	discard(s.lock)
	if err != nil {
		// The lock's connection broke; the lock is free, and a pooled
		// connection can still drop it.
		if _, err2 := s.admin.ExecContext(ctx, ddl); err2 == nil {
			return nil
		}
		return fmt.Errorf("seeder: drop scratch database %s (the next push drops it): %w", s.name, err)
	}
	return nil
}

// apply runs the statements of d, in order, on one session of the scratch
// database.
func (s *scratchDB) apply(ctx context.Context, d *DesiredSchema) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("seeder: connect to the scratch database: %w", err)
	}
	defer conn.Close()
	if err := parserSQLMode(ctx, conn); err != nil {
		return err
	}
	for _, st := range d.stmts {
		if _, err := conn.ExecContext(ctx, st.sql); err != nil {
			return fmt.Errorf("seeder: %s:%d (%s): %w", d.File, st.line, excerpt(st.sql), err)
		}
	}
	return nil
}

// lexicalModes are the SQL modes that change how the server reads text:
// with them, a string or a name would end elsewhere than where the schema
// check's parser saw it end (ANSI_QUOTES makes "x" a name,
// NO_BACKSLASH_ESCAPES ends 'a\' early), and ORACLE and the other
// compatibility modes switch grammars.
var lexicalModes = []string{"ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "ANSI", "ORACLE", "MSSQL", "DB2", "POSTGRESQL", "MAXDB"}

// parserSQLMode removes lexicalModes from conn's sql_mode, keeping the
// rest (strictness and the like), so that the server reads the schema's
// statements as the check read them.
func parserSQLMode(ctx context.Context, conn *sql.Conn) error {
	var mode string
	if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.sql_mode").Scan(&mode); err != nil {
		return fmt.Errorf("seeder: read the scratch session's sql_mode: %w", err)
	}
	modes := strings.Split(mode, ",")
	kept := slices.DeleteFunc(slices.Clone(modes), func(m string) bool {
		return slices.Contains(lexicalModes, strings.ToUpper(strings.TrimSpace(m)))
	})
	if len(kept) == len(modes) {
		return nil
	}
	if _, err := conn.ExecContext(ctx, "SET SESSION sql_mode = ?", strings.Join(kept, ",")); err != nil {
		return fmt.Errorf("seeder: set the scratch session's sql_mode: %w", err)
	}
	return nil
}

// databaseDefaults reads the default character set and collation of db.
func databaseDefaults(ctx context.Context, q *sql.DB, db string) (charset, collation string, err error) {
	query, args, err := sq.Select("DEFAULT_CHARACTER_SET_NAME", "DEFAULT_COLLATION_NAME").
		From("information_schema.SCHEMATA").Where(sq.Eq{"SCHEMA_NAME": db}).ToSql()
	if err != nil {
		return "", "", fmt.Errorf("seeder: build query: %w", err)
	}
	if err := q.QueryRowContext(ctx, query, args...).Scan(&charset, &collation); err != nil {
		return "", "", fmt.Errorf("seeder: read the defaults of database %s: %w", db, err)
	}
	// They go into DDL unquoted: accept only plain names.
	if !plainName.MatchString(charset) || !plainName.MatchString(collation) {
		return "", "", nil
	}
	return charset, collation, nil
}

var plainName = regexp.MustCompile(`^[A-Za-z0-9_]*$`)

// dropStale drops every scratch database but own whose lock is free, and
// returns their names. It runs on conn, the session holding own's lock.
// Errors are ignored: it is housekeeping, and the next push tries again.
func dropStale(ctx context.Context, conn *sql.Conn, own string) []string {
	query, args, err := sq.Select("SCHEMA_NAME").From("information_schema.SCHEMATA").
		Where(sq.Like{"SCHEMA_NAME": strings.ReplaceAll(scratchPrefix, "_", `\_`) + "%"}).
		OrderBy("SCHEMA_NAME").ToSql()
	if err != nil {
		return nil
	}
	names, err := store.QueryRows(ctx, conn, query, args, func(rows *sql.Rows) (string, error) {
		var name string
		return name, rows.Scan(&name)
	})
	if err != nil {
		return nil
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == own })
	var dropped []string
	for _, name := range names {
		// A running push takes its lock before it creates its database
		// and frees it after dropping it, and names are never reused: a
		// lock this connection can take means nobody will use this
		// database again. Taking it, rather than asking IS_FREE_LOCK,
		// keeps it ours until the database is gone: two pushes sweeping
		// at once never both drop the same one.
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil || got.Int64 != 1 {
			continue
		}
		if _, err := conn.ExecContext(ctx, "DROP DATABASE "+quoteIdent(name)); err == nil {
			dropped = append(dropped, name)
		}
		var released sql.NullInt64
		_ = conn.QueryRowContext(ctx, "SELECT RELEASE_LOCK(?)", name).Scan(&released)
	}
	return dropped
}

// denied reports whether err is the server refusing a privilege.
func denied(err error) bool {
	return errors.Is(store.WrapError(err, nil), store.ErrAccessDenied)
}

// scratchPrivilegeError explains what an account that may not create the
// scratch database needs, with the GRANT to run.
func scratchPrivilegeError(ctx context.Context, st *store.Store, cause error) error {
	account := "the account of the database URL"
	grantee := "'user'@'host'"
	var current string
	if err := st.DB().QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&current); err == nil {
		if i := strings.LastIndex(current, "@"); i >= 0 {
			grantee = quoteString(current[:i]) + "@" + quoteString(current[i+1:])
			account = grantee
		}
	}
	return fmt.Errorf("seeder: %w: push plans each change in a scratch database of its own (named %s…, dropped after planning), and %s may not create one; "+
		"an administrator can allow exactly that with\n  %s%s;\n(seed and reset need no such privilege): %w",
		ErrScratchPrivilege, scratchPrefix, account, scratchGrant, grantee, cause)
}

// quoteString writes s as an SQL string literal.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
}
