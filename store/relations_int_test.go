package store_test

import (
	"reflect"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// rowWhere returns the first row of table matching filters, with its columns.
func rowWhere(t *testing.T, st *store.Store, table string, filters ...store.Filter) (*store.TableInfo, []store.Column, store.Row) {
	t.Helper()
	info, err := st.Describe(ctxT(t), table)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.RowsOf(ctxT(t), info, store.RowQuery{Filters: filters, Limit: 1})
	if err != nil || len(p.Rows) != 1 {
		t.Fatalf("%s row: %v, %d rows", table, err, len(p.Rows))
	}
	return info, p.Columns, p.Rows[0]
}

func relationCounts(rels []store.RelationCount) map[string]int64 {
	out := map[string]int64{}
	for _, r := range rels {
		dir := "parent "
		if r.Incoming {
			dir = "children "
		}
		out[dir+r.FK.Name] = r.Rows
	}
	return out
}

func TestRelationsDemobots(t *testing.T) {
	parallel(t)
	st, _ := newDemobots(t)
	ctx := ctxT(t)

	users, cols, alice := rowWhere(t, st, "users", store.Filter{Column: "username", Op: store.OpEq, Value: "alice"})
	rels, err := st.Relations(ctx, users, cols, alice)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"children sessions_user_id_fk": 3, "children user_profiles_user_id_fk": 1}
	if got := relationCounts(rels); !reflect.DeepEqual(got, want) {
		t.Errorf("alice's relations %v, want %v", got, want)
	}
	// Open alice's sessions through the relation.
	for _, r := range rels {
		if r.FK.Name != "sessions_user_id_fk" {
			continue
		}
		q := store.RelationQuery(r, cols, alice)
		if q.Table != "sessions" || !reflect.DeepEqual(q.Filters, []store.Filter{{Column: "user_id", Op: store.OpEq, Value: "1"}}) {
			t.Errorf("child query %+v", q)
		}
		p, err := st.Rows(ctx, q)
		if err != nil || !reflect.DeepEqual(column(p, 0), []string{"10", "11", "12"}) {
			t.Errorf("alice's sessions: %v, %v", column(p, 0), err)
		}
	}

	_, cols, bob := rowWhere(t, st, "users", store.Filter{Column: "username", Op: store.OpEq, Value: "bob"})
	rels, err = st.Relations(ctx, users, cols, bob)
	if err != nil {
		t.Fatal(err)
	}
	if got := relationCounts(rels); !reflect.DeepEqual(got, map[string]int64{"children sessions_user_id_fk": 0, "children user_profiles_user_id_fk": 0}) {
		t.Errorf("bob's relations %v", got)
	}

	scores, cols, score := rowWhere(t, st, "scores", store.Filter{Column: "id", Op: store.OpEq, Value: "101"})
	rels, err = st.Relations(ctx, scores, cols, score)
	if err != nil {
		t.Fatal(err)
	}
	if got := relationCounts(rels); !reflect.DeepEqual(got, map[string]int64{"parent scores_level_id_fk": 1, "parent scores_session_id_fk": 1}) {
		t.Errorf("score relations %v", got)
	}
	for _, r := range rels {
		p, err := st.Rows(ctx, store.RelationQuery(r, cols, score))
		if err != nil || len(p.Rows) != 1 {
			t.Fatalf("parent via %s: %v, %v", r.FK.Name, err, p)
		}
		if r.FK.RefTable == "levels" && p.Rows[0][1].String() != "Advanced" {
			t.Errorf("level of score 101: %v", p.Rows[0])
		}
	}
}

func TestRelationsCompositeAndNull(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, hostileSchema...)
	exec(t, db,
		"INSERT INTO `order` VALUES (1,'x',NULL),(1,'y','w`1'),(2,'x','w2')",
		"INSERT INTO `my table` (`id`, `o a`, `o``b`) VALUES (10,1,'x'),(11,1,'y'),(12,NULL,NULL),(13,1,'x'),(14,2,NULL)",
	)
	ctx := ctxT(t)
	order, cols, row := rowWhere(t, st, "order", store.Filter{Column: "a", Op: store.OpEq, Value: "1"}, store.Filter{Column: "b c", Op: store.OpEq, Value: "x"})
	rels, err := st.Relations(ctx, order, cols, row)
	if err != nil {
		t.Fatal(err)
	}
	if len(rels) != 1 || !rels[0].Incoming || rels[0].Rows != 2 {
		t.Fatalf("composite incoming: %+v", rels)
	}
	p, err := st.Rows(ctx, store.RelationQuery(rels[0], cols, row))
	if err != nil || !reflect.DeepEqual(column(p, 0), []string{"10", "13"}) {
		t.Errorf("children through a composite key: %v, %v", column(p, 0), err)
	}

	child, cols, orphan := rowWhere(t, st, "my table", store.Filter{Column: "id", Op: store.OpEq, Value: "12"})
	rels, err = st.Relations(ctx, child, cols, orphan)
	if err != nil {
		t.Fatal(err)
	}
	if len(rels) != 1 || rels[0].Incoming || rels[0].Rows != 0 {
		t.Fatalf("NULL key relations: %+v", rels)
	}
	p, err = st.Rows(ctx, store.RelationQuery(rels[0], cols, orphan))
	if err != nil || len(p.Rows) != 0 {
		t.Errorf("a NULL key opens %v, %v; want no parent", column(p, 0), err)
	}
	// Half NULL: MySQL does not check the key, there is no parent either.
	_, cols, half := rowWhere(t, st, "my table", store.Filter{Column: "id", Op: store.OpEq, Value: "14"})
	rels, err = st.Relations(ctx, child, cols, half)
	if err != nil || rels[0].Rows != 0 {
		t.Errorf("half-NULL key: %+v, %v", rels, err)
	}
}
