package seeder

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	sq "github.com/Masterminds/squirrel"
	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/store"
)

// Scratch databases are named scratchPrefix + Unix time + "_" + random hex,
// so that leftovers of a killed push (SIGKILL runs no cleanup) can be told
// apart and dropped by a later push once they are old.
const (
	scratchPrefix = "demobots_scratch_"
	scratchMaxAge = time.Hour
	dropTimeout   = 30 * time.Second
)

// scratchCreated is called with the name of each scratch database created;
// tests replace it to check that it is dropped.
var scratchCreated = func(string) {}

// scratchDB is a temporary database holding the desired schema.
type scratchDB struct {
	name  string
	db    *sql.DB // a pool that selects the scratch database
	admin *sql.DB // the store's pool, which creates and drops it
}

// newScratch creates an empty scratch database with the character set and
// collation of st's database (so that table defaults compare equal).
func newScratch(ctx context.Context, st *store.Store) (*scratchDB, error) {
	admin := st.DB()
	dropStale(ctx, admin)
	charset, collation, err := databaseDefaults(ctx, admin, st.Database())
	if err != nil {
		return nil, err
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := fmt.Sprintf("%s%d_%s", scratchPrefix, time.Now().Unix(), hex.EncodeToString(b[:]))
	ddl := "CREATE DATABASE " + quoteIdent(name)
	if charset != "" {
		ddl += " CHARACTER SET " + charset
	}
	if collation != "" {
		ddl += " COLLATE " + collation
	}
	s := &scratchDB{name: name, admin: admin}
	if _, err := admin.ExecContext(ctx, ddl); err != nil {
		// The server may have created it all the same: the answer can be
		// lost to a cancelled ctx or a broken connection. drop runs on a
		// fresh, bounded context and is harmless if it does not exist.
		_ = s.drop()
		return nil, fmt.Errorf("seeder: create the scratch database for planning (the user needs the CREATE privilege): %w", err)
	}
	scratchCreated(name)
	cfg := st.Config()
	cfg.DBName = name
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		s.drop()
		return nil, fmt.Errorf("seeder: scratch database: %w", err)
	}
	s.db = sql.OpenDB(connector)
	// One connection: the statements of the desired schema run in order,
	// on a session whose current database is the scratch one (which an
	// unqualified REFERENCES t(id) needs on the embedded engine).
	s.db.SetMaxOpenConns(1)
	return s, nil
}

// drop removes the scratch database. It runs on a fresh context: it must
// happen even when the caller's context was cancelled (Ctrl-C).
func (s *scratchDB) drop() error {
	if s.db != nil {
		s.db.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), dropTimeout)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(s.name)); err != nil {
		return fmt.Errorf("seeder: drop scratch database %s: %w", s.name, err)
	}
	return nil
}

// apply runs the statements of desired in the scratch database.
func (s *scratchDB) apply(ctx context.Context, desired string) error {
	stmts, err := migrate.Stmts(desired)
	if err != nil {
		return fmt.Errorf("seeder: parse the desired schema: %w", err)
	}
	if len(stmts) == 0 {
		return fmt.Errorf("seeder: the desired schema has no statements")
	}
	for _, st := range stmts {
		line := 1 + strings.Count(desired[:min(st.Pos, len(desired))], "\n")
		if forbidden.MatchString(st.Text) {
			return fmt.Errorf("seeder: desired schema, line %d: only table definitions are allowed, not %q", line, firstWords(st.Text))
		}
		if _, err := s.db.ExecContext(ctx, st.Text); err != nil {
			return fmt.Errorf("seeder: desired schema, line %d (%s): %w", line, firstWords(st.Text), err)
		}
	}
	return nil
}

// forbidden matches statements that would act outside the scratch database.
var forbidden = regexp.MustCompile(`(?i)^\s*(USE\b|(CREATE|DROP|ALTER)\s+(DATABASE|SCHEMA)\b)`)

func firstWords(stmt string) string {
	f := strings.Fields(stmt)
	return strings.Join(f[:min(len(f), 4)], " ")
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

// dropStale drops scratch databases older than scratchMaxAge: leftovers of
// a push that was killed. Errors are ignored; it is housekeeping.
func dropStale(ctx context.Context, q *sql.DB) {
	query, args, err := sq.Select("SCHEMA_NAME").From("information_schema.SCHEMATA").
		Where(sq.Like{"SCHEMA_NAME": strings.ReplaceAll(scratchPrefix, "_", `\_`) + "%"}).ToSql()
	if err != nil {
		return
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		stamp, _, _ := strings.Cut(strings.TrimPrefix(name, scratchPrefix), "_")
		if ts, err := strconv.ParseInt(stamp, 10, 64); err == nil && time.Since(time.Unix(ts, 0)) > scratchMaxAge {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		_, _ = q.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(name))
	}
}
