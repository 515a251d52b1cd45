package seeder

import (
	"database/sql"
	"fmt"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/mysql"
)

// openDriver opens atlas's MySQL driver (inspect, diff, plan) on db.
func openDriver(db *sql.DB) (migrate.Driver, error) {
	drv, err := mysql.Open(db)
	if err != nil {
		return nil, fmt.Errorf("seeder: open the schema inspector: %w", err)
	}
	return drv, nil
}
