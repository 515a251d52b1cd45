package export

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

func TestCSVQuoting(t *testing.T) {
	cols := []store.Column{column("id", "int"), column("name, \"quoted\"", "varchar"), column("note", "text")}
	got := write(t, Options{Format: CSV}, cols,
		store.Row{text("1"), text("plain"), null()},
		store.Row{text("2"), text(""), text("NULL")},
		store.Row{text("3"), text("a,b"), text("say \"hi\"")},
		store.Row{text("4"), text("line1\nline2"), text("cr\r\nlf")},
		store.Row{text("5"), text(" padded "), text("😀 漢字")},
	)
	want := "id,\"name, \"\"quoted\"\"\",note\r\n" +
		"1,plain,\r\n" +
		"2,\"\",NULL\r\n" +
		"3,\"a,b\",\"say \"\"hi\"\"\"\r\n" +
		"4,\"line1\nline2\",\"cr\r\nlf\"\r\n" +
		"5, padded ,😀 漢字\r\n"
	if got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
	// A standard reader sees the same fields (it cannot tell NULL from
	// the empty string, and reads a quoted CRLF as LF).
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || recs[0][1] != "name, \"quoted\"" || recs[3][2] != "say \"hi\"" || recs[4][1] != "line1\nline2" || recs[5][2] != "😀 漢字" {
		t.Errorf("encoding/csv reads %q", recs)
	}
}

func TestCSVNullText(t *testing.T) {
	cols := []store.Column{column("a", "varchar"), column("b", "int")}
	got := write(t, Options{Format: CSV, NullText: `\N`}, cols,
		store.Row{null(), null()},
		store.Row{text(`\N`), text("7")},
		store.Row{text(""), text("0")},
	)
	want := "a,b\r\n\\N,\\N\r\n\"\\N\",7\r\n\"\",0\r\n"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	for _, bad := range []string{",", `"`, "a\nb", "\r"} {
		if _, err := Write(t.Context(), &strings.Builder{}, &sliceSource{cols: cols}, Options{Format: CSV, NullText: bad}); err == nil {
			t.Errorf("NULL text %q accepted", bad)
		}
	}
}

func TestCSVBinaryAndBits(t *testing.T) {
	cols := []store.Column{column("data", "blob"), column("flags", "bit"), column("dec", "decimal")}
	got := write(t, Options{Format: CSV}, cols,
		store.Row{bin(0x00, 0xff, '"', ','), bin(0x0a, 0x05), text("-12345678901234567890.0123456789")},
		store.Row{bin(), bin(0), null()},
		store.Row{null(), bin(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), text("0.0000000000")},
	)
	want := "data,flags,dec\r\n00ff222c,2565,-12345678901234567890.0123456789\r\n\"\",0,\r\n,18446744073709551615,0.0000000000\r\n"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
