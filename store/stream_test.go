package store

import (
	"database/sql"
	"reflect"
	"testing"
	"time"
)

func TestAppendTime(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC)
	cases := []struct {
		t        time.Time
		dataType string
		fsp      int
		want     string
	}{
		{at, "datetime", 6, "2025-01-02 03:04:05.123456"},
		{at, "datetime", 3, "2025-01-02 03:04:05.123"},
		{at, "timestamp", 0, "2025-01-02 03:04:05.123456"},
		{at.Truncate(time.Second), "datetime", 0, "2025-01-02 03:04:05"},
		{at.Truncate(time.Second), "datetime", 2, "2025-01-02 03:04:05.00"},
		{time.Date(999, 12, 31, 23, 59, 59, 0, time.UTC), "datetime", 0, "0999-12-31 23:59:59"},
		{at, "date", 0, "2025-01-02"},
		{time.Time{}, "date", 0, "0000-00-00"},
		{time.Time{}, "datetime", 6, "0000-00-00 00:00:00"},
	}
	for _, c := range cases {
		if got := string(appendTime(nil, c.t, c.dataType, c.fsp)); got != c.want {
			t.Errorf("%v %s(%d): %q, want %q", c.t, c.dataType, c.fsp, got, c.want)
		}
	}
	col := &Column{Type: "datetime(3)", DataType: "datetime"}
	if got := formatTime(col, at); got != "2025-01-02 03:04:05.123" {
		t.Errorf("formatTime: %q", got)
	}
}

// TestBatchRow: values are copied out of the driver's buffer (which the
// next row overwrites), NULL stays apart from empty, numbers and times are
// printed as the server prints them.
func TestBatchRow(t *testing.T) {
	cols := []streamColumn{{}, {}, {typed: true}, {typed: true}, {typed: true, dataType: "datetime", fsp: 6}, {typed: true}, {typed: true}}
	buf := []byte("héllo")
	raw := []sql.RawBytes{buf, {}, nil, nil, nil, nil, nil}
	typed := []any{nil, nil, int64(-42), float32(0.1), time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC), nil, uint64(18446744073709551615)}
	var b batch
	row, size := b.row(cols, raw, typed)
	copy(buf, "XXXXX")
	want := Row{
		{Bytes: []byte("héllo"), Size: 6},
		{Bytes: []byte{}, Size: 0},
		{Bytes: []byte("-42"), Size: 3},
		{Bytes: []byte("0.1"), Size: 3},
		{Bytes: []byte("2025-01-02 03:04:05.000006"), Size: 26},
		{Null: true},
		{Bytes: []byte("18446744073709551615"), Size: 20},
	}
	if !reflect.DeepEqual(row, want) || size != 6+3+3+26+20 {
		t.Errorf("got %+v (%d bytes)", row, size)
	}
	for i, v := range typed {
		if v != nil {
			t.Errorf("typed[%d] not reset", i)
		}
	}
	// A value too long for a chunk gets its own allocation.
	big := make([]byte, batchChunk)
	row, _ = b.row([]streamColumn{{}}, []sql.RawBytes{big}, []any{nil})
	if len(row[0].Bytes) != batchChunk || &row[0].Bytes[0] == &big[0] {
		t.Error("a long value is not copied")
	}
}
