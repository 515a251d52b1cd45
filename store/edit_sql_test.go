package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// editInfo is a table with a composite text key, a DECIMAL, a FLOAT, a
// JSON, an ENUM, a SET, a BLOB, a generated column and a column whose name
// holds a backtick and a question mark.
func editInfo() *TableInfo {
	return &TableInfo{Name: "my`items",
		Columns: []Column{
			{Name: "shop", Type: "varchar(20)", DataType: "varchar"},
			{Name: "n", Type: "int(10) unsigned", DataType: "int"},
			{Name: "price", Type: "decimal(30,10)", DataType: "decimal", Nullable: true},
			{Name: "w", Type: "float", DataType: "float", Nullable: true},
			{Name: "doc", Type: "json", DataType: "json", Nullable: true},
			{Name: "size", Type: "enum('s','m')", DataType: "enum", Nullable: true},
			{Name: "tags", Type: "set('a','b')", DataType: "set", Nullable: true},
			{Name: "data", Type: "blob", DataType: "blob", Binary: true, Nullable: true},
			{Name: "total", Type: "int(11)", DataType: "int", Extra: "STORED GENERATED", Nullable: true},
			{Name: "odd`name?", Type: "varchar(5)", DataType: "varchar", Nullable: true},
		},
		PrimaryKey: []string{"shop", "n"},
	}
}

func editRow() Row {
	v := func(s string) Value { return Value{Bytes: []byte(s), Size: int64(len(s))} }
	return Row{v("north"), v("7"), v("12.5000000000"), v("0.75"), v(`{"a":1}`), v("m"), v("a,b"),
		{Bytes: []byte{0, 1}, Size: 2}, v("3"), {Null: true}}
}

func TestBuildEditStatements(t *testing.T) {
	t.Parallel()
	info := editInfo()
	row := editRow()
	text := func(s string) Value { return Value{Bytes: []byte(s)} }
	cases := []struct {
		name string
		ch   Change
		sql  string
		args []any
	}{
		{"update checks the changed columns only",
			Change{Kind: ChangeUpdate, Info: info, Columns: info.Columns, Row: row, Edits: []Edit{
				{Column: "price", Value: text("-1.5000000000")}, {Column: "odd`name?", Value: text("x?y")}, {Column: "w", Default: true}}},
			"UPDATE `my``items` SET `price` = ?, `odd``name?` = ?, `w` = DEFAULT WHERE (`shop` = ? AND `n` = ? AND " +
				"`price` = CAST(? AS DECIMAL(30,10)) AND `odd``name?` IS NULL AND `w` BETWEEN ? AND ?)",
			[]any{"-1.5000000000", "x?y", "north", uint64(7), "12.5000000000", 0.7499995, 0.7500005}},
		{"update of a key column checks it through the key",
			Change{Kind: ChangeUpdate, Info: info, Columns: info.Columns, Row: row, Edits: []Edit{{Column: "n", Value: text("8")}}},
			"UPDATE `my``items` SET `n` = ? WHERE (`shop` = ? AND `n` = ?)",
			[]any{uint64(8), "north", uint64(7)}},
		{"update to NULL",
			Change{Kind: ChangeUpdate, Info: info, Columns: info.Columns, Row: row, Edits: []Edit{{Column: "doc", Value: Value{Null: true}}}},
			"UPDATE `my``items` SET `doc` = ? WHERE (`shop` = ? AND `n` = ? AND CAST(CONVERT(CAST(`doc` AS CHAR) USING utf8mb4) AS BINARY) = CAST(? AS BINARY))",
			[]any{nil, "north", uint64(7), `{"a":1}`}},
		{"delete checks every column but the key",
			Change{Kind: ChangeDelete, Info: info, Columns: info.Columns, Row: row},
			"DELETE FROM `my``items` WHERE (`shop` = ? AND `n` = ? AND `price` = CAST(? AS DECIMAL(30,10)) AND `w` BETWEEN ? AND ? AND " +
				"CAST(CONVERT(CAST(`doc` AS CHAR) USING utf8mb4) AS BINARY) = CAST(? AS BINARY) AND " +
				"CAST(CONVERT(CAST(`size` AS CHAR) USING utf8mb4) AS BINARY) = CAST(? AS BINARY) AND `tags` = ? AND `data` = ? AND `total` = ? AND `odd``name?` IS NULL)",
			[]any{"north", uint64(7), "12.5000000000", 0.7499995, 0.7500005, `{"a":1}`, "m", "a,b", []byte{0, 1}, int64(3)}},
		{"insert leaves out what it is not given",
			Change{Kind: ChangeInsert, Info: info, Edits: []Edit{{Column: "shop", Value: text("south")}, {Column: "n", Value: text("1")},
				{Column: "data", Value: Value{Bytes: []byte{0xff}}}, {Column: "size", Default: true}}},
			"INSERT INTO `my``items` (`shop`,`n`,`data`,`size`) VALUES (?,?,?,DEFAULT)",
			[]any{"south", uint64(1), []byte{0xff}, nil}[:3]},
		{"insert of defaults only",
			Change{Kind: ChangeInsert, Info: info},
			"INSERT INTO `my``items` () VALUES ()", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := buildStatement(c.ch, nil)
			if err != nil {
				t.Fatal(err)
			}
			if st.SQL != c.sql {
				t.Errorf("SQL:\n got %s\nwant %s", st.SQL, c.sql)
			}
			if len(st.Args) != len(c.args) {
				t.Fatalf("args: got %#v, want %#v", st.Args, c.args)
			}
			for i := range c.args {
				g, w := st.Args[i], c.args[i]
				if gf, ok := g.(float64); ok {
					if wf, ok := w.(float64); !ok || gf < wf-1e-9 || gf > wf+1e-9 {
						t.Errorf("arg %d: got %v, want %v", i, g, w)
					}
					continue
				}
				if !reflect.DeepEqual(g, w) {
					t.Errorf("arg %d: got %#v, want %#v", i, g, w)
				}
			}
		})
	}
}

func TestBuildEditRefuses(t *testing.T) {
	t.Parallel()
	info := editInfo()
	row := editRow()
	keyless := &TableInfo{Name: "loose", Columns: []Column{{Name: "a", DataType: "int", Type: "int"}}}
	truncated := append(Row(nil), row...)
	truncated[7] = Value{Bytes: []byte{0}, Size: 5000, Truncated: true}
	cases := []struct {
		name string
		ch   Change
		kind error
		text string
	}{
		{"a table without a key", Change{Kind: ChangeDelete, Info: keyless, Columns: keyless.Columns, Row: Row{{Bytes: []byte("1")}}}, ErrNotEditable, "no primary key"},
		{"a generated column", Change{Kind: ChangeUpdate, Info: info, Columns: info.Columns, Row: row, Edits: []Edit{{Column: "total", Value: Value{Bytes: []byte("1")}}}}, ErrNotEditable, "generated"},
		{"a value that is not its type", Change{Kind: ChangeUpdate, Info: info, Columns: info.Columns, Row: row, Edits: []Edit{{Column: "n", Value: Value{Bytes: []byte("-1")}}}}, ErrInvalidValue, "not a int(10) unsigned"},
		{"a long value without its fingerprint", Change{Kind: ChangeDelete, Info: info, Columns: info.Columns, Row: truncated}, ErrBadQuery, "fingerprint"},
		{"an unknown column", Change{Kind: ChangeInsert, Info: info, Edits: []Edit{{Column: "nope", Value: Value{Bytes: []byte("1")}}}}, ErrNoColumn, "nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := buildStatement(c.ch, nil)
			if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.text) {
				t.Fatalf("got %v, want %v containing %q", err, c.kind, c.text)
			}
		})
	}
}

func TestBuildEditChecksALongValueByItsFingerprint(t *testing.T) {
	t.Parallel()
	info := editInfo()
	row := editRow()
	row[7] = Value{Bytes: []byte{0}, Size: 5000, Truncated: true}
	st, err := buildStatement(Change{Kind: ChangeUpdate, Info: info, Columns: info.Columns, Row: row,
		Edits: []Edit{{Column: "data", Value: Value{Bytes: []byte{1}}}}}, map[string]fingerprint{"data": {size: 5000, hash: "ab"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "UPDATE `my``items` SET `data` = ? WHERE (`shop` = ? AND `n` = ? AND OCTET_LENGTH(`data`) = ? AND SHA2(HEX(`data`), 256) = ?)"
	if st.SQL != want || !reflect.DeepEqual(st.Args, []any{[]byte{1}, "north", uint64(7), int64(5000), "ab"}) {
		t.Fatalf("got %s %#v", st.SQL, st.Args)
	}
}

func TestTableOrderGroupsByTable(t *testing.T) {
	t.Parallel()
	a, b := &TableInfo{Name: "a"}, &TableInfo{Name: "b"}
	got := tableOrder([]Change{{Info: b}, {Info: a}, {Info: b}, {Info: a}, {Info: b}})
	if want := []int{0, 2, 4, 1, 3}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestRenderSQL(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 150)
	cases := []struct {
		sql  string
		args []any
		want string
	}{
		{"UPDATE `t` SET `a` = ?, `b` = ? WHERE `id` = ?", []any{"it's a \\ test", nil, int64(3)},
			"UPDATE `t` SET `a` = 'it''s a \\\\ test', `b` = NULL WHERE `id` = 3"},
		{"SELECT `why?` FROM t WHERE a = ? AND b = '?' AND c = ?", []any{uint64(18446744073709551615), []byte{0, 0xff}},
			"SELECT `why?` FROM t WHERE a = 18446744073709551615 AND b = '?' AND c = X'00ff'"},
		{"x = ?", []any{0.5}, "x = 0.5"},
		{"x = ?", []any{long}, "x = '" + strings.Repeat("é", 100) + "…' /* 300 B in all */"},
	}
	for _, c := range cases {
		if got := RenderSQL(c.sql, c.args); got != c.want {
			t.Errorf("RenderSQL(%q):\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
}
