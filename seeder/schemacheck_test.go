package seeder_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/seeder"
)

// CheckSchema asks only what seed needs: the tables and columns it writes,
// of types that hold what it writes, and no column it cannot fill.
func TestCheckSchemaChecksWhatSeedWrites(t *testing.T) {
	for _, tc := range []struct {
		name  string
		alter string
		want  string // "" when the seed must work
	}{
		{"an extra nullable column", "ALTER TABLE `users` ADD COLUMN `nickname` varchar(20) NULL", ""},
		{"an extra column with a default", "ALTER TABLE `users` ADD COLUMN `karma` int NOT NULL DEFAULT 0", ""},
		{"a wider column", "ALTER TABLE `users` MODIFY `username` varchar(40) NOT NULL", ""},
		{"a wider integer", "ALTER TABLE `scores` MODIFY `score` bigint NOT NULL", ""},
		{"a decimal accuracy", "ALTER TABLE `scores` MODIFY `accuracy` decimal(3,2) NOT NULL", ""},
		{"an extra index", "CREATE INDEX `users_created_idx` ON `users` (`created_at`)", ""},
		{"a missing column", "ALTER TABLE `users` DROP COLUMN `date_of_birth`", "column `users`.`date_of_birth` is missing"},
		{"a narrower column", "ALTER TABLE `users` MODIFY `username` varchar(8) NOT NULL", "column `users`.`username` is varchar(8), but seed writes up to 20 characters"},
		{"a narrower integer", "ALTER TABLE `scores` MODIFY `score` smallint NOT NULL", "column `scores`.`score` is smallint"},
		{"another type", "ALTER TABLE `sessions` MODIFY `created_at` varchar(30) NOT NULL", "column `sessions`.`created_at` is varchar(30), but seed writes dates with a time of day there"},
		{"an extra NOT NULL column without a default", "ALTER TABLE `levels` ADD COLUMN `colour` varchar(10) NOT NULL", "column `levels`.`colour` is NOT NULL without a default"},
		{"a missing table", "DROP TABLE `scores`", "table `scores` is missing"},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			st, _ := newStore(t)
			createSchema(t, st)
			exec(t, st, tc.alter)
			err := seeder.CheckSchema(context.Background(), st)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckSchema: %v", err)
				}
				seed(t, st, seedOpts(3))
				return
			}
			if !errors.Is(err, seeder.ErrSchemaMismatch) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "push") {
				t.Fatalf("CheckSchema: %v; want ErrSchemaMismatch saying %q and suggesting push", err, tc.want)
			}
			if _, err := seeder.Seed(context.Background(), st, seedOpts(3)); !errors.Is(err, seeder.ErrSchemaMismatch) {
				t.Errorf("seed: %v, want ErrSchemaMismatch", err)
			}
		})
	}
}
