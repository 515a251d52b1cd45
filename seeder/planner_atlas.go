//go:build atlas

package seeder

import (
	"database/sql"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/mysql"
)

// openDriver opens atlas's MySQL driver (inspect, diff, plan) on db.
//
// TODO(lead): this file needs the `atlas` build tag only until go.mod and
// go.sum list the modules ariga.io/atlas/sql/mysql imports (hashicorp/hcl,
// zclconf/go-cty, ...): once they do, delete planner_noatlas.go and the
// build line above.
func openDriver(db *sql.DB) (migrate.Driver, error) {
	return mysql.Open(db)
}
