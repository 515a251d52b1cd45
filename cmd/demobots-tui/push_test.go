package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

func execSQL(t *testing.T, st *store.Store, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "schema.sql")
	if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func hasTable(t *testing.T, st *store.Store, name string) bool {
	t.Helper()
	var n int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", st.Database(), name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// A table of the user's own, with rows and a foreign key into users,
// survives push; push --prune lists it with its rows and drops it only
// once the data loss is accepted.
func TestPushLeavesForeignTableAloneUnlessPruneIsAccepted(t *testing.T) {
	url, st := testURL(t)
	mustRun(t, "push", "--yes", "--database-url", url)
	mustRun(t, "seed", "--yes", "--users", "3", "--database-url", url)
	execSQL(t, st,
		"CREATE TABLE `notes` (`id` int PRIMARY KEY, `user_id` int, KEY `notes_user_idx` (`user_id`), CONSTRAINT `notes_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE)",
		"INSERT INTO `notes` VALUES (1, 1), (2, 2)",
	)
	wider := writeFile(t, strings.Replace(demobots.Schema, "`username` varchar(20) NOT NULL,", "`username` varchar(30) NOT NULL,", 1))
	out := mustRun(t, "push", "--yes", "--schema", wider, "--database-url", url)
	if !strings.Contains(out, "not managed — left alone") || !strings.Contains(out, "table `notes` (2 rows)") || strings.Contains(out, "DROP TABLE") {
		t.Errorf("push output:\n%s", out)
	}
	if n := rowCount(t, st, "notes"); n != 2 {
		t.Fatalf("push left %d notes, want 2", n)
	}

	code, stdout, stderr := runIn(t, "", "push", "--yes", "--prune", "--schema", wider, "--database-url", url)
	if code != 1 || !strings.Contains(stdout, "DROP TABLE `notes`") || !strings.Contains(stdout, "WARNING, DESTRUCTIVE: drops table `notes` and its 2 rows") {
		t.Fatalf("push --prune --yes: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "--accept-data-loss") || !strings.Contains(stderr, "nothing was changed") || !strings.Contains(stderr, "drops table `notes` and its 2 rows") {
		t.Errorf("refusal does not say what it refuses and how to accept: %s", stderr)
	}
	if n := rowCount(t, st, "notes"); n != 2 {
		t.Fatalf("a refused prune left %d notes, want 2", n)
	}
	mustRun(t, "push", "--yes", "--accept-data-loss", "--prune", "--schema", wider, "--database-url", url)
	if hasTable(t, st, "notes") {
		t.Error("an accepted prune kept notes")
	}
	if n := rowCount(t, st, "users"); n != 3 {
		t.Errorf("pruning changed the demobots data: %d users", n)
	}
}

// --yes applies only plans that cannot lose data; a destructive one also
// needs --accept-data-loss, and is otherwise refused with its destructive
// steps listed and nothing changed.
func TestPushDestructivePlanRefusedWithYesAlone(t *testing.T) {
	url, st := testURL(t)
	mustRun(t, "push", "--yes", "--database-url", url)
	mustRun(t, "seed", "--yes", "--database-url", url)
	before := dbChecksum(t, st)
	noDuration := writeFile(t, strings.Replace(demobots.Schema, "  `duration` int NOT NULL COMMENT 'seconds',\n", "", 1))
	code, stdout, stderr := runIn(t, "", "push", "--yes", "--schema", noDuration, "--database-url", url)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"--accept-data-loss", "nothing was changed", "drops column `sessions`.`duration` (60 rows hold a value)"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
	if after := dbChecksum(t, st); after != before {
		t.Fatal("a refused push changed the data")
	}
	// Without a terminal and without --yes, the refusal names both flags.
	if code, _, stderr := runIn(t, "", "push", "--schema", noDuration, "--database-url", url); code != 1 || !strings.Contains(stderr, "--yes --accept-data-loss") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
	mustRun(t, "push", "--yes", "--accept-data-loss", "--schema", noDuration, "--database-url", url)
	var n int
	_ = st.DB().QueryRow("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'sessions' AND COLUMN_NAME = 'duration'", st.Database()).Scan(&n)
	if n != 0 {
		t.Error("an accepted push kept the column")
	}
}

// On a terminal, a plan that can lose data (or a database that is not a
// demobots one) needs the database's name typed; any other plan a y.
func TestPushConfirmation(t *testing.T) {
	safe := &seeder.Plan{Changes: []seeder.Change{{SQL: "ALTER TABLE `users` ADD COLUMN `x` int", Comment: "add x"}}}
	if c := pushConfirmation(safe, "label", "db"); c.typeName != "" {
		t.Errorf("a safe plan asks for the name typed: %+v", c)
	}
	destructive := &seeder.Plan{Changes: []seeder.Change{{SQL: "DROP TABLE `t`", Destructive: true, Warning: "drops table `t` and its 3 rows"}}}
	if c := pushConfirmation(destructive, "label", "db"); c.typeName != "db" || !strings.Contains(c.action, "drops table `t` and its 3 rows") {
		t.Errorf("a destructive plan: %+v", c)
	}
	foreign := &seeder.Plan{Changes: safe.Changes, Foreign: &seeder.ForeignDatabase{Tables: 6, Adds: 5}}
	if c := pushConfirmation(foreign, "label", "db"); c.typeName != "db" || !strings.Contains(c.action, "not a demobots one") {
		t.Errorf("a foreign database: %+v", c)
	}
}

// serverState is what a dry run must not change: the databases (other
// tests' and push's scratch databases aside: every push drops the scratch
// databases other processes left behind, and seeder's tests check that a
// plan drops its own) and a checksum of every table of the databases
// given.
type serverState struct {
	databases []string
	tables    map[string]string
	globals   string
}

func snapshot(t *testing.T, st *store.Store, databases ...string) serverState {
	t.Helper()
	s := serverState{tables: map[string]string{}}
	names := column(t, st, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")
	for _, name := range names {
		switch {
		case strings.HasPrefix(name, "dbt_") && !slices.Contains(databases, name):
			continue // another test's
		case strings.HasPrefix(name, "demobots_scratch_"):
			continue
		}
		s.databases = append(s.databases, name)
	}
	for _, db := range databases {
		tables := column(t, st, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", db)
		for _, table := range tables {
			s.tables[db+"."+table] = tableChecksum(t, st, db, table)
		}
	}
	if err := st.DB().QueryRow("SELECT CONCAT(@@GLOBAL.max_connections, ' ', @@GLOBAL.sql_mode)").Scan(&s.globals); err != nil {
		t.Fatal(err)
	}
	return s
}

// tableChecksum is CHECKSUM TABLE on a server that has it; the embedded
// engine and TiDB have not, so there it hashes every row read with a
// SELECT (sorted, so that the order rows come in does not matter).
func tableChecksum(t *testing.T, st *store.Store, db, table string) string {
	t.Helper()
	name := store.QuoteIdent(db) + "." + store.QuoteIdent(table)
	if !testdb.Embedded(t) && st.Flavor().Kind != store.FlavorTiDB {
		var n string
		var sum sql.NullString
		if err := st.DB().QueryRow("CHECKSUM TABLE "+name+" EXTENDED").Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		return sum.String
	}
	lines, err := store.QueryRows(context.Background(), st.DB(), "SELECT * FROM "+name, nil, func(rows *sql.Rows) (string, error) {
		cols, err := rows.Columns()
		if err != nil {
			return "", err
		}
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		err = rows.Scan(ptrs...)
		return fmt.Sprintf("%q", vals), err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:])
}

// A dry run changes nothing anywhere, whatever the schema file holds: a
// hostile statement is refused before anything runs, with file and line
// named, and a valid file only plans.
func TestPushDryRunChangesNothing(t *testing.T) {
	url, st := testURL(t)
	mustRun(t, "push", "--yes", "--database-url", url)
	mustRun(t, "seed", "--yes", "--database-url", url)
	victimCfg := testdb.New(t)
	victim, err := store.Open(t.Context(), victimCfg, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer victim.Close()
	execSQL(t, victim, "CREATE TABLE `important` (`id` int PRIMARY KEY)", "INSERT INTO `important` VALUES (1), (2), (3)")
	db, other := store.QuoteIdent(st.Database()), store.QuoteIdent(victimCfg.DBName)
	// The statements below must be refused; should one ever run, what it
	// did to the shared server is undone, and it is harmless meanwhile
	// (one more connection allowed, a user without privileges).
	var maxConns int
	if err := st.DB().QueryRow("SELECT @@GLOBAL.max_connections").Scan(&maxConns); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = st.DB().Exec(fmt.Sprintf("SET GLOBAL max_connections = %d", maxConns))
		if !testdb.Embedded(t) {
			_, _ = st.DB().Exec("DROP USER IF EXISTS 'dbt_evil'@'%'")
		}
		_, _ = st.DB().Exec("DROP DATABASE IF EXISTS `dbt_evil_dryrun`")
	})
	before := snapshot(t, st, st.Database(), victimCfg.DBName)

	qualified := strings.ReplaceAll(demobots.Schema, "CREATE TABLE `", "CREATE TABLE "+db+".`")
	for _, hostile := range []string{
		"DELETE FROM " + db + ".`scores` WHERE `id` <= 10;\n" + demobots.Schema,
		"DROP TABLE IF EXISTS " + other + ".`important`;\n" + demobots.Schema,
		"-- exported by a GUI tool\n" + qualified,
		"INSERT INTO " + other + ".`important` VALUES (99);",
		"UPDATE `users` SET `username` = 'x';",
		"TRUNCATE TABLE `scores`;",
		"CREATE DATABASE `dbt_evil_dryrun`;",
		"USE " + other + ";\nDROP TABLE `important`;",
		"CREATE USER 'dbt_evil'@'%' IDENTIFIED BY 'x';",
		"GRANT SELECT ON " + other + ".* TO 'dbt_evil'@'%';",
		fmt.Sprintf("SET GLOBAL max_connections = %d;", maxConns+1),
		"/*!50000 DROP TABLE " + other + ".`important` */;",
		"CREATE TABLE `t` (`id` int);\nALTER TABLE `t` RENAME TO " + other + ".`t`;",
		"CREATE TABLE `t` (`id` int) --1\nAS SELECT * FROM " + other + ".`important`;",
		"CREATE TABLE `t` (`id` int) DATA DIRECTORY = '/tmp';",
		"SELECT * FROM `users` INTO OUTFILE '/tmp/dbt_evil';",
	} {
		file := writeFile(t, hostile)
		code, stdout, stderr := runIn(t, "", "push", "--dry-run", "--schema", file, "--database-url", url)
		if code != 1 || !strings.Contains(stderr, file+":") || !strings.Contains(stderr, "nothing was run") {
			t.Errorf("%q: exit %d, want 1 naming %s:LINE\n%s%s", firstLine(hostile), code, file, stdout, stderr)
		}
	}
	valid := writeFile(t, demobots.Schema+"\nCREATE TABLE `extra` (`id` int PRIMARY KEY);\nCREATE VIEW `v` AS SELECT `id` FROM `users`;\n")
	if out := mustRun(t, "push", "--dry-run", "--schema", valid, "--database-url", url); !strings.Contains(out, "CREATE TABLE `extra`") || !strings.Contains(out, "Dry run") {
		t.Errorf("dry run of a valid file:\n%s", out)
	}
	after := snapshot(t, st, st.Database(), victimCfg.DBName)
	if !slices.Equal(before.databases, after.databases) {
		t.Errorf("databases changed:\nbefore %v\nafter  %v", before.databases, after.databases)
	}

	for table, sum := range before.tables {
		if after.tables[table] != sum {
			t.Errorf("%s changed (checksum %s, was %s)", table, after.tables[table], sum)
		}
	}
	if len(after.tables) != len(before.tables) {
		t.Errorf("tables: %d before, %d after", len(before.tables), len(after.tables))
	}
	if before.globals != after.globals {
		t.Errorf("server variables changed: %q, was %q", after.globals, before.globals)
	}
	if !testdb.Embedded(t) {
		var n int
		_ = st.DB().QueryRow("SELECT COUNT(*) FROM mysql.user WHERE User = 'dbt_evil'").Scan(&n)
		if n != 0 {
			t.Error("a dry run created a user")
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// push names the leftover scratch databases it drops.
func TestPushNamesDroppedScratchDatabases(t *testing.T) {
	url, st := testURL(t)
	// Any push on the server drops a leftover: one running in another
	// package's tests at the same moment may get there first. It cannot
	// three times in a row.
	var out, leftover string
	for range 3 {
		var b [4]byte
		_, _ = rand.Read(b[:])
		leftover = "demobots_scratch_1000000000_" + hex.EncodeToString(b[:])
		execSQL(t, st, "CREATE DATABASE `"+leftover+"`")
		t.Cleanup(func() { _, _ = st.DB().Exec("DROP DATABASE IF EXISTS `" + leftover + "`") })
		out = mustRun(t, "push", "--dry-run", "--database-url", url)
		if strings.Contains(out, "-- NOTE: dropped") && strings.Contains(out, leftover) {
			return
		}
	}
	t.Errorf("push does not name %s:\n%s", leftover, out)
}

// On a database that holds none of the demobots tables but tables of its
// own, push's plan says so first and needs more than --yes; seed and
// reset refuse without suggesting push.
func TestCommandsOnAForeignDatabase(t *testing.T) {
	url, st := testURL(t)
	for _, name := range []string{"orders", "customers"} {
		execSQL(t, st, "CREATE TABLE `"+name+"` (`id` int PRIMARY KEY)")
	}
	code, stdout, stderr := runIn(t, "", "push", "--yes", "--database-url", url)
	if code != 1 || !strings.HasPrefix(stdout, "-- NOTE: this is not a demobots database") || !strings.Contains(stderr, "--accept-data-loss") {
		t.Errorf("push --yes: exit %d\n%s%s", code, stdout, stderr)
	}
	if hasTable(t, st, "users") {
		t.Fatal("push --yes created the demobots tables beside the database's own")
	}
	for _, args := range [][]string{{"seed", "--yes"}, {"reset", "--yes"}} {
		code, _, stderr := runIn(t, "", append(args, "--database-url", url)...)
		if code != 1 || !strings.Contains(stderr, "this is not a demobots database") || strings.Contains(stderr, "push") {
			t.Errorf("%v: exit %d, stderr %s", args, code, stderr)
		}
	}
}

// column reads the first column of a query's rows as text.
func column(t *testing.T, st *store.Store, query string, args ...any) []string {
	t.Helper()
	out, err := store.QueryRows(context.Background(), st.DB(), query, args, func(rows *sql.Rows) (string, error) {
		var v string
		return v, rows.Scan(&v)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
