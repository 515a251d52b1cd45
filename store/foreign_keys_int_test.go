package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

func fkString(fk store.ForeignKey) string {
	return fmt.Sprintf("%s: %s(%s) -> %s(%s) on update %s on delete %s", fk.Name,
		fk.Table, strings.Join(fk.Columns, ","), fk.RefTable, strings.Join(fk.RefColumns, ","), fk.OnUpdate, fk.OnDelete)
}

func TestForeignKeys(t *testing.T) {
	parallel(t)
	st, db, cfg := newDB(t)
	exec(t, db, schemaStatements()...)
	exec(t, db, hostileSchema...)
	exec(t, db,
		"CREATE TABLE tree (id INT NOT NULL PRIMARY KEY, parent_id INT NULL, KEY (parent_id),"+
			" CONSTRAINT tree_parent_fk FOREIGN KEY (parent_id) REFERENCES tree (id) ON DELETE CASCADE ON UPDATE SET NULL)",
	)
	ctx := ctxT(t)
	want := []string{
		"fk one: my table(o a,o`b) -> order(a,b c) on update RESTRICT on delete RESTRICT",
		"scores_level_id_fk: scores(level_id) -> levels(id) on update RESTRICT on delete RESTRICT",
		"scores_session_id_fk: scores(session_id) -> sessions(id) on update RESTRICT on delete RESTRICT",
		"sessions_user_id_fk: sessions(user_id) -> users(id) on update RESTRICT on delete RESTRICT",
		"tree_parent_fk: tree(parent_id) -> tree(id) on update SET NULL on delete CASCADE",
		"user_profiles_user_id_fk: user_profiles(user_id) -> users(id) on update RESTRICT on delete RESTRICT",
	}
	for _, schema := range []string{"", cfg.DBName} {
		fks, err := st.ForeignKeys(ctx, schema)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, fk := range fks {
			// The default rule is reported as RESTRICT by MariaDB and as
			// NO ACTION by MySQL 8, TiDB and the embedded engine: the same
			// behaviour for InnoDB.
			got = append(got, strings.ReplaceAll(fkString(fk), "NO ACTION", "RESTRICT"))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ForeignKeys(%q):\n%s\nwant\n%s", schema, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	// Describe reads the same catalog: its keys are ForeignKeys' keys.
	all, err := st.ForeignKeys(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"users", "scores", "order", "my table", "tree"} {
		info, err := st.Describe(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		for _, fk := range append(info.Outgoing, info.Incoming...) {
			found := false
			for _, a := range all {
				found = found || reflect.DeepEqual(a, fk)
			}
			if !found {
				t.Errorf("Describe(%s) has %s, which ForeignKeys does not list", table, fkString(fk))
			}
		}
	}
	fks, err := st.ForeignKeys(ctx, "no_such_schema_here")
	if err != nil || len(fks) != 0 {
		t.Errorf("ForeignKeys of a missing schema: %v, %v; want none", fks, err)
	}
}

func TestQueryEach(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE n (id INT NOT NULL PRIMARY KEY)", "INSERT INTO n VALUES (3),(1),(2)")
	ctx := ctxT(t)
	got, err := store.QueryRows(ctx, st.DB(), "SELECT id FROM n WHERE id > ? ORDER BY id", []any{1}, func(rows *sql.Rows) (int, error) {
		var id int
		err := rows.Scan(&id)
		return id, err
	})
	if err != nil || !reflect.DeepEqual(got, []int{2, 3}) {
		t.Errorf("QueryRows = %v, %v", got, err)
	}
	stop := errors.New("stop here")
	calls := 0
	err = store.QueryEach(ctx, st.DB(), "SELECT id FROM n ORDER BY id", nil, func(*sql.Rows) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("QueryEach returned %v after %d calls; want the callback's error after 1", err, calls)
	}
	if n := st.DB().Stats().InUse; n != 0 {
		t.Errorf("%d connections still in use: the rows were not closed", n)
	}
	_, err = store.QueryRows(ctx, st.DB(), "SELECT nope FROM n", nil, func(rows *sql.Rows) (int, error) { return 0, nil })
	if err == nil || strings.Contains(err.Error(), "store:") {
		t.Errorf("a failing query gave %v; want the server's error as it is", err)
	}
}
