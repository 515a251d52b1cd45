package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// sliceSource hands out rows held in memory, batch rows at a time.
type sliceSource struct {
	cols  []store.Column
	rows  []store.Row
	calls int
	err   error // returned once the rows are handed out
}

func (s *sliceSource) Columns() []store.Column { return s.cols }

func (s *sliceSource) Next(_ context.Context, n int) ([]store.Row, error) {
	s.calls++
	if len(s.rows) == 0 {
		return nil, s.err
	}
	n = min(n, len(s.rows))
	out := s.rows[:n]
	s.rows = s.rows[n:]
	return out, nil
}

func text(s string) store.Value { return store.Value{Bytes: []byte(s), Size: int64(len(s))} }
func bin(b ...byte) store.Value { return store.Value{Bytes: b, Size: int64(len(b))} }
func null() store.Value         { return store.Value{Null: true} }
func column(name, dataType string) store.Column {
	return store.Column{Name: name, DataType: dataType, Binary: binaryTypes[dataType] || dataType == "bit"}
}

// write runs Write over rows and returns the output.
func write(t *testing.T, opts Options, cols []store.Column, rows ...store.Row) string {
	t.Helper()
	var buf bytes.Buffer
	st, err := Write(context.Background(), &buf, &sliceSource{cols: cols, rows: rows}, opts)
	if err != nil {
		t.Fatalf("write %s: %v", opts.Format, err)
	}
	if st.Rows != int64(len(rows)) || st.Bytes != int64(buf.Len()) {
		t.Errorf("stats %+v, want %d rows and %d bytes", st, len(rows), buf.Len())
	}
	return buf.String()
}
