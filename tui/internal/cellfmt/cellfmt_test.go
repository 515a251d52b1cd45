package cellfmt

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/demobots/demobots-tui/store"
)

func val(s string) store.Value { return store.Value{Bytes: []byte(s)} }

var null = store.Value{Null: true}

func TestMarkersKeepNullEmptyAndTheStringNULLApart(t *testing.T) {
	t.Parallel()
	c := store.Column{Name: "c", DataType: "varchar"}
	nullCell, emptyCell, strCell := Cell(null, c), Cell(val(""), c), Cell(val("NULL"), c)
	if nullCell == emptyCell || nullCell == strCell || emptyCell == strCell {
		t.Fatalf("grid cells collide: %q %q %q", nullCell, emptyCell, strCell)
	}
	nullRec, emptyRec, strRec := Record(null, c), Record(val(""), c), Record(val("NULL"), c)
	if nullRec == emptyRec || nullRec == strRec || emptyRec == strRec || emptyRec == "" {
		t.Fatalf("record values collide: %q %q %q", nullRec, emptyRec, strRec)
	}
	bin := store.Column{Name: "b", DataType: "varbinary", Binary: true}
	if got := Cell(val("\x00\x01\xff"), bin); got != "[3 B] 0001FF" {
		t.Fatalf("binary cell = %q", got)
	}
	long := strings.Repeat("é", 400)
	got := Cell(val(long), c)
	if !utf8.ValidString(got) || !strings.HasSuffix(got, Ellipsis) || len(got) > MaxCellBytes+8 {
		t.Fatalf("long value cell: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}

func TestBitsShowAsBitLiterals(t *testing.T) {
	t.Parallel()
	b8 := store.Column{Name: "f", Type: "bit(8)", DataType: "bit", Binary: true}
	if got := Cell(store.Value{Bytes: []byte{0xa5}}, b8); got != "b'10100101'" {
		t.Fatalf("BIT(8) = %q", got)
	}
	b1 := store.Column{Name: "f", Type: "bit(1)", DataType: "bit", Binary: true}
	if got := Record(store.Value{Bytes: []byte{1}}, b1); got != "b'1'" {
		t.Fatalf("BIT(1) = %q", got)
	}
	b10 := store.Column{Name: "f", Type: "bit(10)", DataType: "bit", Binary: true}
	if got := Copy(store.Value{Bytes: []byte{0x02, 0x01}}, b10, false); got != "b'1000000001'" {
		t.Fatalf("BIT(10) = %q", got)
	}
}

func TestCopyIsTheValueNotTheScreenForm(t *testing.T) {
	t.Parallel()
	c := store.Column{Name: "c", DataType: "text"}
	hostile := "a\x1b]52;c;ZXZpbA==\x07b\tc\nd"
	if got := Copy(val(hostile), c, false); got != "a]52;c;ZXZpbA==b\tc\nd" {
		t.Fatalf("Copy = %q", got)
	}
	if got := Copy(val(hostile), c, true); got != hostile {
		t.Fatalf("raw Copy = %q", got)
	}
	if got := Copy(val("日本語 ␛"), c, false); got != "日本語 ␛" {
		t.Fatalf("Copy changed text: %q", got)
	}
	if got := Copy(null, c, false); got != "" {
		t.Fatalf("NULL copies as %q", got)
	}
}
