package seeder_test

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

func push(t *testing.T, st *store.Store, desired string) *seeder.Plan {
	t.Helper()
	ctx := context.Background()
	plan, err := seeder.PlanPush(ctx, st, desired)
	if err != nil {
		t.Fatal(err)
	}
	n, err := seeder.ApplyPush(ctx, st, plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(plan.Changes) {
		t.Fatalf("applied %d of %d", n, len(plan.Changes))
	}
	return plan
}

func showCreate(t *testing.T, st *store.Store, table string) string {
	t.Helper()
	var name, ddl string
	if err := st.DB().QueryRow("SHOW CREATE TABLE `"+table+"`").Scan(&name, &ddl); err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(` AUTO_INCREMENT=\d+`).ReplaceAllString(ddl, "")
}

func TestPushEmptyDatabaseThenNoChanges(t *testing.T) {
	st, _ := newStore(t)
	plan := push(t, st, demobots.Schema)
	if len(plan.Changes) != len(demobots.Tables) || plan.Destructive() {
		t.Fatalf("plan for an empty database: %+v", plan.Changes)
	}
	for _, c := range plan.Changes {
		if !strings.HasPrefix(c.SQL, "CREATE TABLE") {
			t.Errorf("unexpected statement %q", c.SQL)
		}
	}
	for _, table := range demobots.Tables {
		showCreate(t, st, table) // exists
	}
	fks := count(t, st, "SELECT COUNT(DISTINCT CONSTRAINT_NAME) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL", st.Database())
	if fks != 4 {
		t.Errorf("%d foreign keys, want 4", fks)
	}
	again, err := seeder.PlanPush(context.Background(), st, demobots.Schema)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		t.Errorf("second push plans %+v, want no changes", again.Changes)
	}
	if err := seeder.CheckSchema(context.Background(), st); err != nil {
		t.Errorf("CheckSchema after push: %v", err)
	}
}

func TestCheckSchema(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	if err := seeder.CheckSchema(ctx, st); !errors.Is(err, seeder.ErrSchemaMismatch) {
		t.Fatalf("empty database: %v, want ErrSchemaMismatch", err)
	}
	if _, err := seeder.Seed(ctx, st, seeder.DefaultOptions()); !errors.Is(err, seeder.ErrSchemaMismatch) || !strings.Contains(err.Error(), "push") {
		t.Fatalf("seed of an empty database: %v, want ErrSchemaMismatch suggesting push", err)
	}
	push(t, st, demobots.Schema)
	if _, err := st.DB().Exec("CREATE TABLE `notes` (`id` int NOT NULL, PRIMARY KEY (`id`))"); err != nil {
		t.Fatal(err)
	}
	if err := seeder.CheckSchema(ctx, st); err != nil {
		t.Fatalf("an extra table is no mismatch: %v", err)
	}
	if _, err := st.DB().Exec("ALTER TABLE `users` DROP COLUMN `date_of_birth`"); err != nil {
		t.Fatal(err)
	}
	err := seeder.CheckSchema(ctx, st)
	if !errors.Is(err, seeder.ErrSchemaMismatch) || !strings.Contains(err.Error(), "users") {
		t.Fatalf("dropped column: %v, want ErrSchemaMismatch naming users", err)
	}
}

// destructiveSchema is schema.sql with: a NOT NULL column without default
// added to users, sessions.duration dropped, username shrunk to 8
// characters, a unique key on user_profiles.title (which repeats) and the
// table levels gone (with scores' reference to it).
func destructiveSchema(t *testing.T) string {
	t.Helper()
	s := demobots.Schema
	for _, r := range []struct{ old, new string }{
		{"`username` varchar(20) NOT NULL,", "`username` varchar(8) NOT NULL,\n  `nickname` varchar(20) NOT NULL,"},
		{"  `duration` int NOT NULL COMMENT 'seconds',\n", ""},
		{"  KEY `user_profiles_user_id_idx` (`user_id`),", "  KEY `user_profiles_user_id_idx` (`user_id`),\n  UNIQUE KEY `user_profiles_title_unique` (`title`),"},
		{",\n  CONSTRAINT `scores_level_id_fk` FOREIGN KEY (`level_id`) REFERENCES `levels` (`id`)", ""},
	} {
		if !strings.Contains(s, r.old) {
			t.Fatalf("schema.sql has no %q", r.old)
		}
		s = strings.Replace(s, r.old, r.new, 1)
	}
	i := strings.Index(s, "CREATE TABLE `levels`")
	j := strings.Index(s, "CREATE TABLE `scores`")
	return s[:i] + s[j:]
}

func TestPushDestructiveChangesAndDryRun(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	push(t, st, demobots.Schema)
	if _, err := seeder.Seed(ctx, st, seeder.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, table := range demobots.Tables {
		before[table] = showCreate(t, st, table)
	}
	// levels is no longer declared: it is left alone, and dropped only
	// when pruning.
	plan, err := seeder.PlanPush(ctx, st, destructiveSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Unmanaged) != 1 || plan.Unmanaged[0] != (seeder.Object{Kind: seeder.ObjectTable, Name: "levels", Rows: 5}) {
		t.Errorf("unmanaged %+v, want table levels with 5 rows", plan.Unmanaged)
	}
	for _, c := range plan.Changes {
		if strings.Contains(c.SQL, "DROP TABLE") {
			t.Errorf("a plan without pruning drops a table: %s", c.SQL)
		}
	}
	plan, err = seeder.PlanPushWith(ctx, st, destructiveSchema(t), seeder.PushOptions{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Unmanaged) != 0 {
		t.Errorf("a pruning plan leaves %+v alone", plan.Unmanaged)
	}
	if !plan.Destructive() || !plan.NeedsTypedConfirmation() {
		t.Fatalf("plan not destructive: %+v", plan.Changes)
	}
	var warnings []string
	for _, c := range plan.Changes {
		t.Logf("%s\n  -- %s (destructive=%v rows=%d) %s", c.SQL, c.Comment, c.Destructive, c.Rows, c.Warning)
		if c.Destructive {
			warnings = append(warnings, c.Warning)
		}
	}
	all := strings.Join(warnings, "\n")
	for _, want := range []string{
		"drops table `levels` and its 5 rows",
		"drops column `sessions`.`duration` (60 rows hold a value)",
		"adds NOT NULL column `users`.`nickname` without a default: its 12 existing rows",
		"changes `users`.`username` from varchar(20) to varchar(8)",
		"adds unique index `user_profiles_title_unique` on `user_profiles`",
		// The data stays, but the guarantee goes.
		"drops foreign key `scores_level_id_fk` of `scores`: its 300 rows that reference `levels` keep their values, but nothing checks them any more",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
	// The username shrink counts exactly the usernames that do not fit.
	long := count(t, st, "SELECT COUNT(*) FROM users WHERE CHAR_LENGTH(username) > 8")
	if !strings.Contains(all, "varchar(8), which can lose data ("+itoa(long)+" rows affected)") {
		t.Errorf("username shrink: want %d rows affected in:\n%s", long, all)
	}
	// Planning is a dry run: nothing changed.
	for _, table := range demobots.Tables {
		if got := showCreate(t, st, table); got != before[table] {
			t.Errorf("planning changed %s:\n%s\nwas\n%s", table, got, before[table])
		}
	}
	if n := count(t, st, "SELECT COUNT(*) FROM scores"); n != 300 {
		t.Errorf("planning changed the data: %d scores", n)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestPushAddColumnThenApply(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	push(t, st, demobots.Schema)
	desired := strings.Replace(demobots.Schema, "`username` varchar(20) NOT NULL,", "`username` varchar(20) NOT NULL,\n  `nickname` varchar(20) DEFAULT NULL,", 1)
	plan, err := seeder.PlanPush(ctx, st, desired)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || plan.Destructive() || !strings.Contains(plan.Changes[0].SQL, "ADD COLUMN `nickname`") {
		t.Fatalf("plan: %+v", plan.Changes)
	}
	if strings.Contains(showCreate(t, st, "users"), "nickname") {
		t.Fatal("planning applied the change")
	}
	push(t, st, desired)
	if !strings.Contains(showCreate(t, st, "users"), "`nickname`") {
		t.Fatal("column not added")
	}
	// And back: dropping it is destructive even on an empty table.
	plan, err = seeder.PlanPush(ctx, st, demobots.Schema)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Destructive() || plan.Changes[0].Rows != 0 {
		t.Fatalf("drop column plan: %+v", plan.Changes)
	}
}

func TestApplyPushStopsAtFirstFailure(t *testing.T) {
	st, _ := newStore(t)
	plan := &seeder.Plan{Changes: []seeder.Change{
		{SQL: "CREATE TABLE `a` (`id` int NOT NULL, PRIMARY KEY (`id`))", Comment: "create a"},
		{SQL: "CREATE TABLE `b` (`id` int NOT NULL REFERENCES `missing` (`id`), PRIMARY KEY (`id`), CONSTRAINT `b_fk` FOREIGN KEY (`id`) REFERENCES `missing` (`id`))", Comment: "create b"},
		{SQL: "CREATE TABLE `c` (`id` int NOT NULL, PRIMARY KEY (`id`))", Comment: "create c"},
	}}
	n, err := seeder.ApplyPush(context.Background(), st, plan, nil)
	if err == nil || n != 1 {
		t.Fatalf("applied %d, err %v; want 1 and an error", n, err)
	}
	if !strings.Contains(err.Error(), "statement 2 of 3") || !strings.Contains(err.Error(), "1 applied") {
		t.Errorf("error does not say what was applied: %v", err)
	}
	if c := count(t, st, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'c'", st.Database()); c != 0 {
		t.Error("the statement after the failure ran")
	}
}

func TestPullPushRoundTrip(t *testing.T) {
	src, _ := newStore(t)
	push(t, src, demobots.Schema)
	if _, err := seeder.Seed(context.Background(), src, seeder.DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	ddl, err := seeder.Pull(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pulled:\n%s", ddl)
	if strings.Contains(ddl, "AUTO_INCREMENT=") {
		t.Error("pull kept the AUTO_INCREMENT counter")
	}
	// Parents come before children.
	pos := func(table string) int { return strings.Index(ddl, "CREATE TABLE `"+table+"`") }
	for child, parent := range map[string]string{"user_profiles": "users", "sessions": "users", "scores": "sessions"} {
		if pos(parent) < 0 || pos(child) < pos(parent) {
			t.Errorf("%s is not created before %s", parent, child)
		}
	}
	if pos("levels") > pos("scores") {
		t.Error("levels is not created before scores")
	}
	dst, _ := newStore(t)
	push(t, dst, ddl)
	for _, table := range demobots.Tables {
		if a, b := showCreate(t, src, table), showCreate(t, dst, table); a != b {
			t.Errorf("%s differs after pull → push:\n%s\nwant\n%s", table, b, a)
		}
	}
}

// TestPushRefusesNamesWithABacktick: atlas would print `a`b` unquoted and
// the plan would be broken SQL; push must say so instead — when it has to
// touch the table. Left alone, the table is no obstacle.
func TestPushRefusesNamesWithABacktick(t *testing.T) {
	st, _ := newStore(t)
	if _, err := st.DB().ExecContext(context.Background(), "CREATE TABLE `a``b` (id INT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	plan, err := seeder.PlanPush(context.Background(), st, demobots.Schema)
	if err != nil || len(plan.Unmanaged) != 1 || plan.Unmanaged[0].Name != "a`b" {
		t.Fatalf("plan %+v, err %v: want a`b left alone", plan, err)
	}
	_, err = seeder.PlanPushWith(context.Background(), st, demobots.Schema, seeder.PushOptions{Prune: true})
	if !errors.Is(err, seeder.ErrUnquotable) || !strings.Contains(err.Error(), "a`b") {
		t.Fatalf("err = %v", err)
	}
}
