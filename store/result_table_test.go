package store

import (
	"reflect"
	"testing"
)

func resultCols(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n, DataType: "int"}
	}
	return out
}

func testInfos() map[string]*TableInfo {
	users := &TableInfo{Name: "users", PrimaryKey: []string{"id"},
		Columns: []Column{{Name: "id", DataType: "int"}, {Name: "username", DataType: "varchar"}}}
	sessions := &TableInfo{Name: "sessions", PrimaryKey: []string{"id"},
		Columns: []Column{{Name: "id", DataType: "int"}, {Name: "user_id", DataType: "int"}, {Name: "duration", DataType: "int"}}}
	pairs := &TableInfo{Name: "pairs", PrimaryKey: []string{"a", "b"},
		Columns: []Column{{Name: "a", DataType: "int"}, {Name: "b", DataType: "varbinary", Binary: true}, {Name: "note", DataType: "text"}}}
	logs := &TableInfo{Name: "logs", Columns: []Column{{Name: "msg", DataType: "text"}}}
	return map[string]*TableInfo{"users": users, "sessions": sessions, "pairs": pairs, "logs": logs}
}

func TestResultTableOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sql    string
		cols   []string
		table  string
		key    []int
		origin []string
	}{
		{"SELECT * FROM users", []string{"id", "username"}, "users", []int{0}, []string{"id", "username"}},
		{"SELECT username, id FROM users WHERE id > 3", []string{"username", "id"}, "users", []int{1}, []string{"username", "id"}},
		{"SELECT u.ID AS user, 1 + 1 AS two FROM users u", []string{"user", "two"}, "users", []int{0}, []string{"id", ""}},
		// The first table of the FROM clause whose key is in the result.
		{"SELECT s.duration, u.* FROM sessions s JOIN users u ON u.id = s.user_id", []string{"duration", "id", "username"}, "users", []int{1}, []string{"", "id", "username"}},
		{"SELECT * FROM sessions s JOIN users u ON u.id = s.user_id", []string{"id", "user_id", "duration", "id", "username"}, "sessions", []int{0}, []string{"id", "user_id", "duration", "", ""}},
		// Unqualified and unique among the tables: resolved.
		{"SELECT duration, user_id, username, sessions.id FROM sessions JOIN users ON users.id = user_id", []string{"duration", "user_id", "username", "id"}, "sessions", []int{3}, []string{"duration", "user_id", "", "id"}},
		{"SELECT b, a FROM pairs", []string{"b", "a"}, "pairs", []int{1, 0}, []string{"b", "a"}},
		// Not a table's rows: no key.
		{"SELECT username FROM users", []string{"username"}, "", nil, nil},
		{"SELECT a FROM pairs", []string{"a"}, "", nil, nil},
		{"SELECT MAX(id) AS id FROM users", []string{"id"}, "", nil, nil},
		{"SELECT id FROM users UNION SELECT id FROM sessions", []string{"id"}, "", nil, nil},
		{"SELECT * FROM logs", []string{"msg"}, "", nil, nil},
		{"SELECT id FROM sessions JOIN users ON users.id = sessions.user_id", []string{"id"}, "", nil, nil}, // ambiguous
		{"SELECT * FROM (SELECT id FROM users) x", []string{"id"}, "", nil, nil},
		{"SELECT x.id FROM (SELECT id FROM users) x", []string{"id"}, "", nil, nil},
		{"SELECT * FROM unknown", []string{"id"}, "", nil, nil},
		{"SELECT * FROM other.users", []string{"id", "username"}, "", nil, nil},
		// The select list does not line up with what the server returned.
		{"SELECT * FROM users", []string{"id", "username", "extra"}, "", nil, nil},
		{"UPDATE users SET id = 1", []string{"id"}, "", nil, nil},
	}
	infos := testInfos()
	for _, c := range cases {
		rt := ResultTableOf(Classify(c.sql), resultCols(c.cols...), infos)
		switch {
		case c.table == "" && rt != nil:
			t.Errorf("%q: rows of %s, want none", c.sql, rt.Table)
		case c.table != "" && rt == nil:
			t.Errorf("%q: no table, want %s", c.sql, c.table)
		case rt != nil && (rt.Table != c.table || !reflect.DeepEqual(rt.Key, c.key) || !reflect.DeepEqual(rt.Columns, c.origin)):
			t.Errorf("%q: table %s key %v columns %q; want %s %v %q", c.sql, rt.Table, rt.Key, rt.Columns, c.table, c.key, c.origin)
		}
	}
}

func TestResultTableRows(t *testing.T) {
	t.Parallel()
	infos := testInfos()
	rt := ResultTableOf(Classify("SELECT note, b AS bee, a, 7 FROM pairs"), resultCols("note", "bee", "a", "7"), infos)
	if rt == nil {
		t.Fatal("no table")
	}
	row := Row{{Bytes: []byte("long"), Truncated: true, Size: 5000}, {Bytes: []byte{0xde, 0xad}}, {Bytes: []byte("3")}, {Bytes: []byte("7")}}
	got := rt.KeyFilters(infos["pairs"], row)
	want := []Filter{{Column: "a", Op: OpEq, Value: "3"}, {Column: "b", Op: OpEq, Value: "0xdead"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("KeyFilters = %+v, want %+v", got, want)
	}
	cols, vals := rt.TableRow(infos["pairs"], row)
	if len(cols) != 3 || cols[0].Name != "note" || cols[1].Name != "b" || !cols[1].Binary || cols[2].Name != "a" || len(vals) != 3 || !vals[0].Truncated {
		t.Errorf("TableRow = %+v %+v", cols, vals)
	}
}
