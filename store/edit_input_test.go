package store

import (
	"errors"
	"strings"
	"testing"
)

func TestParseInput(t *testing.T) {
	t.Parallel()
	c := func(typ, dataType string) *Column {
		return &Column{Name: "c", Type: typ, DataType: dataType, Binary: binaryTypes[dataType]}
	}
	ok := []struct {
		col  *Column
		in   string
		want string
	}{
		{c("tinyint(4)", "tinyint"), " -128 ", "-128"},
		{c("tinyint(3) unsigned", "tinyint"), "+255", "255"},
		{c("bigint(20) unsigned", "bigint"), "18446744073709551615", "18446744073709551615"},
		{c("bigint(20)", "bigint"), "-9223372036854775808", "-9223372036854775808"},
		{c("int(11)", "int"), "007", "7"},
		{c("year(4)", "year"), "2155", "2155"},
		{c("decimal(30,10)", "decimal"), "-00012.5", "-12.5000000000"},
		{c("decimal(5,2)", "decimal"), ".5", "0.50"},
		{c("decimal(5,2)", "decimal"), "-0.00", "0.00"},
		{c("decimal(10,0)", "decimal"), "42.", "42"},
		{c("float", "float"), "0.1", "0.1"},
		{c("float", "float"), "-0", "0"},
		{c("double", "double"), "1e300", "1e+300"},
		{c("bit(1)", "bit"), "b'1'", "\x01"},
		{c("bit(10)", "bit"), "0x3ff", "\x03\xff"},
		{c("bit(64)", "bit"), "18446744073709551615", "\xff\xff\xff\xff\xff\xff\xff\xff"},
		{c("date", "date"), "2024-02-29", "2024-02-29"},
		{c("datetime(6)", "datetime"), "2025-01-02T03:04:05.5", "2025-01-02 03:04:05.500000"},
		{c("datetime", "datetime"), "2025-01-02", "2025-01-02 00:00:00"},
		{c("datetime(3)", "datetime"), "2025-01-02 03:04:05.120000", "2025-01-02 03:04:05.120"},
		{c("timestamp", "timestamp"), "2038-01-19 03:14:07", "2038-01-19 03:14:07"},
		{c("time", "time"), "-838:59:59", "-838:59:59"},
		{c("time(6)", "time"), "-0:00:00.000001", "-00:00:00.000001"},
		{c("time", "time"), "-00:00:00", "00:00:00"},
		{c("enum('Small','large')", "enum"), "small", "Small"},
		{c("set('a','b','c')", "set"), "c, A", "a,c"},
		{c("set('a','b')", "set"), "", ""},
		{c("json", "json"), "{\n  \"a\": [1, 2]\n}", `{"a":[1,2]}`},
		{c("binary(4)", "binary"), "0x00 ff", "\x00\xff\x00\x00"},
		{c("varbinary(4)", "varbinary"), "DEADbeef", "\xde\xad\xbe\xef"},
		{c("char(5)", "char"), "日本  ", "日本"},
		{c("varchar(3)", "varchar"), "😀👍x", "😀👍x"},
		{c("text", "text"), "  keeps its spaces  ", "  keeps its spaces  "},
	}
	for _, tc := range ok {
		v, err := ParseInput(tc.col, tc.in)
		if err != nil {
			t.Errorf("%s %q: %v", tc.col.Type, tc.in, err)
			continue
		}
		if string(v.Bytes) != tc.want || v.Null || v.Size != int64(len(v.Bytes)) {
			t.Errorf("%s %q: got %q (size %d), want %q", tc.col.Type, tc.in, v.Bytes, v.Size, tc.want)
		}
	}
	bad := []struct {
		col  *Column
		in   string
		says string
	}{
		{c("tinyint(4)", "tinyint"), "128", "from -128 to 127"},
		{c("int(10) unsigned", "int"), "-1", "from 0 to 4294967295"},
		{c("int(11)", "int"), "1.5", "whole number"},
		{c("year(4)", "year"), "25", "four-digit"},
		{c("decimal(5,2)", "decimal"), "1234.5", "at most 3 digits before the point"},
		{c("decimal(5,2)", "decimal"), "1.234", "keeps 2 digits after the point"},
		{c("decimal(5,2) unsigned", "decimal"), "-1", "unsigned"},
		{c("float", "float"), "1e39", "finite"},
		{c("double", "double"), "NaN", "finite"},
		{c("bit(3)", "bit"), "8", "3 bits"},
		{c("date", "date"), "2023-02-29", "exists"},
		{c("datetime", "datetime"), "2025-01-02 24:00:00", "exists"},
		{c("datetime(2)", "datetime"), "2025-01-02 03:04:05.123", "keeps 2 fractional digits"},
		{c("timestamp", "timestamp"), "1969-12-31 23:59:59", "1970 to 2038"},
		{c("time", "time"), "839:00:00", "-838:59:59 to 838:59:59"},
		{c("time", "time"), "12:60:00", "HH:MM:SS"},
		{c("time", "time"), "1:02:03.5", "keeps 0 fractional digits"},
		{c("enum('a','b')", "enum"), "c", `"a", "b"`},
		{c("set('a','b')", "set"), "a,x", `"x" is not one`},
		{c("json", "json"), "{a:1}", "JSON"},
		{c("binary(2)", "binary"), "000102", "at most 2 bytes"},
		{c("varbinary(2)", "varbinary"), "0g", "hex digits"},
		{c("varchar(3)", "varchar"), "abcd", "at most 3 characters"},
		{c("tinytext", "tinytext"), strings.Repeat("x", 256), "at most 255 bytes"},
		{c("point", "point"), "POINT(1 2)", "spatial"},
	}
	for _, tc := range bad {
		_, err := ParseInput(tc.col, tc.in)
		if !errors.Is(err, ErrInvalidValue) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s %q: got %v, want ErrInvalidValue saying %q", tc.col.Type, tc.in, err, tc.says)
		}
	}
}

func TestInputTextRoundTrips(t *testing.T) {
	t.Parallel()
	cols := []*Column{
		{Name: "b", Type: "bit(10)", DataType: "bit", Binary: true},
		{Name: "v", Type: "varbinary(8)", DataType: "varbinary", Binary: true},
		{Name: "s", Type: "varchar(8)", DataType: "varchar"},
	}
	vals := []Value{{Bytes: []byte{0x02, 0x01}}, {Bytes: []byte{0, 0xff, 0x10}}, {Bytes: []byte("x y")}}
	wantText := []string{"b'1000000001'", "00ff10", "x y"}
	for i, col := range cols {
		text := InputText(col, vals[i])
		if text != wantText[i] {
			t.Errorf("%s: InputText %q, want %q", col.Type, text, wantText[i])
		}
		back, err := ParseInput(col, text)
		if err != nil || string(back.Bytes) != string(vals[i].Bytes) {
			t.Errorf("%s: ParseInput(InputText) = %q, %v", col.Type, back.Bytes, err)
		}
	}
}

func TestColumnMembersAndSizes(t *testing.T) {
	t.Parallel()
	col := Column{Type: `enum('a','it''s','back\\slash','')`, DataType: "enum"}
	got := col.Members()
	want := []string{"a", "it's", `back\slash`, ""}
	if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
		t.Errorf("members %q, want %q", got, want)
	}
	if (&Column{Type: "varchar(20)"}).Size() != 20 || (&Column{Type: "int(11)"}).Members() != nil {
		t.Error("Size or Members of a plain column")
	}
	if p, s, ok := (&Column{Type: "decimal(30,10) unsigned", DataType: "decimal"}).DecimalSize(); p != 30 || s != 10 || !ok {
		t.Errorf("DecimalSize %d %d %v", p, s, ok)
	}
	gen := Column{Extra: "VIRTUAL GENERATED"}
	def := Column{Extra: "DEFAULT_GENERATED on update CURRENT_TIMESTAMP"}
	if !gen.Generated() || def.Generated() {
		t.Error("Generated")
	}
}
