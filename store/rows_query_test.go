package store

import (
	"errors"
	"reflect"
	"testing"
)

// scoresInfo is the demobots scores table as Describe reports it, with a
// nullable column added for the NULL-ordering cases.
func scoresInfo() *TableInfo {
	return &TableInfo{
		Name: "scores",
		Columns: []Column{
			{Name: "id", Type: "int(11)", DataType: "int", Key: "PRI"},
			{Name: "session_id", Type: "int(11)", DataType: "int", Key: "MUL"},
			{Name: "score", Type: "int(11)", DataType: "int"},
			{Name: "accuracy", Type: "float", DataType: "float"},
			{Name: "note", Type: "varchar(20)", DataType: "varchar", Nullable: true},
			{Name: "price", Type: "decimal(10,2)", DataType: "decimal"},
			{Name: "data", Type: "varbinary(8)", DataType: "varbinary", Nullable: true, Binary: true},
		},
		PrimaryKey: []string{"id"},
		Indexes:    []Index{{Name: "PRIMARY", Columns: []string{"id"}, Unique: true, Primary: true}},
	}
}

const scoresCols = "SELECT `id`, `session_id`, `score`, `accuracy`, `note`, `price`, `data` FROM `scores`"

func cursorOf(pq *PageQuery, vals ...Value) *Cursor {
	return &Cursor{keys: vals, shape: pq.shape}
}

func v(s string) Value { return Value{Bytes: []byte(s)} }

var null = Value{Null: true}

func TestBuildRowsQueryPaging(t *testing.T) {
	t.Parallel()
	info := scoresInfo()
	first, err := BuildRowsQuery(info, RowQuery{Table: "scores", Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		q       RowQuery
		sql     string
		args    []any
		reverse bool
	}{
		{"first page", RowQuery{Limit: 40},
			scoresCols + " ORDER BY `id` ASC LIMIT 41", nil, false},
		{"default limit", RowQuery{},
			scoresCols + " ORDER BY `id` ASC LIMIT 101", nil, false},
		{"next page", RowQuery{Limit: 40, After: cursorOf(first, v("40"))},
			scoresCols + " WHERE `id` > ? ORDER BY `id` ASC LIMIT 41", []any{int64(40)}, false},
		{"previous page", RowQuery{Limit: 40, Before: cursorOf(first, v("81"))},
			scoresCols + " WHERE `id` < ? ORDER BY `id` DESC LIMIT 41", []any{int64(81)}, true},
		{"last page", RowQuery{Limit: 40, Last: true},
			scoresCols + " ORDER BY `id` DESC LIMIT 41", nil, true},
		{"zero cursor is the first page", RowQuery{Limit: 40, After: &Cursor{}},
			scoresCols + " ORDER BY `id` ASC LIMIT 41", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pq, err := BuildRowsQuery(info, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			assertQuery(t, pq, tt.sql, tt.args)
			if pq.Reverse != tt.reverse || !pq.Keyset {
				t.Errorf("reverse=%v keyset=%v", pq.Reverse, pq.Keyset)
			}
		})
	}
}

func TestBuildRowsQuerySort(t *testing.T) {
	t.Parallel()
	info := scoresInfo()
	asc, _ := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: "note"}, Limit: 10})
	desc, _ := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: "note", Desc: true}, Limit: 10})
	score, _ := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: "score"}, Limit: 10})
	tests := []struct {
		name string
		q    RowQuery
		sql  string
		args []any
	}{
		{"sorted first page", RowQuery{Sort: &Sort{Column: "score"}, Limit: 10},
			scoresCols + " ORDER BY `score` ASC, `id` ASC LIMIT 11", nil},
		{"sorted descending", RowQuery{Sort: &Sort{Column: "score", Desc: true}, Limit: 10},
			scoresCols + " ORDER BY `score` DESC, `id` DESC LIMIT 11", nil},
		{"sorted next page", RowQuery{Sort: &Sort{Column: "score"}, Limit: 10, After: cursorOf(score, v("300"), v("7"))},
			scoresCols + " WHERE (`score` >= ? AND (`score` > ? OR `id` > ?)) ORDER BY `score` ASC, `id` ASC LIMIT 11",
			[]any{int64(300), int64(300), int64(7)}},
		{"sorted previous page", RowQuery{Sort: &Sort{Column: "score"}, Limit: 10, Before: cursorOf(score, v("300"), v("7"))},
			scoresCols + " WHERE (`score` <= ? AND (`score` < ? OR `id` < ?)) ORDER BY `score` DESC, `id` DESC LIMIT 11",
			[]any{int64(300), int64(300), int64(7)}},
		{"sorted last page", RowQuery{Sort: &Sort{Column: "score"}, Limit: 10, Last: true},
			scoresCols + " ORDER BY `score` DESC, `id` DESC LIMIT 11", nil},
		{"sort by the key itself", RowQuery{Sort: &Sort{Column: "id", Desc: true}, Limit: 10},
			scoresCols + " ORDER BY `id` DESC LIMIT 11", nil},

		// NULLs sort first ascending: after a non-NULL boundary no NULL
		// can follow; before it, every NULL precedes.
		{"asc after value", RowQuery{Sort: &Sort{Column: "note"}, Limit: 10, After: cursorOf(asc, v("b"), v("3"))},
			scoresCols + " WHERE (`note` >= ? AND (`note` > ? OR `id` > ?)) ORDER BY `note` ASC, `id` ASC LIMIT 11",
			[]any{"b", "b", int64(3)}},
		{"asc before value", RowQuery{Sort: &Sort{Column: "note"}, Limit: 10, Before: cursorOf(asc, v("b"), v("3"))},
			scoresCols + " WHERE ((`note` <= ? AND (`note` < ? OR `id` < ?)) OR `note` IS NULL) ORDER BY `note` DESC, `id` DESC LIMIT 11",
			[]any{"b", "b", int64(3)}},
		{"asc after NULL", RowQuery{Sort: &Sort{Column: "note"}, Limit: 10, After: cursorOf(asc, null, v("3"))},
			scoresCols + " WHERE (`note` IS NOT NULL OR (`note` IS NULL AND `id` > ?)) ORDER BY `note` ASC, `id` ASC LIMIT 11",
			[]any{int64(3)}},
		{"asc before NULL", RowQuery{Sort: &Sort{Column: "note"}, Limit: 10, Before: cursorOf(asc, null, v("3"))},
			scoresCols + " WHERE (`note` IS NULL AND `id` < ?) ORDER BY `note` DESC, `id` DESC LIMIT 11",
			[]any{int64(3)}},
		// Descending, NULLs come last.
		{"desc after value", RowQuery{Sort: &Sort{Column: "note", Desc: true}, Limit: 10, After: cursorOf(desc, v("b"), v("3"))},
			scoresCols + " WHERE ((`note` <= ? AND (`note` < ? OR `id` < ?)) OR `note` IS NULL) ORDER BY `note` DESC, `id` DESC LIMIT 11",
			[]any{"b", "b", int64(3)}},
		{"desc after NULL", RowQuery{Sort: &Sort{Column: "note", Desc: true}, Limit: 10, After: cursorOf(desc, null, v("3"))},
			scoresCols + " WHERE (`note` IS NULL AND `id` < ?) ORDER BY `note` DESC, `id` DESC LIMIT 11",
			[]any{int64(3)}},
		{"desc before NULL", RowQuery{Sort: &Sort{Column: "note", Desc: true}, Limit: 10, Before: cursorOf(desc, null, v("3"))},
			scoresCols + " WHERE (`note` IS NOT NULL OR (`note` IS NULL AND `id` > ?)) ORDER BY `note` ASC, `id` ASC LIMIT 11",
			[]any{int64(3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pq, err := BuildRowsQuery(info, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			assertQuery(t, pq, tt.sql, tt.args)
		})
	}
}

func TestBuildRowsQueryTypedKeys(t *testing.T) {
	t.Parallel()
	info := scoresInfo()
	for _, tt := range []struct {
		col  string
		val  Value
		sql  string
		args []any
	}{
		// A FLOAT key goes through float32 so it equals the stored value.
		{"accuracy", v("0.1"), "(`accuracy` >= ? AND (`accuracy` > ? OR `id` > ?))", []any{float64(float32(0.1)), float64(float32(0.1)), int64(1)}},
		{"price", v("12.50"), "(`price` >= CAST(? AS DECIMAL(10,2)) AND (`price` > CAST(? AS DECIMAL(10,2)) OR `id` > ?))", []any{"12.50", "12.50", int64(1)}},
		{"data", v("\x00\xff"), "(`data` >= ? AND (`data` > ? OR `id` > ?))", []any{[]byte{0, 0xff}, []byte{0, 0xff}, int64(1)}},
	} {
		pq0, _ := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: tt.col}})
		pq, err := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: tt.col}, Limit: 5, After: cursorOf(pq0, tt.val, v("1"))})
		if err != nil {
			t.Fatal(err)
		}
		want := scoresCols + " WHERE " + tt.sql + " ORDER BY " + QuoteIdent(tt.col) + " ASC, `id` ASC LIMIT 6"
		assertQuery(t, pq, want, tt.args)
	}
}

func TestBuildRowsQueryFilters(t *testing.T) {
	t.Parallel()
	info := scoresInfo()
	tests := []struct {
		f    Filter
		sql  string
		args []any
	}{
		{Filter{Column: "score", Op: OpEq, Value: "42"}, "`score` = ?", []any{int64(42)}},
		{Filter{Column: "score", Op: OpNe, Value: "42"}, "`score` <> ?", []any{int64(42)}},
		{Filter{Column: "score", Op: OpLt, Value: " 7 "}, "`score` < ?", []any{int64(7)}},
		{Filter{Column: "score", Op: OpLe, Value: "7.5"}, "`score` <= ?", []any{7.5}},
		{Filter{Column: "score", Op: OpGt, Value: "-3"}, "`score` > ?", []any{int64(-3)}},
		{Filter{Column: "score", Op: OpGe, Value: "0"}, "`score` >= ?", []any{int64(0)}},
		{Filter{Column: "note", Op: OpLike, Value: "%a_b%"}, "`note` LIKE ?", []any{"%a_b%"}},
		{Filter{Column: "note", Op: OpEq, Value: "x'); DROP TABLE scores; --"}, "`note` = ?", []any{"x'); DROP TABLE scores; --"}},
		{Filter{Column: "note", Op: OpIsNull}, "`note` IS NULL", nil},
		{Filter{Column: "note", Op: OpNotNull, Value: "ignored"}, "`note` IS NOT NULL", nil},
		{Filter{Column: "accuracy", Op: OpEq, Value: "0.1"}, "`accuracy` = ?", []any{float64(float32(0.1))}},
		{Filter{Column: "data", Op: OpEq, Value: "0x00ff"}, "`data` = ?", []any{[]byte{0, 0xff}}},
		{Filter{Column: "data", Op: OpEq, Value: "abc"}, "`data` = ?", []any{[]byte("abc")}},
	}
	for _, tt := range tests {
		t.Run(string(tt.f.Op)+" "+tt.f.Column, func(t *testing.T) {
			t.Parallel()
			pq, err := BuildRowsQuery(info, RowQuery{Filters: []Filter{tt.f}, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			assertQuery(t, pq, scoresCols+" WHERE "+tt.sql+" ORDER BY `id` ASC LIMIT 11", tt.args)
		})
	}
	t.Run("filters and keyset together", func(t *testing.T) {
		t.Parallel()
		first, _ := BuildRowsQuery(info, RowQuery{})
		pq, err := BuildRowsQuery(info, RowQuery{
			Filters: []Filter{{Column: "session_id", Op: OpEq, Value: "3"}, {Column: "note", Op: OpNotNull}},
			After:   cursorOf(first, v("17")), Limit: 10,
		})
		if err != nil {
			t.Fatal(err)
		}
		assertQuery(t, pq, scoresCols+" WHERE `session_id` = ? AND `note` IS NOT NULL AND `id` > ? ORDER BY `id` ASC LIMIT 11",
			[]any{int64(3), int64(17)})
	})
	t.Run("count", func(t *testing.T) {
		t.Parallel()
		sql, args, err := BuildCountQuery(info, []Filter{{Column: "score", Op: OpGe, Value: "10"}})
		if err != nil {
			t.Fatal(err)
		}
		if sql != "SELECT COUNT(*) FROM `scores` WHERE `score` >= ?" || !reflect.DeepEqual(args, []any{int64(10)}) {
			t.Errorf("got %s %v", sql, args)
		}
	})
}

func TestBuildRowsQueryErrors(t *testing.T) {
	t.Parallel()
	info := scoresInfo()
	first, _ := BuildRowsQuery(info, RowQuery{})
	sorted, _ := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: "score"}})
	tests := []struct {
		name string
		q    RowQuery
		want error
	}{
		{"unknown sort column", RowQuery{Sort: &Sort{Column: "nope"}}, ErrNoColumn},
		{"unknown filter column", RowQuery{Filters: []Filter{{Column: "nope", Op: OpEq, Value: "1"}}}, ErrNoColumn},
		{"unknown operator", RowQuery{Filters: []Filter{{Column: "score", Op: "~", Value: "1"}}}, ErrBadQuery},
		{"number column, text value", RowQuery{Filters: []Filter{{Column: "score", Op: OpEq, Value: "abc"}}}, ErrBadQuery},
		{"both cursors", RowQuery{After: cursorOf(first, v("1")), Before: cursorOf(first, v("2"))}, ErrBadQuery},
		{"last with a cursor", RowQuery{Last: true, After: cursorOf(first, v("1"))}, ErrBadQuery},
		{"negative limit", RowQuery{Limit: -1}, ErrBadQuery},
		{"cursor of another sort", RowQuery{After: cursorOf(sorted, v("1"), v("2"))}, ErrBadQuery},
		{"other table", RowQuery{Table: "users"}, ErrBadQuery},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := BuildRowsQuery(info, tt.q)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := BuildRowsQuery(nil, RowQuery{}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("nil info: %v", err)
	}
}

func TestBuildRowsQueryCompositeKey(t *testing.T) {
	t.Parallel()
	info := &TableInfo{
		Name: "order items",
		Columns: []Column{
			{Name: "order", DataType: "int", Type: "int"},
			{Name: "line`no", DataType: "int", Type: "int unsigned"},
			{Name: "qty", DataType: "int", Type: "int"},
		},
		PrimaryKey: []string{"order", "line`no"},
	}
	first, err := BuildRowsQuery(info, RowQuery{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	const cols = "SELECT `order`, `line``no`, `qty` FROM `order items`"
	assertQuery(t, first, cols+" ORDER BY `order` ASC, `line``no` ASC LIMIT 3", nil)
	next, err := BuildRowsQuery(info, RowQuery{Limit: 2, After: cursorOf(first, v("5"), v("9"))})
	if err != nil {
		t.Fatal(err)
	}
	assertQuery(t, next, cols+" WHERE (`order` >= ? AND (`order` > ? OR `line``no` > ?)) ORDER BY `order` ASC, `line``no` ASC LIMIT 3",
		[]any{int64(5), int64(5), uint64(9)})
	sorted, _ := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: "qty"}})
	prev, err := BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: "qty"}, Before: cursorOf(sorted, v("1"), v("5"), v("9"))})
	if err != nil {
		t.Fatal(err)
	}
	assertQuery(t, prev, cols+" WHERE (`qty` <= ? AND (`qty` < ? OR (`order` <= ? AND (`order` < ? OR `line``no` < ?)))) ORDER BY `qty` DESC, `order` DESC, `line``no` DESC LIMIT 101",
		[]any{int64(1), int64(1), int64(5), int64(5), uint64(9)})
}

func TestBuildRowsQueryWithoutKey(t *testing.T) {
	t.Parallel()
	info := &TableInfo{
		Name: "log",
		Columns: []Column{
			{Name: "at", DataType: "datetime", Type: "datetime"},
			{Name: "msg", DataType: "text", Type: "text", Nullable: true},
			{Name: "level", DataType: "enum", Type: "enum('info','warn')"},
		},
	}
	// msg is a TEXT: a page carries its prefix and length, unless it is
	// the sort column.
	const cols = "SELECT `at`, LEFT(`msg`, 1025), OCTET_LENGTH(`msg`), `level` FROM `log`"
	const whole = "SELECT `at`, `msg`, `level` FROM `log`"
	first, err := BuildRowsQuery(info, RowQuery{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	assertQuery(t, first, cols+" ORDER BY `at` ASC, `msg` ASC, CAST(`level` AS CHAR) ASC LIMIT 21", nil)
	if first.Keyset {
		t.Error("keyset on a table without a key")
	}
	next, err := BuildRowsQuery(info, RowQuery{Limit: 20, After: &Cursor{offset: 20, shape: "offset"}})
	if err != nil {
		t.Fatal(err)
	}
	assertQuery(t, next, cols+" ORDER BY `at` ASC, `msg` ASC, CAST(`level` AS CHAR) ASC LIMIT 21 OFFSET 20", nil)
	prev, err := BuildRowsQuery(info, RowQuery{Limit: 20, Before: &Cursor{offset: 50, shape: "offset"}, Sort: &Sort{Column: "msg", Desc: true}})
	if err != nil {
		t.Fatal(err)
	}
	assertQuery(t, prev, whole+" ORDER BY `msg` DESC, `at` ASC, `msg` ASC, CAST(`level` AS CHAR) ASC LIMIT 21 OFFSET 30", nil)
	if prev.Offset != 30 || prev.Reverse {
		t.Errorf("offset %d reverse %v", prev.Offset, prev.Reverse)
	}
	if _, err := BuildRowsQuery(info, RowQuery{Last: true}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("Last without a key: %v", err)
	}

	// A UNIQUE index over NOT NULL columns serves as the key.
	info.Indexes = []Index{{Name: "at_unique", Columns: []string{"at"}, Unique: true}}
	keyed, err := BuildRowsQuery(info, RowQuery{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	assertQuery(t, keyed, cols+" ORDER BY `at` ASC LIMIT 21", nil)
	// ...but not one over a nullable column.
	info.Indexes = []Index{{Name: "msg_unique", Columns: []string{"msg"}, Unique: true}}
	if pq, _ := BuildRowsQuery(info, RowQuery{}); pq.Keyset {
		t.Error("a unique index over a nullable column was used as key")
	}
}

func TestQuoteIdent(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"users":         "`users`",
		"order":         "`order`",
		"my table":      "`my table`",
		"a`b":           "`a``b`",
		"``":            "``````",
		"x`; DROP t --": "`x``; DROP t --`",
		"":              "``",
	} {
		if got := QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

func assertQuery(t *testing.T, pq *PageQuery, sql string, args []any) {
	t.Helper()
	if pq.SQL != sql {
		t.Errorf("SQL\n got: %s\nwant: %s", pq.SQL, sql)
	}
	if len(args) == 0 && len(pq.Args) == 0 {
		return
	}
	if !reflect.DeepEqual(pq.Args, args) {
		t.Errorf("args\n got: %#v\nwant: %#v", pq.Args, args)
	}
}
