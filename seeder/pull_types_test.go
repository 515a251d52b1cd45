package seeder

import (
	"context"
	"os"
	"regexp"
	"testing"

	"ariga.io/atlas/sql/migrate"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// pull's own output, for tables of every type family with MariaDB's own
// types and attributes, passes the schema file check, and what push would
// run in the scratch database (comments removed, executable comments
// opened) creates exactly the same tables; planning it against its own
// database finds nothing to change.
func TestPullOfEveryTypeFamilyRunsFaithfully(t *testing.T) {
	if testdb.Embedded(t) {
		t.Skip("these types (uuid, inet6, COMPRESSED, system versioning…) are MariaDB's; the embedded engine's round trip is TestPullPushRoundTrip")
	}
	ctx := context.Background()
	if k := openStore(t).Flavor().Kind; k != store.FlavorMariaDB {
		t.Skipf("these types (uuid, inet6, COMPRESSED, system versioning…) are MariaDB's; on %s the round trip is TestPullPushRoundTrip", k)
	}
	b, err := os.ReadFile("testdata/mariadb_pull.sql")
	if err != nil {
		t.Fatal(err)
	}
	stmts, err := migrate.Stmts(string(b))
	if err != nil {
		t.Fatal(err)
	}
	src := openStore(t)
	for _, s := range stmts {
		if _, err := src.DB().Exec(s.Text); err != nil {
			t.Fatal(err)
		}
	}
	pulled, err := Pull(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseSchema("pulled.sql", pulled)
	if err != nil {
		t.Fatalf("pull's output is refused: %v\n%s", err, pulled)
	}
	dst := openStore(t)
	for _, s := range d.stmts {
		if _, err := dst.DB().Exec(s.sql); err != nil {
			t.Fatalf("%s:%d: %v", d.File, s.line, err)
		}
	}
	// Pull writes base tables; MariaDB lists a system-versioned table as
	// "SYSTEM VERSIONED", not "BASE TABLE", so `ver` is not in it.
	tables := d.Tables()
	if len(tables) != 6 {
		t.Fatalf("tables %v", tables)
	}
	for _, table := range tables {
		if a, b := createTable(t, src, table), createTable(t, dst, table); a != b {
			t.Errorf("%s differs:\n%s\nwant\n%s", table, b, a)
		}
	}
	// atlas's inspector does not know INVISIBLE columns ("unknown extra
	// column attribute"): push cannot manage such a table, whatever the
	// file says, so that one is left out of planning.
	if _, err := src.DB().Exec("ALTER TABLE `every` DROP COLUMN `inv`"); err != nil {
		t.Fatal(err)
	}
	if pulled, err = Pull(ctx, src); err != nil {
		t.Fatal(err)
	}
	plan, err := PlanPush(ctx, src, pulled)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() {
		t.Errorf("pushing a database's own pull plans %+v", plan.Changes)
	}
}

func createTable(t *testing.T, st *store.Store, table string) string {
	t.Helper()
	var name, ddl string
	if err := st.DB().QueryRow("SHOW CREATE TABLE "+quoteIdent(table)).Scan(&name, &ddl); err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(` AUTO_INCREMENT=\d+`).ReplaceAllString(ddl, "")
}
