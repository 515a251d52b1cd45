package seeder

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/demobots/demobots-tui/store"
)

// DatasetChecksum is the SHA-256 of the dataset o describes (refined by
// o.Refine), as generated:
// every table in load order, a header line per table, then its rows in id
// order in the LOAD DATA text format. Checksum of a database seeded with o
// returns the same value, so a test can pin the generator's output (a
// gofakeit upgrade that changes the data changes it) and compare a loaded
// database with it.
func DatasetChecksum(o Options) (string, error) {
	if err := o.Validate(); err != nil {
		return "", err
	}
	tables, err := refineDataset(o)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	w := newTSVWriter(h)
	for _, t := range tables {
		writeHeader(h, w, t)
		if err := t.gen(o, w); err != nil {
			return "", err
		}
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Checksum is the SHA-256 of the contents of the demobots tables of st, in
// the format of DatasetChecksum. It reads every row: meant for tests and
// small datasets.
func Checksum(ctx context.Context, st *store.Store) (string, error) {
	h := sha256.New()
	w := newTSVWriter(h)
	for _, t := range dataset {
		writeHeader(h, w, t)
		if err := checksumTable(ctx, st.DB(), t, w); err != nil {
			return "", err
		}
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func writeHeader(h hash.Hash, w *tsvWriter, t tableSpec) {
	_ = w.Flush() // hashing never fails
	fmt.Fprintf(h, "== %s\n", t.name)
}

func checksumTable(ctx context.Context, db *sql.DB, t tableSpec, w rowWriter) error {
	cols := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i] = quoteIdent(c)
	}
	query, args, err := sq.Select(cols...).From(quoteIdent(t.name)).OrderBy(quoteIdent("id")).ToSql()
	if err != nil {
		return fmt.Errorf("seeder: build query: %w", err)
	}
	ints := make([]int64, len(t.columns))
	strs := make([]string, len(t.columns))
	times := make([]time.Time, len(t.columns))
	floats := make([]float64, len(t.columns))
	dest := make([]any, len(t.columns))
	for i, k := range t.kinds {
		switch k {
		case 'i':
			dest[i] = &ints[i]
		case 's':
			dest[i] = &strs[i]
		case 't', 'd':
			dest[i] = &times[i]
		case 'h':
			dest[i] = &floats[i]
		}
	}
	err = store.QueryEach(ctx, db, query, args, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, k := range t.kinds {
			switch k {
			case 'i':
				w.Int(ints[i])
			case 's':
				w.Str(strs[i])
			case 't':
				w.DateTime(times[i].Unix())
			case 'd':
				w.Date(times[i].Unix())
			case 'h':
				// FLOAT holds 0.57 as 0.569999992847...: back to hundredths.
				w.Hundredths(int64(math.Round(floats[i] * 100)))
			}
		}
		return w.EndRow()
	})
	if err != nil {
		return fmt.Errorf("seeder: read %s: %w", t.name, err)
	}
	return nil
}
