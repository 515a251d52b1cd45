package tui

import (
	"context"
	"errors"
	"sort"

	"github.com/demobots/demobots-tui/store"
)

// StreamRows streams the rows RowsOf would page, whole, in batches.
func (f *fakeStore) StreamRows(_ context.Context, info *store.TableInfo, q store.RowQuery) (store.RowSource, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	t, ok := f.tables[info.Name]
	if !ok {
		return nil, errors.New("unknown table " + info.Name)
	}
	rows, err := f.matching(info.Name, q.Filters)
	if err != nil {
		return nil, err
	}
	rows = append([]store.Row(nil), rows...)
	if q.Sort != nil {
		i := -1
		for j, c := range t.info.Columns {
			if c.Name == q.Sort.Column {
				i = j
			}
		}
		sort.SliceStable(rows, func(a, b int) bool {
			x, y := string(rows[a][i].Bytes), string(rows[b][i].Bytes)
			if q.Sort.Desc {
				return x > y
			}
			return x < y
		})
	}
	return &memSource{cols: t.info.Columns, rows: rows}, nil
}

// memSource is a RowSource over rows in memory.
type memSource struct {
	cols   []store.Column
	rows   []store.Row
	closed bool
}

func (s *memSource) Columns() []store.Column { return s.cols }

func (s *memSource) Next(_ context.Context, n int) ([]store.Row, error) {
	if s.closed {
		return nil, errors.New("closed")
	}
	n = min(n, len(s.rows))
	out := s.rows[:n]
	s.rows = s.rows[n:]
	return out, nil
}

func (s *memSource) Close() error {
	s.closed = true
	return nil
}
