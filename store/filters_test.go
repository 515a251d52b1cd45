package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func typedInfo() *TableInfo {
	return &TableInfo{Name: "t", PrimaryKey: []string{"id"}, Columns: []Column{
		{Name: "id", Type: "int(11)", DataType: "int"},
		{Name: "u", Type: "bigint(20) unsigned", DataType: "bigint"},
		{Name: "price", Type: "decimal(30,10)", DataType: "decimal"},
		{Name: "born", Type: "date", DataType: "date"},
		{Name: "at", Type: "datetime(6)", DataType: "datetime"},
		{Name: "dur", Type: "time", DataType: "time"},
		{Name: "y", Type: "year(4)", DataType: "year"},
		{Name: "name", Type: "varchar(20)", DataType: "varchar"},
		{Name: "state", Type: "enum('new','it''s done')", DataType: "enum"},
		{Name: "f", Type: "float", DataType: "float"},
	}}
}

func TestParseList(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want []string
		bad  bool
	}{
		{"1, 2,3", []string{"1", "2", "3"}, false},
		{"'a,b', c", []string{"a,b", "c"}, false},
		{"'it''s', ''", []string{"it's", ""}, false},
		{"", nil, false},
		{"1,", nil, true},
		{"'open", nil, true},
		{"'a' b", nil, true},
	}
	for _, c := range cases {
		got, err := ParseList(c.in)
		if (err != nil) != c.bad || !c.bad && !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseList(%q) = %q, %v", c.in, got, err)
		}
	}
	if got := EnumMembers("enum('new','it''s done')"); !reflect.DeepEqual(got, []string{"new", "it's done"}) {
		t.Errorf("EnumMembers = %q", got)
	}
}

// TestValidateFilterChecksTheColumnsType: values the column's type cannot
// hold are refused before any query, with what the column holds.
func TestValidateFilterChecksTheColumnsType(t *testing.T) {
	t.Parallel()
	info := typedInfo()
	ok := []Filter{
		{"id", OpEq, "2"}, {"id", OpLt, "-5"}, {"u", OpEq, "18446744073709551615"},
		{"price", OpGe, "12.5000000001"}, {"price", OpEq, "-3"}, {"born", OpEq, "2024-02-29"},
		{"born", OpEq, "0000-00-00"}, {"at", OpGt, "2025-01-01"}, {"at", OpLe, "2025-01-31 23:59:59.123456"},
		{"dur", OpLt, "-838:59:59"}, {"dur", OpGt, "01:30"}, {"y", OpEq, "2025"}, {"name", OpEq, ""},
		{"name", OpLike, "a%"}, {"name", OpNotLike, "%x"}, {"state", OpEq, "it's done"},
		{"id", OpIn, "1, 2, 3"}, {"name", OpNotIn, "'a,b', c"}, {"id", OpBetween, "1 AND 10"},
		{"born", OpBetween, "2000-01-01, 2001-01-01"}, {"id", OpIsNull, ""},
	}
	for _, f := range ok {
		if err := ValidateFilter(info, f); err != nil {
			t.Errorf("%v refused: %v", f, err)
		}
	}
	bad := []struct {
		f    Filter
		want string
	}{
		{Filter{"id", OpEq, "abc"}, "whole numbers"},
		{Filter{"id", OpEq, ""}, "give a value"},
		{Filter{"id", OpEq, "1e"}, "whole numbers"},
		{Filter{"price", OpEq, "12,5"}, "numbers"},
		{Filter{"born", OpEq, "notadate"}, "dates"},
		{Filter{"born", OpEq, "2002-13-01"}, "dates"},
		{Filter{"born", OpEq, "07/25/2002"}, "dates"},
		{Filter{"born", OpEq, "150000"}, "dates"},
		{Filter{"born", OpEq, "2023-02-29"}, "dates"},
		{Filter{"at", OpEq, "notadate"}, "dates and times"},
		{Filter{"at", OpEq, "2025-01-01 25:00:00"}, "dates and times"},
		{Filter{"dur", OpEq, "12:75"}, "times"},
		{Filter{"y", OpEq, "25"}, "years"},
		{Filter{"state", OpEq, "gone"}, "'new', 'it''s done'"},
		{Filter{"f", OpEq, "x"}, "numbers"},
		{Filter{"id", OpIn, ""}, "at least one value"},
		{Filter{"id", OpIn, "1, x"}, "whole numbers"},
		{Filter{"id", OpBetween, "1"}, "two values"},
		{Filter{"name", OpEq, strings.Repeat("é", MaxFilterValue+1)}, "at most 1000 characters"},
		{Filter{"nope", OpEq, "1"}, "does not exist"},
		{Filter{"id", Op("~"), "1"}, "unknown filter operator"},
	}
	for _, c := range bad {
		err := ValidateFilter(info, c.f)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want it to say %q", c.f, err, c.want)
			continue
		}
		if !errors.Is(err, ErrBadQuery) && !errors.Is(err, ErrNoColumn) {
			t.Errorf("%v: %v is not ErrBadQuery", c.f, err)
		}
	}
}

func TestNewOperatorsAreQuotedAndPlaceholders(t *testing.T) {
	t.Parallel()
	info := typedInfo()
	for _, c := range []struct {
		f    Filter
		sql  string
		args []any
	}{
		{Filter{"id", OpIn, "1, 2"}, "`id` IN (?, ?)", []any{int64(1), int64(2)}},
		{Filter{"name", OpNotIn, "'a,b'"}, "`name` NOT IN (?)", []any{"a,b"}},
		{Filter{"price", OpBetween, "1 and 2.5"}, "`price` BETWEEN ? AND ?", []any{"1", "2.5"}},
		{Filter{"name", OpNotLike, "x%"}, "`name` NOT LIKE ?", []any{"x%"}},
	} {
		sql, args, err := filterSQL(info, c.f)
		if err != nil || sql != c.sql || !reflect.DeepEqual(args, c.args) {
			t.Errorf("%v: %q %#v %v", c.f, sql, args, err)
		}
	}
}

func TestCursorAtStartsThePageAtTheKey(t *testing.T) {
	t.Parallel()
	info := typedInfo()
	cur, err := CursorAt(info, []string{"42"})
	if err != nil {
		t.Fatal(err)
	}
	pq, err := BuildRowsQuery(info, RowQuery{Table: "t", After: &cur, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pq.SQL, "`id` >= ?") || pq.Args[0] != int64(42) {
		t.Fatalf("jump query %s %v", pq.SQL, pq.Args)
	}
	if _, err := CursorAt(info, []string{"x"}); err == nil {
		t.Fatal("a key value of the wrong type was accepted")
	}
	if _, err := CursorAt(info, []string{"1", "2"}); err == nil {
		t.Fatal("two values for a one-column key were accepted")
	}
	q, args, err := BuildCountBeforeQuery(info, RowQuery{Table: "t", Before: &cur, Filters: []Filter{{"name", OpLike, "a%"}}})
	if err != nil || !strings.Contains(q, "COUNT(*)") || !strings.Contains(q, "`id` < ?") || len(args) != 2 {
		t.Fatalf("count before: %s %v %v", q, args, err)
	}
}
