package store_test

import (
	_ "embed"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/internal/project"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// schemaNoFK is schema.sql with every FOREIGN KEY removed, the way schemas
// on Vitess and PlanetScale usually are.
//
//go:embed testdata/schema_nofk.sql
var schemaNoFK string

// TestSchemaNoFKFollowsSchema keeps the variant in step with schema.sql:
// the same text but for the comment and the constraint lines.
func TestSchemaNoFKFollowsSchema(t *testing.T) {
	t.Parallel()
	strip := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			l = strings.TrimSuffix(strings.TrimSpace(l), ",")
			if l != "" && !strings.HasPrefix(l, "--") && !strings.Contains(l, "FOREIGN KEY") {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	if strings.Contains(schemaNoFK, "FOREIGN KEY") || strip(schemaNoFK) != strip(demobots.Schema) {
		t.Error("testdata/schema_nofk.sql is not schema.sql without its FOREIGN KEY constraints: update it")
	}
}

// newDemobotsNoFK is newDemobots on the schema without foreign keys.
func newDemobotsNoFK(t *testing.T, opts store.Options) *store.Store {
	t.Helper()
	st, _, _ := newDemobotsWith(t, splitStatements(schemaNoFK), opts)
	return st
}

// relSet writes relations as "table(cols)->ref(cols) origin name".
func relSet(rels []store.ForeignKey) []string {
	var out []string
	for _, r := range rels {
		s := r.Table + "(" + strings.Join(r.Columns, ",") + ")->" + r.RefTable + "(" + strings.Join(r.RefColumns, ",") + ") " + r.Origin.String()
		if r.Name != "" {
			s += " " + r.Name
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

var demobotsInferred = []string{
	"scores(level_id)->levels(id) inferred",
	"scores(session_id)->sessions(id) inferred",
	"sessions(user_id)->users(id) inferred",
	"user_profiles(user_id)->users(id) inferred",
}

func TestRelationGraphInfersDemobots(t *testing.T) {
	parallel(t)
	st := newDemobotsNoFK(t, store.Options{})
	ctx := ctxT(t)
	g, err := st.RelationGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := relSet(g.Relations); !reflect.DeepEqual(got, demobotsInferred) {
		t.Errorf("graph %q\nwant %q", got, demobotsInferred)
	}
	if len(g.Unresolved) != 0 {
		t.Errorf("unresolved %+v", g.Unresolved)
	}
	// Describe reads the graph: the structure view's "references" and
	// "referenced by".
	users, err := st.Describe(ctx, "users")
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Outgoing) != 0 || !reflect.DeepEqual(relSet(users.Incoming), []string{demobotsInferred[2], demobotsInferred[3]}) {
		t.Errorf("users: out %q in %q", relSet(users.Outgoing), relSet(users.Incoming))
	}
	scores, err := st.Describe(ctx, "scores")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(relSet(scores.Outgoing), demobotsInferred[:2]) || len(scores.Incoming) != 0 {
		t.Errorf("scores: out %q in %q", relSet(scores.Outgoing), relSet(scores.Incoming))
	}

	// With the foreign keys, the same relations are fk ones and nothing is
	// inferred besides.
	fkStore, _ := newDemobots(t)
	g, err = fkStore.RelationGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"scores(level_id)->levels(id) fk scores_level_id_fk",
		"scores(session_id)->sessions(id) fk scores_session_id_fk",
		"sessions(user_id)->users(id) fk sessions_user_id_fk",
		"user_profiles(user_id)->users(id) fk user_profiles_user_id_fk",
	}
	if got := relSet(g.Relations); !reflect.DeepEqual(got, want) {
		t.Errorf("graph with foreign keys %q\nwant %q", got, want)
	}
}

// TestDrillDownWithoutForeignKeys walks users → sessions → scores → levels
// through inferred relations, with the relation counts of each row.
func TestDrillDownWithoutForeignKeys(t *testing.T) {
	parallel(t)
	st := newDemobotsNoFK(t, store.Options{})
	ctx := ctxT(t)

	users, cols, alice := rowWhere(t, st, "users", store.Filter{Column: "username", Op: store.OpEq, Value: "alice"})
	rels, err := st.Relations(ctx, users, cols, alice)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	var toSessions store.RelationCount
	for _, r := range rels {
		counts[r.FK.Table+"→"+r.FK.RefTable+" "+r.FK.Origin.String()] = r.Rows
		if r.Incoming && r.FK.Table == "sessions" {
			toSessions = r
		}
	}
	want := map[string]int64{"sessions→users inferred": 3, "user_profiles→users inferred": 1}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("alice's relations %v, want %v", counts, want)
	}
	q := store.RelationQuery(toSessions, cols, alice)
	p, err := st.Rows(ctx, q)
	if err != nil || !reflect.DeepEqual(column(p, 0), []string{"10", "11", "12"}) {
		t.Fatalf("alice's sessions: %v, %v", column(p, 0), err)
	}

	sessions, err := st.Describe(ctx, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	rels, err = st.Relations(ctx, sessions, p.Columns, p.Rows[0]) // session 10
	if err != nil {
		t.Fatal(err)
	}
	var toScores store.RelationCount
	counts = map[string]int64{}
	for _, r := range rels {
		counts[r.FK.Table+"→"+r.FK.RefTable] = r.Rows
		if r.Incoming && r.FK.Table == "scores" {
			toScores = r
		}
	}
	if want := map[string]int64{"scores→sessions": 3, "sessions→users": 1}; !reflect.DeepEqual(counts, want) {
		t.Fatalf("session 10's relations %v, want %v", counts, want)
	}
	p, err = st.Rows(ctx, store.RelationQuery(toScores, p.Columns, p.Rows[0]))
	if err != nil || !reflect.DeepEqual(column(p, 0), []string{"100", "101", "102"}) {
		t.Fatalf("session 10's scores: %v, %v", column(p, 0), err)
	}

	// From score 101 up to its level.
	scores, err := st.Describe(ctx, "scores")
	if err != nil {
		t.Fatal(err)
	}
	rels, err = st.Relations(ctx, scores, p.Columns, p.Rows[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		if r.FK.RefTable != "levels" {
			continue
		}
		lp, err := st.Rows(ctx, store.RelationQuery(r, p.Columns, p.Rows[1]))
		if err != nil || r.Rows != 1 || !reflect.DeepEqual(column(lp, 1), []string{"Advanced"}) {
			t.Errorf("score 101's level: %d rows, %v, %v", r.Rows, column(lp, 1), err)
		}
	}
}

// TestUserViewWithoutForeignKeys: the user view's data is the same with
// inferred relations as with foreign keys.
func TestUserViewWithoutForeignKeys(t *testing.T) {
	parallel(t)
	ctx := ctxT(t)
	noFK := newDemobotsNoFK(t, store.Options{})
	withFK, _ := newDemobots(t)
	for _, id := range []int64{1, 2} {
		a, err := noFK.UserSummary(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := withFK.UserSummary(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("user %d without foreign keys %+v\nwith %+v", id, a, b)
		}
		pa, err := noFK.UserScores(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		pb, _ := withFK.UserScores(ctx, id, 0)
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("user %d's chart without foreign keys %v, with %v", id, pa, pb)
		}
	}
	sum, _ := noFK.UserSummary(ctx, 1)
	if sum.Profile == nil || sum.Profile.LastName != "Liddell" || len(sum.Sessions) != 3 || sum.Sessions[1].Scores != 3 {
		t.Errorf("alice %+v", sum)
	}
	a, err := noFK.SessionScores(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := withFK.SessionScores(ctx, 10)
	if !reflect.DeepEqual(a, b) || len(a) != 3 || a[0].Level != "Advanced" {
		t.Errorf("session 10's scores without foreign keys %+v\nwith %+v", a, b)
	}
}

// TestOrphans counts the rows a foreign key would have refused.
func TestOrphans(t *testing.T) {
	parallel(t)
	st, db, _ := newDemobotsWith(t, splitStatements(schemaNoFK), store.Options{})
	ctx := ctxT(t)
	exec(t, db,
		"INSERT INTO sessions (id, user_id, created_at, duration) VALUES (20,77,'2025-01-08 09:00:00',60)",
		"INSERT INTO scores (id, session_id, level_id, created_at, score, time_taken, accuracy) VALUES "+
			"(200,999,1,'2025-01-06 09:10:00',1,60,0.5),(201,998,9,'2025-01-06 09:10:00',1,60,0.5)")
	g, err := st.RelationGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range g.Relations {
		n, err := st.Orphans(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		got[r.Table+"."+r.Columns[0]] = n
	}
	want := map[string]int64{"scores.level_id": 1, "scores.session_id": 2, "sessions.user_id": 1, "user_profiles.user_id": 0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("orphans %v, want %v", got, want)
	}
	// The orphan's own relation leads nowhere.
	scores, cols, orphan := rowWhere(t, st, "scores", store.Filter{Column: "id", Op: store.OpEq, Value: "200"})
	rels, err := st.Relations(ctx, scores, cols, orphan)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		if r.FK.RefTable == "sessions" && r.Rows != 0 {
			t.Errorf("the orphan's session: %d rows", r.Rows)
		}
	}
}

// compositeSchema has a two-column key that only a declaration relates.
var compositeSchema = []string{
	"CREATE TABLE team_members (team_id int NOT NULL, number int NOT NULL, name varchar(20) NOT NULL, PRIMARY KEY (team_id, number))",
	"CREATE TABLE assignments (id int NOT NULL, team_ref int NOT NULL, member_no int NULL, task varchar(20) NOT NULL, PRIMARY KEY (id), KEY (team_ref, member_no))",
	"INSERT INTO team_members VALUES (1,1,'ann'),(1,2,'bo'),(2,1,'cy')",
	"INSERT INTO assignments VALUES (10,1,1,'paint'),(11,1,1,'sand'),(12,1,2,'glue'),(13,2,7,'lost'),(14,2,NULL,'unassigned')",
}

func declared(t *testing.T, src string) []project.Relation {
	t.Helper()
	f, err := project.Parse("demobots-tui.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f.Relations
}

func TestDeclaredCompositeRelation(t *testing.T) {
	parallel(t)
	cfg := testdb.New(t)
	db := testdb.Open(t, cfg)
	exec(t, db, compositeSchema...)
	ctx := ctxT(t)

	plain := openStore(t, cfg, store.Options{})
	g, err := plain.RelationGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Relations) != 0 {
		t.Fatalf("relations without a declaration: %q (composite keys are never guessed)", relSet(g.Relations))
	}

	st := openStore(t, cfg, store.Options{Relations: declared(t, `
[[relation]]
name = "assignee"
from = "assignments.(team_ref, member_no)"
to = "team_members.(team_id, number)"
`)})
	info, err := st.Describe(ctx, "assignments")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"assignments(team_ref,member_no)->team_members(team_id,number) declared assignee"}
	if got := relSet(info.Outgoing); !reflect.DeepEqual(got, want) {
		t.Fatalf("assignments out %q, want %q", got, want)
	}
	members, cols, bo := rowWhere(t, st, "team_members", store.Filter{Column: "name", Op: store.OpEq, Value: "ann"})
	if got := relSet(members.Incoming); !reflect.DeepEqual(got, want) {
		t.Fatalf("team_members in %q", got)
	}
	rels, err := st.Relations(ctx, members, cols, bo)
	if err != nil || len(rels) != 1 || rels[0].Rows != 2 {
		t.Fatalf("ann's relations %+v, %v", rels, err)
	}
	p, err := st.Rows(ctx, store.RelationQuery(rels[0], cols, bo))
	if err != nil || !reflect.DeepEqual(column(p, 0), []string{"10", "11"}) {
		t.Errorf("ann's assignments %v, %v", column(p, 0), err)
	}
	n, err := st.Orphans(ctx, info.Outgoing[0])
	if err != nil || n != 1 {
		t.Errorf("orphans %d, %v: want 1 (team 2 has no member 7; a NULL member is no orphan)", n, err)
	}
	// The assignment without a member leads to no member row.
	_, acols, lone := rowWhere(t, st, "assignments", store.Filter{Column: "id", Op: store.OpEq, Value: "14"})
	rels, err = st.Relations(ctx, info, acols, lone)
	if err != nil || len(rels) != 1 || rels[0].Rows != 0 {
		t.Errorf("relations of an assignment without a member %+v, %v", rels, err)
	}
}

func TestDeclaredRelationOverridesInference(t *testing.T) {
	parallel(t)
	st := newDemobotsNoFK(t, store.Options{Relations: declared(t, `
[[relation]]
name = "played_in"
from = "scores.SESSION_ID"
to = "sessions.id"

[[relation]]
from = "scores.level_id"
to = "levels.difficulty"

[[relation]]
from = "sessions.user_id"
to = "users.id"
`)})
	g, err := st.RelationGraph(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"scores(level_id)->levels(difficulty) declared",
		"scores(session_id)->sessions(id) declared played_in", // spelled as the catalog does
		"sessions(user_id)->users(id) declared",
		"user_profiles(user_id)->users(id) inferred",
	}
	if got := relSet(g.Relations); !reflect.DeepEqual(got, want) {
		t.Errorf("graph %q\nwant %q", got, want)
	}
	// A declaration of what a foreign key already says adds nothing.
	_, _, cfg := newDemobotsWith(t, schemaStatements(), store.Options{})
	dup := openStore(t, cfg, store.Options{Relations: declared(t, "[[relation]]\nfrom = 'scores.session_id'\nto = 'sessions.id'\n")})
	g, err = dup.RelationGraph(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Relations) != 4 || g.Relations[0].Origin != store.OriginFK {
		t.Errorf("graph with a declared foreign key %q", relSet(g.Relations))
	}
}

// TestDeclaredRelationsCheckedAtOpen: a declaration naming what the
// database lacks stops Open with file:line: key: problem.
func TestDeclaredRelationsCheckedAtOpen(t *testing.T) {
	parallel(t)
	_, _, cfg := newDemobotsWith(t, splitStatements(schemaNoFK), store.Options{})
	rels := declared(t, `[[relation]]
from = "scroes.session_id"
to = "sessions.id"

[[relation]]
from = "scores.session"
to = "Sessions.id"
`)
	_, err := store.Open(ctxT(t), cfg, store.Options{Relations: rels})
	if err == nil {
		t.Fatal("opened with relations naming a missing table and column")
	}
	var pe *project.Error
	if !errors.As(err, &pe) {
		t.Fatalf("%T %v is not a *project.Error", err, err)
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{
		`demobots-tui.toml:2: relation.from: table "scroes" does not exist in database ` + cfg.DBName + `: correct or remove the entry`,
		`demobots-tui.toml:6: relation.from: table scores has no column "session" (its columns: id, session_id, level_id, created_at, score, time_taken, accuracy): correct or remove the entry`,
		`demobots-tui.toml:7: relation.to: table "Sessions" does not exist in database ` + cfg.DBName + `, but sessions does (table names are case-sensitive): correct or remove the entry`,
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("errors\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestUserViewFollowsTheGraph: the user view walks the relations the
// graph holds, not fixed column names; without them it says what to
// declare.
func TestUserViewFollowsTheGraph(t *testing.T) {
	parallel(t)
	// sessions.user_id is called player here: nothing infers it.
	schema := strings.Replace(schemaNoFK, "`user_id` int NOT NULL,\n  `created_at` datetime NOT NULL,\n  `duration`",
		"`player` int NOT NULL,\n  `created_at` datetime NOT NULL,\n  `duration`", 1)
	schema = strings.Replace(schema, "KEY `sessions_user_id_idx` (`user_id`)", "KEY `sessions_player_idx` (`player`)", 1)
	if !strings.Contains(schema, "`player`") {
		t.Fatal("the sessions table of schema_nofk.sql changed: update this test")
	}
	stmts := splitStatements(schema)
	cfg := testdb.New(t)
	db := testdb.Open(t, cfg)
	exec(t, db, stmts...)
	exec(t, db,
		"INSERT INTO users (id, created_at, username, date_of_birth) VALUES (1,'2025-01-05 10:00:00','alice','2000-02-29')",
		"INSERT INTO sessions (id, player, created_at, duration) VALUES (10,1,'2025-01-06 09:00:00',3600)",
		"INSERT INTO scores (id, session_id, level_id, created_at, score, time_taken, accuracy) VALUES (100,10,1,'2025-01-06 09:10:00',1000,60,0.5)")
	ctx := ctxT(t)

	plain := openStore(t, cfg, store.Options{})
	_, err := plain.UserSummary(ctx, 1)
	if !errors.Is(err, store.ErrNoRelation) || !strings.Contains(err.Error(), `[[relation]] from = "sessions.user_id" to = "users.id"`) {
		t.Errorf("user view without a sessions → users relation: %v", err)
	}
	if _, err := plain.UserScores(ctx, 1, 0); !errors.Is(err, store.ErrNoRelation) {
		t.Errorf("chart without a sessions → users relation: %v", err)
	}

	st := openStore(t, cfg, store.Options{Relations: declared(t, "[[relation]]\nfrom = 'sessions.player'\nto = 'users.id'\n")})
	sum, err := st.UserSummary(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Sessions) != 1 || sum.Sessions[0].ID != 10 || sum.Sessions[0].Scores != 1 || sum.Profile != nil {
		t.Errorf("alice through the declared relation %+v", sum)
	}
	points, err := st.UserScores(ctx, 1, 0)
	if err != nil || len(points) != 1 || points[0].Score != 1000 {
		t.Errorf("alice's chart %v, %v", points, err)
	}
}

// TestAmbiguousNamesInferNothing: a name that fits two tables, a type
// that differs from the key's and a composite key infer no relation, and
// the graph says why.
func TestAmbiguousNamesInferNothing(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db,
		"CREATE TABLE team (id int NOT NULL, PRIMARY KEY (id))",
		"CREATE TABLE teams (id int NOT NULL, PRIMARY KEY (id))",
		"CREATE TABLE players (id int NOT NULL, team_id int NOT NULL, PRIMARY KEY (id))",
		"CREATE TABLE gadgets (id varchar(10) NOT NULL, PRIMARY KEY (id))",
		"CREATE TABLE uses (id int NOT NULL, gadget_id int NOT NULL, PRIMARY KEY (id))",
		"CREATE TABLE pairs (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b))",
		"CREATE TABLE things (id int NOT NULL, pair_id int NOT NULL, PRIMARY KEY (id))",
	)
	g, err := st.RelationGraph(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Relations) != 0 {
		t.Errorf("inferred %q", relSet(g.Relations))
	}
	var got []string
	for _, u := range g.Unresolved {
		got = append(got, u.Table+"."+u.Column+": "+u.Reason)
	}
	slices.Sort(got)
	want := []string{
		"players.team_id: its name fits the tables team and teams",
		"things.pair_id: the primary key of pairs is composite (a, b)",
		"uses.gadget_id: its type int",
	}
	if len(got) != len(want) {
		t.Fatalf("unresolved %q\nwant %q", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("unresolved %q, want %q…", got[i], want[i])
		}
	}
	info, err := st.Describe(ctxT(t), "players")
	if err != nil || len(info.Outgoing) != 0 {
		t.Errorf("players: %+v, %v", info, err)
	}
}
