package store_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

func TestTablesDemobots(t *testing.T) {
	parallel(t)
	st, db := newDemobots(t)
	exec(t, db, "CREATE VIEW `user_names` AS SELECT username FROM users")
	tables, err := st.Tables(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	counts := map[string]int64{}
	for _, tb := range tables {
		names = append(names, tb.Name)
		if tb.View != (tb.Name == "user_names") {
			t.Errorf("%s: View = %v", tb.Name, tb.View)
		}
		if tb.View {
			if tb.Exact {
				t.Errorf("%s: a view was counted", tb.Name)
			}
			continue
		}
		counts[tb.Name] = tb.Rows
		if !tb.Exact {
			t.Errorf("%s: a small table's count is not exact", tb.Name)
		}
	}
	want := []string{"levels", "scores", "sessions", "user_names", "user_profiles", "users"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("tables %v, want %v (alphabetical, views with them)", names, want)
	}
	wantCounts := map[string]int64{"levels": 5, "scores": 4, "sessions": 3, "user_profiles": 1, "users": 2}
	if !reflect.DeepEqual(counts, wantCounts) {
		t.Errorf("counts %v, want %v", counts, wantCounts)
	}
	if !store.IsDemobots(tables) {
		t.Error("IsDemobots is false on the demobots schema")
	}
	if store.IsDemobots(tables[1:]) { // without levels
		t.Error("IsDemobots is true without levels")
	}
	n, err := st.CountRows(ctxT(t), "scores")
	if err != nil || n != 4 {
		t.Errorf("CountRows = %d, %v", n, err)
	}
}

func TestDescribeDemobots(t *testing.T) {
	parallel(t)
	st, _ := newDemobots(t)
	ctx := ctxT(t)
	scores, err := st.Describe(ctx, "scores")
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range scores.Columns {
		cols = append(cols, c.Name+" "+c.DataType)
		if c.Nullable {
			t.Errorf("%s is nullable", c.Name)
		}
	}
	wantCols := []string{"id int", "session_id int", "level_id int", "created_at datetime", "score int", "time_taken int", "accuracy float"}
	if !reflect.DeepEqual(cols, wantCols) {
		t.Errorf("columns %v, want %v", cols, wantCols)
	}
	if c := scores.Column("time_taken"); c == nil || c.Comment != "seconds" {
		t.Errorf("time_taken comment: %+v", c)
	}
	if c := scores.Column("id"); c == nil || c.Key != "PRI" || !strings.Contains(c.Extra, "auto_increment") {
		t.Errorf("id: %+v", c)
	}
	if !reflect.DeepEqual(scores.PrimaryKey, []string{"id"}) {
		t.Errorf("primary key %v", scores.PrimaryKey)
	}
	var idx []string
	for _, ix := range scores.Indexes {
		idx = append(idx, ix.Name+"("+strings.Join(ix.Columns, ",")+")")
	}
	if !reflect.DeepEqual(idx, []string{"PRIMARY(id)", "scores_level_id_idx(level_id)", "scores_session_id_idx(session_id)"}) {
		t.Errorf("indexes %v", idx)
	}
	if len(scores.Outgoing) != 2 || len(scores.Incoming) != 0 {
		t.Fatalf("scores FKs: out %+v in %+v", scores.Outgoing, scores.Incoming)
	}
	lvl := scores.Outgoing[0]
	if lvl.Name != "scores_level_id_fk" || lvl.Table != "scores" || lvl.RefTable != "levels" ||
		!reflect.DeepEqual(lvl.Columns, []string{"level_id"}) || !reflect.DeepEqual(lvl.RefColumns, []string{"id"}) {
		t.Errorf("level FK %+v", lvl)
	}

	users, err := st.Describe(ctx, "users")
	if err != nil {
		t.Fatal(err)
	}
	var in []string
	for _, fk := range users.Incoming {
		in = append(in, fk.Table+"."+strings.Join(fk.Columns, ",")+"->"+fk.RefTable+"."+strings.Join(fk.RefColumns, ","))
	}
	if !reflect.DeepEqual(in, []string{"sessions.user_id->users.id", "user_profiles.user_id->users.id"}) {
		t.Errorf("users incoming %v", in)
	}
	var uniq bool
	for _, ix := range users.Indexes {
		uniq = uniq || ix.Name == "users_username_unique" && ix.Unique && !ix.Primary
	}
	if !uniq {
		t.Errorf("users indexes %+v", users.Indexes)
	}

	ddl, err := st.CreateTableSQL(ctx, "sessions")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ddl, "CREATE TABLE `sessions`") || !strings.Contains(ddl, "sessions_user_id_fk") {
		t.Errorf("SHOW CREATE TABLE gave %q", ddl)
	}
}

func TestMissingTable(t *testing.T) {
	parallel(t)
	st, _ := newDemobots(t)
	ctx := ctxT(t)
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, store.ErrNoTable) {
			t.Errorf("%s: got %v, want ErrNoTable", what, err)
			return
		}
		if !strings.Contains(err.Error(), `"nope"`) {
			t.Errorf("%s: %q does not name the table", what, err)
		}
	}
	_, err := st.Describe(ctx, "nope")
	check("Describe", err)
	_, err = st.CreateTableSQL(ctx, "nope")
	check("CreateTableSQL", err)
	_, err = st.CountRows(ctx, "nope")
	check("CountRows", err)
	_, err = st.Rows(ctx, store.RowQuery{Table: "nope"})
	check("Rows", err)
	// A description of a table dropped since: the page query itself fails.
	info, err := st.Describe(ctx, "levels")
	if err != nil {
		t.Fatal(err)
	}
	info.Name = "nope"
	_, err = st.RowsOf(ctx, info, store.RowQuery{})
	check("RowsOf", err)
}

// hostileSchema has a composite primary key, a composite foreign key and
// names that need quoting: a reserved word, a space, a backtick.
var hostileSchema = []string{
	"CREATE TABLE `order` (`a` INT NOT NULL, `b c` VARCHAR(10) NOT NULL, `we``ird` VARCHAR(10) NULL, PRIMARY KEY (`a`, `b c`))",
	"CREATE TABLE `my table` (`id` INT NOT NULL PRIMARY KEY, `o a` INT NULL, `o``b` VARCHAR(10) NULL, `select` INT NOT NULL DEFAULT 7," +
		" KEY `ix` (`o a`, `o``b`)," +
		" CONSTRAINT `fk one` FOREIGN KEY (`o a`, `o``b`) REFERENCES `order` (`a`, `b c`))",
}

func TestDescribeHostileNames(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, hostileSchema...)
	ctx := ctxT(t)
	order, err := st.Describe(ctx, "order")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(order.PrimaryKey, []string{"a", "b c"}) {
		t.Errorf("composite primary key %q", order.PrimaryKey)
	}
	if c := order.Column("we`ird"); c == nil || !c.Nullable {
		t.Errorf("column with a backtick: %+v", c)
	}
	if len(order.Incoming) != 1 {
		t.Fatalf("incoming %+v", order.Incoming)
	}
	fk := order.Incoming[0]
	if fk.Name != "fk one" || fk.Table != "my table" || !reflect.DeepEqual(fk.Columns, []string{"o a", "o`b"}) || !reflect.DeepEqual(fk.RefColumns, []string{"a", "b c"}) {
		t.Errorf("incoming composite FK %+v", fk)
	}
	child, err := st.Describe(ctx, "my table")
	if err != nil {
		t.Fatal(err)
	}
	if len(child.Outgoing) != 1 || !reflect.DeepEqual(child.Outgoing[0], fk) {
		t.Errorf("outgoing %+v, want %+v", child.Outgoing, fk)
	}
	if c := child.Column("select"); c == nil || c.Default == nil || *c.Default != "7" {
		t.Errorf("default of `select`: %+v", c)
	}
	if c := child.Column("id"); c == nil || c.Default != nil {
		t.Errorf("id has a default: %+v", c)
	}
	ddl, err := st.CreateTableSQL(ctx, "my table")
	if err != nil || !strings.Contains(ddl, "`o``b`") {
		t.Errorf("SHOW CREATE TABLE: %q, %v", ddl, err)
	}
	tables, err := st.Tables(ctx)
	if err != nil || len(tables) != 2 || tables[0].Name != "my table" || tables[1].Name != "order" {
		t.Errorf("tables %+v, %v", tables, err)
	}
}
