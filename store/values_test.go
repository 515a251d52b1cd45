package store

import (
	"testing"
	"time"
)

func TestCellValue(t *testing.T) {
	t.Parallel()
	date := &Column{Name: "d", DataType: "date", Type: "date"}
	dt := &Column{Name: "dt", DataType: "datetime", Type: "datetime"}
	dt3 := &Column{Name: "dt3", DataType: "datetime", Type: "datetime(3)"}
	flt := &Column{Name: "f", DataType: "float", Type: "float"}
	at := time.Date(2025, 1, 2, 3, 4, 5, 120_000_000, time.UTC)
	tests := []struct {
		name string
		col  *Column
		src  any
		want Value
	}{
		{"nil is NULL", dt, nil, Value{Null: true}},
		{"empty bytes are not NULL", nil, []byte{}, Value{Bytes: []byte{}}},
		{"nil slice of bytes is empty, not NULL", nil, []byte(nil), Value{Bytes: []byte{}}},
		{"text NULL is text", nil, []byte("NULL"), Value{Bytes: []byte("NULL")}},
		{"binary", nil, []byte{0, 0xff}, Value{Bytes: []byte{0, 0xff}}},
		{"int", nil, int64(-42), Value{Bytes: []byte("-42")}},
		{"uint", nil, uint64(18446744073709551615), Value{Bytes: []byte("18446744073709551615")}},
		{"float32", flt, float32(0.1), Value{Bytes: []byte("0.1")}},
		{"float64 of a FLOAT column", flt, float64(float32(0.1)), Value{Bytes: []byte("0.1")}},
		{"double", nil, 0.1, Value{Bytes: []byte("0.1")}},
		{"date", date, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), Value{Bytes: []byte("2025-01-02")}},
		{"datetime drops zero fraction", dt, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Value{Bytes: []byte("2025-01-02 03:04:05")}},
		{"datetime(3)", dt3, at, Value{Bytes: []byte("2025-01-02 03:04:05.120")}},
		{"zero date", date, time.Time{}, Value{Bytes: []byte("0000-00-00")}},
		{"zero datetime", dt, time.Time{}, Value{Bytes: []byte("0000-00-00 00:00:00")}},
	}
	for _, tt := range tests {
		got := cellValue(tt.col, tt.src)
		if got.Null != tt.want.Null || string(got.Bytes) != string(tt.want.Bytes) || (got.Bytes == nil) != (tt.want.Bytes == nil) {
			t.Errorf("%s: got %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

func TestValueString(t *testing.T) {
	t.Parallel()
	if (Value{Null: true}).String() != "NULL" || (Value{Bytes: []byte{}}).String() != "" {
		t.Error("String")
	}
	if (Value{Bytes: []byte{0, 0xab}}).Hex() != "0x00ab" || (Value{Null: true}).Hex() != "NULL" {
		t.Error("Hex")
	}
}

func TestNormalizeDefault(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"'x'":                 "x",
		"'it''s'":             "it's",
		"x":                   "x",
		"current_timestamp()": "current_timestamp()",
		"NULL":                "NULL",
		"''":                  "",
	} {
		if got := normalizeDefault(in); got != want {
			t.Errorf("normalizeDefault(%q) = %q, want %q", in, got, want)
		}
	}
}
