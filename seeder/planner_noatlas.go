//go:build !atlas

package seeder

import (
	"database/sql"

	"ariga.io/atlas/sql/migrate"
)

// openDriver reports ErrNoPlanner: this build lacks atlas's MySQL driver,
// whose dependencies go.mod does not list yet (see planner_atlas.go).
func openDriver(*sql.DB) (migrate.Driver, error) {
	return nil, ErrNoPlanner
}
