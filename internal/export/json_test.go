package export

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

func jsonCols() []store.Column {
	return []store.Column{
		column("id", "int"), column("price", "decimal"), column("ratio", "double"), column("flags", "bit"),
		column("data", "varbinary"), column("doc", "json"), column("name", "varchar"), column("id", "bigint"),
		column("zip", "int"),
	}
}

func TestJSONValues(t *testing.T) {
	got := write(t, Options{Format: JSONLines}, jsonCols(),
		store.Row{text("1"), text("12345678901234567890.0123456789"), text("1e+20"), bin(0x0a, 0x05),
			bin(0, 1, 0xff), text("{\n  \"a\": [1, 2],\n  \"s\": \"x y\"\n}"), text("plain"), text("-9223372036854775808"), text("00042")},
		store.Row{null(), null(), null(), null(), null(), null(), null(), null(), null()},
		store.Row{text("2"), text("0.5000000000"), text("-0.25"), bin(0), bin(), text("not json"), text(""), text("0"), text("7")},
	)
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	want := []string{
		`{"id":1,"price":"12345678901234567890.0123456789","ratio":1e+20,"flags":2565,"data":"AAH/","doc":{"a":[1,2],"s":"x y"},"name":"plain","id_2":-9223372036854775808,"zip":"00042"}`,
		`{"id":null,"price":null,"ratio":null,"flags":null,"data":null,"doc":null,"name":null,"id_2":null,"zip":null}`,
		`{"id":2,"price":"0.5000000000","ratio":-0.25,"flags":0,"data":"","doc":"not json","name":"","id_2":0,"zip":7}`,
	}
	if !reflect.DeepEqual(lines, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("not valid JSON: %s", l)
		}
	}
}

// TestJSONStrings: every control character, quotes, backslashes, line
// separators and invalid UTF-8 come out as valid JSON that decodes to
// the text (invalid bytes as U+FFFD).
func TestJSONStrings(t *testing.T) {
	var all strings.Builder
	for c := 0; c < 0x80; c++ {
		all.WriteByte(byte(c))
	}
	all.WriteString("\u2028\u2029 😀 漢字 é")
	cases := map[string]string{
		all.String():   all.String(),
		"bad \xff end": "bad \ufffd end",
		`"\`:           `"\`,
	}
	for in, decoded := range cases {
		out := write(t, Options{Format: JSONLines}, []store.Column{column("s", "text")}, store.Row{text(in)})
		if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
			t.Errorf("%q: a record spans lines: %q", in, out)
		}
		if strings.ContainsAny(strings.TrimSuffix(out, "\n"), "\u2028\u2029\x00\x1f") {
			t.Errorf("%q: raw control or separator characters in %q", in, out)
		}
		var v struct{ S string }
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%q: %v in %q", in, err, out)
		}
		if v.S != decoded {
			t.Errorf("decodes to %q, want %q", v.S, decoded)
		}
	}
}

func TestJSONArray(t *testing.T) {
	cols := []store.Column{column("n", "int")}
	if got := write(t, Options{Format: JSON}, cols); got != "[]\n" {
		t.Errorf("empty: %q", got)
	}
	got := write(t, Options{Format: JSON}, cols, store.Row{text("1")}, store.Row{text("2")})
	if got != "[\n{\"n\":1},\n{\"n\":2}\n]\n" {
		t.Errorf("two rows: %q", got)
	}
	var v []map[string]int
	if err := json.Unmarshal([]byte(got), &v); err != nil || len(v) != 2 || v[1]["n"] != 2 {
		t.Errorf("decodes to %v, %v", v, err)
	}
}
