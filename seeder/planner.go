package seeder

import (
	"database/sql"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/mysql"
)

// openDriver opens atlas's MySQL driver (inspect, diff, plan) on db.
func openDriver(db *sql.DB) (migrate.Driver, error) {
	return mysql.Open(db)
}
