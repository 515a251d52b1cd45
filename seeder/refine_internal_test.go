package seeder

import (
	"bytes"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/internal/project"
)

// generatedRows is the LOAD DATA text of each row of t, split into fields.
func generatedRows(t *testing.T, ts tableSpec, o Options) [][]string {
	t.Helper()
	var buf bytes.Buffer
	w := newTSVWriter(&buf)
	if err := ts.gen(o, w); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

func TestRefinementReplacesOnlyItsColumns(t *testing.T) {
	t.Parallel()
	f, err := project.Parse("r.toml", []byte(`[seed.tables.users]
columns.date_of_birth = { generator = "date", min = "1990-01-01", max = "1990-12-31" }
[seed.tables.scores]
columns.score = { generator = "int", min = 7, max = 9 }
`))
	if err != nil {
		t.Fatal(err)
	}
	o, err := WithRefinement(DefaultOptions(), f.Seed)
	if err != nil {
		t.Fatal(err)
	}
	refined, err := refineDataset(o)
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]int{"users": 3, "scores": 4} // the refined column's index
	for i, ts := range dataset {
		plain, got := generatedRows(t, ts, o), generatedRows(t, refined[i], o)
		if len(plain) != len(got) {
			t.Fatalf("%s: %d rows refined, %d plain", ts.name, len(got), len(plain))
		}
		col, refinedTable := changed[ts.name]
		differ := 0
		for r := range plain {
			for c := range plain[r] {
				switch {
				case refinedTable && c == col:
					if plain[r][c] != got[r][c] {
						differ++
					}
				case plain[r][c] != got[r][c]:
					t.Errorf("%s row %d column %s: %q, was %q without the refinement", ts.name, r+1, ts.columns[c], got[r][c], plain[r][c])
				}
			}
			if ts.name == "users" && (got[r][col] < "1990-01-01" || got[r][col] > "1990-12-31") {
				t.Errorf("users row %d: date_of_birth %s outside the refined range", r+1, got[r][col])
			}
			if ts.name == "scores" && (got[r][col] < "7" || got[r][col] > "9" || len(got[r][col]) != 1) {
				t.Errorf("scores row %d: score %s outside 7..9", r+1, got[r][col])
			}
		}
		if refinedTable && differ == 0 {
			t.Errorf("%s: the refined column kept every built-in value", ts.name)
		}
	}
}
