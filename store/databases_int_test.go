package store_test

import (
	"testing"
)

// TestDatabasesListsWithCounts lists the test's own database with its
// table count, user databases before the system ones.
func TestDatabasesListsWithCounts(t *testing.T) {
	parallel(t)
	st, db, cfg := newDB(t)
	exec(t, db, "CREATE TABLE a (id INT PRIMARY KEY)", "CREATE TABLE b (id INT PRIMARY KEY)", "CREATE VIEW v AS SELECT id FROM a")
	dbs, err := st.Databases(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	seenSystem := false
	found := false
	for _, d := range dbs {
		if d.System {
			seenSystem = true
		} else if seenSystem {
			t.Fatalf("user database %s after a system one: %+v", d.Name, dbs)
		}
		if d.Name == cfg.DBName {
			found = true
			if d.Tables != 3 || d.System {
				t.Errorf("%s: %+v", d.Name, d)
			}
		}
		if d.Name == "information_schema" && !d.System {
			t.Error("information_schema is not marked as a system schema")
		}
	}
	if !found {
		t.Fatalf("%s not listed: %+v", cfg.DBName, dbs)
	}
}
