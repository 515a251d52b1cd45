package store

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// tbl builds a graphTable: columns as "name type", pk by name.
func tbl(name string, pk []string, cols ...string) graphTable {
	t := graphTable{Name: name, PrimaryKey: pk}
	for _, c := range cols {
		n, typ, _ := strings.Cut(c, " ")
		dt := typ
		if i := strings.IndexAny(dt, "( "); i >= 0 {
			dt = dt[:i]
		}
		t.Columns = append(t.Columns, Column{Name: n, Type: typ, DataType: dt})
	}
	return t
}

func id() []string { return []string{"id"} }

// relStrings writes relations as "table.col -> ref.col".
func relStrings(rels []ForeignKey) []string {
	var out []string
	for _, r := range rels {
		out = append(out, r.Table+"."+strings.Join(r.Columns, ",")+" -> "+r.RefTable+"."+strings.Join(r.RefColumns, ","))
	}
	slices.Sort(out)
	return out
}

func TestInferRelations(t *testing.T) {
	t.Parallel()
	demobots := []graphTable{
		tbl("users", id(), "id int(11)", "username varchar(20)"),
		tbl("user_profiles", id(), "id int(11)", "user_id int(11)"),
		tbl("sessions", id(), "id int", "user_id int"),
		tbl("levels", id(), "id int(11)", "name varchar(50)"),
		tbl("scores", id(), "id int", "session_id int", "level_id int"),
	}
	for _, tc := range []struct {
		name       string
		tables     []graphTable
		known      []ForeignKey
		want       []string
		unresolved []string // table.column: reason prefix
	}{
		{name: "demobots", tables: demobots, want: []string{
			"scores.level_id -> levels.id", "scores.session_id -> sessions.id",
			"sessions.user_id -> users.id", "user_profiles.user_id -> users.id"}},
		{name: "a foreign key is not inferred again", tables: demobots,
			known: []ForeignKey{{Table: "scores", Columns: []string{"session_id"}, RefTable: "sessions", RefColumns: []string{"id"}}},
			want:  []string{"scores.level_id -> levels.id", "sessions.user_id -> users.id", "user_profiles.user_id -> users.id"}},
		{name: "a declared relation overrides the inference", tables: demobots,
			known: []ForeignKey{{Table: "scores", Columns: []string{"level_id", "session_id"}, RefTable: "x", RefColumns: []string{"a", "b"}, Origin: OriginDeclared}},
			want:  []string{"sessions.user_id -> users.id", "user_profiles.user_id -> users.id"}},
		{name: "camelCase and plurals", tables: []graphTable{
			tbl("Users", id(), "id bigint unsigned"),
			tbl("categories", id(), "id int"),
			tbl("people", []string{"pid"}, "pid int"),
			tbl("leaves", id(), "id int"),
			tbl("knives", id(), "id int"),
			tbl("analyses", id(), "id int"),
			tbl("boxes", id(), "id int"),
			tbl("team_members", id(), "id int"),
			tbl("status", id(), "id int"),
			tbl("posts", id(), "id int",
				"authorId int", "userId bigint unsigned", "categoryID int", "person_id int", "leaf_id int", "knife_id int",
				"analysis_id int", "box_id int", "teamMemberId int", "STATUS_ID int"),
		}, want: []string{
			"posts.STATUS_ID -> status.id", "posts.analysis_id -> analyses.id", "posts.box_id -> boxes.id",
			"posts.categoryID -> categories.id", "posts.knife_id -> knives.id", "posts.leaf_id -> leaves.id",
			"posts.person_id -> people.pid", "posts.teamMemberId -> team_members.id", "posts.userId -> Users.id"}},
		{name: "ambiguous names infer nothing", tables: []graphTable{
			tbl("team", id(), "id int"), tbl("teams", id(), "id int"),
			tbl("players", id(), "id int", "team_id int"),
		}, unresolved: []string{"players.team_id: its name fits the tables team and teams"}},
		{name: "a type mismatch infers nothing", tables: []graphTable{
			tbl("gadgets", id(), "id varchar(10)"), tbl("uses", id(), "id int", "gadget_id int"),
			tbl("accounts", id(), "id int unsigned"), tbl("logins", id(), "id int", "account_id int"),
			tbl("zones", id(), "id bigint"), tbl("cities", id(), "id int", "zone_id int(11)"),
		}, unresolved: []string{
			"cities.zone_id: its type int(11) differs from zones.id (bigint)",
			"logins.account_id: its type int differs from accounts.id (int unsigned)",
			"uses.gadget_id: its type int differs from gadgets.id (varchar(10))"}},
		{name: "types that match", tables: []graphTable{
			tbl("tags", id(), "id varchar(36)"), tbl("labels", id(), "id int(10) unsigned"),
			tbl("posts", id(), "id int", "tag_id char(36)", "label_id int unsigned"),
		}, want: []string{"posts.label_id -> labels.id", "posts.tag_id -> tags.id"}},
		{name: "composite keys are never guessed", tables: []graphTable{
			tbl("pairs", []string{"a", "b"}, "a int", "b int"), tbl("things", id(), "id int", "pair_id int"),
		}, unresolved: []string{"things.pair_id: the primary key of pairs is composite (a, b)"}},
		{name: "a table without a key", tables: []graphTable{
			tbl("logs", nil, "msg text"), tbl("things", id(), "id int", "log_id int"),
		}, unresolved: []string{"things.log_id: table logs has no primary key"}},
		{name: "views are neither parent nor child", tables: []graphTable{
			{Name: "owners", View: true, Columns: []Column{{Name: "id", Type: "int", DataType: "int"}}, PrimaryKey: id()},
			tbl("pets", id(), "id int", "owner_id int"),
			{Name: "pet_view", View: true, Columns: []Column{{Name: "pet_id", Type: "int", DataType: "int"}}},
		}},
		{name: "a table's own key and a self reference", tables: []graphTable{
			tbl("node", []string{"node_id"}, "node_id int"),
			tbl("items", id(), "id int", "item_id int"),
		}, want: []string{"items.item_id -> items.id"}},
		{name: "other names are no references", tables: []graphTable{
			tbl("i", id(), "id int"), tbl("pa", id(), "id int"),
			tbl("x", id(), "id int", "_id int", "paid int", "ID int", "uuid int", "Id int"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, unresolved := inferRelations(tc.tables, tc.known)
			if !reflect.DeepEqual(relStrings(got), tc.want) {
				t.Errorf("inferred %q\nwant %q", relStrings(got), tc.want)
			}
			for _, r := range got {
				if r.Origin != OriginInferred || r.Name != "" {
					t.Errorf("%+v: origin %v, name %q", r, r.Origin, r.Name)
				}
			}
			var us []string
			for _, u := range unresolved {
				us = append(us, u.Table+"."+u.Column+": "+u.Reason)
			}
			slices.Sort(us)
			if len(us) != len(tc.unresolved) {
				t.Fatalf("unresolved %q\nwant %q", us, tc.unresolved)
			}
			for i := range us {
				if !strings.HasPrefix(us[i], tc.unresolved[i]) {
					t.Errorf("unresolved %q\nwant %q…", us[i], tc.unresolved[i])
				}
			}
		})
	}
}

func TestPluralForms(t *testing.T) {
	t.Parallel()
	for x, want := range map[string][]string{
		"user":        {"user", "users", "useres"},
		"category":    {"category", "categorys", "categoryes", "categories"},
		"day":         {"day", "days", "dayes"},
		"leaf":        {"leaf", "leafs", "leafes", "leaves"},
		"life":        {"life", "lifes", "lifees", "lives"},
		"analysis":    {"analysis", "analysiss", "analysises", "analyses"},
		"person":      {"person", "persons", "persones", "people"},
		"team_person": {"team_person", "team_persons", "team_persones", "team_people"},
	} {
		if got := pluralForms(x); !reflect.DeepEqual(got, want) {
			t.Errorf("pluralForms(%q) = %q, want %q", x, got, want)
		}
	}
}

func TestReferencedNames(t *testing.T) {
	t.Parallel()
	for col, want := range map[string][]string{
		"user_id":      {"user"},
		"USER_ID":      {"user"},
		"userId":       {"user"},
		"userID":       {"user"},
		"teamMemberId": {"teammember", "team_member"},
		"v2Id":         {"v2"},
		"id":           nil,
		"_id":          nil,
		"Id":           nil,
		"paid":         nil,
		"UUID":         nil,
		"user_idx":     nil,
	} {
		if got := referencedNames(col); !reflect.DeepEqual(got, want) {
			t.Errorf("referencedNames(%q) = %q, want %q", col, got, want)
		}
	}
}

func TestOrphansQuery(t *testing.T) {
	t.Parallel()
	q, err := orphansQuery(ForeignKey{Table: "assign`ments", Columns: []string{"t", "m"}, RefTable: "team_members", RefColumns: []string{"team_id", "number"}})
	if err != nil {
		t.Fatal(err)
	}
	sql, args, err := q.ToSql()
	want := "SELECT COUNT(*) FROM `assign``ments` AS `c` WHERE `c`.`t` IS NOT NULL AND `c`.`m` IS NOT NULL AND NOT EXISTS " +
		"(SELECT 1 FROM `team_members` AS `p` WHERE `p`.`team_id` = `c`.`t` AND `p`.`number` = `c`.`m`)"
	if err != nil || sql != want || len(args) != 0 {
		t.Errorf("orphans query\n got %s %v %v\nwant %s", sql, args, err, want)
	}
	if _, err := orphansQuery(ForeignKey{Table: "a", Columns: []string{"x"}, RefTable: "b"}); err == nil {
		t.Error("a relation without referenced columns built a query")
	}
}

func TestGraphLink(t *testing.T) {
	t.Parallel()
	g := &Graph{Relations: []ForeignKey{
		{Table: "sessions", Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, Origin: OriginInferred},
		{Table: "sessions", Columns: []string{"owner"}, RefTable: "users", RefColumns: []string{"id"}, Origin: OriginDeclared},
		{Table: "sessions", Columns: []string{"a", "b"}, RefTable: "users", RefColumns: []string{"x", "y"}},
	}}
	if l := g.Link("sessions", "users"); l == nil || l.Columns[0] != "owner" {
		t.Errorf("link %+v: want the declared one (composite relations are not links)", l)
	}
	if l := g.Link("scores", "sessions"); l != nil {
		t.Errorf("link %+v from nothing", l)
	}
	if out := g.Outgoing("sessions"); len(out) != 3 || len(g.Incoming("users")) != 3 || len(g.Incoming("sessions")) != 0 {
		t.Errorf("outgoing %v", out)
	}
}

func TestOriginString(t *testing.T) {
	t.Parallel()
	var zero ForeignKey
	if zero.Origin.String() != "fk" || OriginDeclared.String() != "declared" || OriginInferred.String() != "inferred" {
		t.Error("origin names")
	}
}
