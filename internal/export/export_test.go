package export

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "JSONL": JSONLines, "ndjson": JSONLines, " json ": JSON, "sql": SQL} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("%q: %v, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "csv, jsonl, json or sql") {
		t.Errorf("xml: %v", err)
	}
	if CSV.Extension() != ".csv" || JSONLines.Extension() != ".jsonl" || SQL.Name() != "SQL INSERT" {
		t.Error("extensions or names")
	}
}

// TestWriteBatchesAndProgress: rows are asked for a batch at a time and
// progress is reported after each batch with the totals so far.
func TestWriteBatchesAndProgress(t *testing.T) {
	var rows []store.Row
	for range 25 {
		rows = append(rows, store.Row{text("x")})
	}
	src := &sliceSource{cols: []store.Column{column("s", "varchar")}, rows: rows}
	var reports []Stats
	var buf bytes.Buffer
	st, err := Write(context.Background(), &buf, src, Options{Format: CSV, Batch: 10, Progress: func(s Stats) { reports = append(reports, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 25 || st.Bytes != int64(buf.Len()) || src.calls != 4 {
		t.Errorf("stats %+v, %d calls", st, src.calls)
	}
	if len(reports) != 3 || reports[0].Rows != 10 || reports[2].Rows != 25 || reports[2].Bytes != st.Bytes || reports[0].Bytes != 3+10*3 {
		t.Errorf("progress %+v", reports)
	}
}

// TestWriteRefusesPrefixes: a value that is only the start of itself is
// never written as if it were whole.
func TestWriteRefusesPrefixes(t *testing.T) {
	src := &sliceSource{cols: []store.Column{column("body", "text")},
		rows: []store.Row{{store.Value{Bytes: []byte("abc"), Size: 3000, Truncated: true}}}}
	_, err := Write(context.Background(), io.Discard, src, Options{Format: JSONLines})
	if err == nil || !strings.Contains(err.Error(), `"body" holds only the first 3 of 3000 bytes`) {
		t.Errorf("got %v", err)
	}
	src = &sliceSource{cols: []store.Column{column("a", "int"), column("b", "int")}, rows: []store.Row{{text("1")}}}
	if _, err := Write(context.Background(), io.Discard, src, Options{Format: CSV}); err == nil {
		t.Error("a short row accepted")
	}
}

// TestWriteEnds: the source ends with no rows or with io.EOF; its errors
// and a cancelled context stop the export.
func TestWriteEnds(t *testing.T) {
	cols := []store.Column{column("n", "int")}
	src := &sliceSource{cols: cols, rows: []store.Row{{text("1")}}, err: io.EOF}
	if st, err := Write(context.Background(), io.Discard, src, Options{Format: CSV}); err != nil || st.Rows != 1 {
		t.Errorf("io.EOF end: %+v, %v", st, err)
	}
	boom := errors.New("connection lost")
	src = &sliceSource{cols: cols, rows: []store.Row{{text("1")}}, err: boom}
	if _, err := Write(context.Background(), io.Discard, src, Options{Format: CSV}); !errors.Is(err, boom) {
		t.Errorf("source error: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src = &sliceSource{cols: cols, rows: []store.Row{{text("1")}}}
	if _, err := Write(ctx, io.Discard, src, Options{Format: CSV}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := Write(context.Background(), io.Discard, &sliceSource{cols: cols}, Options{}); err == nil {
		t.Error("no format accepted")
	}
	if _, err := Write(context.Background(), io.Discard, &sliceSource{}, Options{Format: CSV}); err == nil {
		t.Error("no columns accepted")
	}
}

func TestKinds(t *testing.T) {
	cases := map[string]kind{"int": kindInt, "UNSIGNED BIGINT": kindInt, "year": kindInt, "DECIMAL": kindDecimal,
		"double": kindFloat, "BIT": kindBit, "JSON": kindJSON, "BLOB": kindBinary, "varbinary": kindBinary,
		"TEXT": kindText, "datetime": kindText, "enum": kindText, "geometry": kindBinary}
	for typ, want := range cases {
		if got := kindOf(store.Column{DataType: typ}); got != want {
			t.Errorf("%s: %v, want %v", typ, got, want)
		}
	}
	for _, s := range []string{"1", "-1.5", "1e+20", "1.5E-7", "007", "+3"} {
		if !isNumber([]byte(s)) {
			t.Errorf("%q is a number", s)
		}
	}
	for _, s := range []string{"", "-", "1e", "inf", "NaN", "1.2.3", "0x10", "1 "} {
		if isNumber([]byte(s)) {
			t.Errorf("%q is not a number", s)
		}
	}
	for _, s := range []string{"007", "+3", "1.", ".5", "-"} {
		if isJSONNumber([]byte(s)) {
			t.Errorf("%q is not a JSON number", s)
		}
	}
}

// TestFloat32Extremes: the largest FLOAT values are written so that a
// strict server takes them back (their shortest text is out of range).
func TestFloat32Extremes(t *testing.T) {
	cols := []store.Column{column("f", "float"), column("d", "double")}
	got := write(t, Options{Format: CSV}, cols,
		store.Row{text("-3.4028235e+38"), text("-3.4028235e+38")},
		store.Row{text("0.12345679"), text("1e+39")},
	)
	want := "f,d\r\n-3.4028234663852886e+38,-3.4028235e+38\r\n0.12345679,1e+39\r\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := write(t, Options{Format: JSONLines}, cols, store.Row{text("3.4028235e+38"), null()}); got != `{"f":3.4028234663852886e+38,"d":null}`+"\n" {
		t.Errorf("JSON: %q", got)
	}
}
