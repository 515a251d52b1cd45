package store_test

import (
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// TestViewsRoutinesAndTriggers lists views with the tables, gives plain
// single-table views their base table's key (so they page by keyset),
// leaves other views to OFFSET paging, and lists triggers and routines.
func TestViewsRoutinesAndTriggers(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	ctx := ctxT(t)
	exec(t, db,
		"CREATE TABLE t (id INT NOT NULL PRIMARY KEY, name VARCHAR(20), grp INT)",
		"INSERT INTO t VALUES (1,'a',1),(2,'b',1),(3,'c',2),(4,'d',2),(5,'e',3)",
		"CREATE VIEW v_plain AS SELECT id, name FROM t WHERE grp < 3",
		"CREATE VIEW v_alias AS SELECT id AS ident, name FROM t",
		"CREATE VIEW v_star AS SELECT * FROM t",
		"CREATE VIEW v_group AS SELECT grp, COUNT(*) AS n FROM t GROUP BY grp",
	)
	tables, err := st.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	views := map[string]bool{}
	for _, tb := range tables {
		views[tb.Name] = tb.View
	}
	if views["t"] || !views["v_plain"] || !views["v_group"] || len(tables) != 5 {
		t.Fatalf("tables: %+v", tables)
	}
	for _, c := range []struct {
		view string
		key  string
	}{{"v_plain", "id"}, {"v_alias", "ident"}, {"v_star", "id"}, {"v_group", ""}} {
		info, err := st.Describe(ctx, c.view)
		if err != nil {
			t.Fatalf("%s: %v", c.view, err)
		}
		if !info.View || strings.Join(info.PrimaryKey, ",") != c.key {
			t.Errorf("%s: view %v, key %v", c.view, info.View, info.PrimaryKey)
		}
		p, err := st.RowsOf(ctx, info, store.RowQuery{Table: c.view, Limit: 2})
		if err != nil {
			t.Fatalf("%s: %v", c.view, err)
		}
		if p.Keyset != (c.key != "") || len(p.Rows) != 2 || !p.HasNext {
			t.Errorf("%s: keyset %v, %d rows, next %v", c.view, p.Keyset, len(p.Rows), p.HasNext)
		}
		end := p.End
		if _, err := st.RowsOf(ctx, info, store.RowQuery{Table: c.view, Limit: 2, After: &end}); err != nil {
			t.Errorf("%s: second page: %v", c.view, err)
		}
	}
	ddl, err := st.CreateTableSQL(ctx, "v_plain")
	if err != nil || !strings.Contains(strings.ToUpper(ddl), "VIEW") {
		t.Fatalf("view definition: %q %v", ddl, err)
	}

	if st.Flavor().Kind == store.FlavorTiDB {
		return // TiDB has neither triggers nor stored routines
	}
	exec(t, db, "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.name = UPPER(NEW.name)")
	trs, err := st.Triggers(ctx, "t")
	if err != nil || len(trs) != 1 || trs[0].Name != "t_bi" || trs[0].Timing != "BEFORE" || trs[0].Event != "INSERT" || !strings.Contains(strings.ToUpper(trs[0].Statement), "UPPER") {
		t.Fatalf("triggers: %+v %v", trs, err)
	}
	exec(t, db, "CREATE PROCEDURE p_count() SELECT COUNT(*) FROM t")
	rs, err := st.Routines(ctx)
	if testdb.Embedded(t) {
		// The embedded engine keeps routines but lists them nowhere (not in
		// information_schema.ROUTINES, not in SHOW PROCEDURE STATUS): the
		// list is empty there, and nothing fails.
		if err != nil || len(rs) != 0 {
			t.Fatalf("routines on the embedded engine: %+v %v", rs, err)
		}
		rs = []store.Routine{{Name: "p_count", Type: "PROCEDURE"}}
	} else if err != nil || len(rs) != 1 || rs[0].Name != "p_count" || rs[0].Type != "PROCEDURE" {
		t.Fatalf("routines: %+v %v", rs, err)
	}
	body, err := st.RoutineSQL(ctx, rs[0])
	if err != nil || !strings.Contains(body, "p_count") {
		t.Fatalf("routine body: %q %v", body, err)
	}
}
