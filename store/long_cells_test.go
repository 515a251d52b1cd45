package store

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// docsInfo is a table with long columns of every family, a long sort
// candidate and a long foreign key column.
func docsInfo() *TableInfo {
	return &TableInfo{
		Name: "docs",
		Columns: []Column{
			{Name: "id", Type: "int(11)", DataType: "int", Key: "PRI"},
			{Name: "title", Type: "varchar(200)", DataType: "varchar"},
			{Name: "body", Type: "longtext", DataType: "longtext", Nullable: true},
			{Name: "data", Type: "blob", DataType: "blob", Nullable: true, Binary: true},
			{Name: "doc", Type: "json", DataType: "json", Nullable: true},
			{Name: "wide", Type: "varchar(300)", DataType: "varchar", Nullable: true},
			{Name: "raw", Type: "varbinary(2000)", DataType: "varbinary", Nullable: true, Binary: true},
			{Name: "small", Type: "varbinary(1024)", DataType: "varbinary", Nullable: true, Binary: true},
			{Name: "ref", Type: "varchar(1000)", DataType: "varchar", Nullable: true},
		},
		PrimaryKey: []string{"id"},
		Outgoing:   []ForeignKey{{Name: "fk", Table: "docs", Columns: []string{"ref"}, RefTable: "refs", RefColumns: []string{"code"}}},
	}
}

func TestBuildRowsQueryLongCells(t *testing.T) {
	t.Parallel()
	info := docsInfo()
	pq, err := BuildRowsQuery(info, RowQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT `id`, `title`, LEFT(`body`, 1025), OCTET_LENGTH(`body`), SUBSTRING(`data`, 1, 1025), OCTET_LENGTH(`data`), " +
		"LEFT(CAST(`doc` AS CHAR), 1025), OCTET_LENGTH(CAST(`doc` AS CHAR)), LEFT(`wide`, 1025), OCTET_LENGTH(`wide`), " +
		"SUBSTRING(`raw`, 1, 1025), OCTET_LENGTH(`raw`), `small`, `ref` FROM `docs` ORDER BY `id` ASC LIMIT 101"
	if pq.SQL != want {
		t.Errorf("got  %s\nwant %s", pq.SQL, want)
	}
	if !reflect.DeepEqual(pq.prefixed, []bool{false, false, true, true, true, true, true, false, false}) {
		t.Errorf("prefixed %v", pq.prefixed)
	}
	// The sort column is compared by the cursor: it comes whole.
	pq, err = BuildRowsQuery(info, RowQuery{Sort: &Sort{Column: "body"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pq.SQL, "SELECT `id`, `title`, `body`, SUBSTRING(") || pq.prefixed[2] {
		t.Errorf("sorted by body: %s", pq.SQL)
	}
	// The embedded engine cuts bytes through their hex digits.
	pq, err = buildRowsQuery(info, RowQuery{}, Flavor{Kind: FlavorEmbedded})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pq.SQL, "UNHEX(SUBSTRING(HEX(`data`), 1, 2050)), OCTET_LENGTH(`data`)") || !strings.Contains(pq.SQL, "LEFT(`body`, 1025)") {
		t.Errorf("embedded: %s", pq.SQL)
	}
	// A table without a key orders by the columns themselves, not by the
	// prefixes (which have no alias to collide with).
	info.PrimaryKey = nil
	pq, err = BuildRowsQuery(info, RowQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pq.SQL, "ORDER BY `id` ASC, `title` ASC, `body` ASC, `data` ASC, CAST(`doc` AS CHAR) ASC") {
		t.Errorf("offset order: %s", pq.SQL)
	}
}

func TestPrefixValue(t *testing.T) {
	t.Parallel()
	text := &Column{Name: "t", DataType: "longtext"}
	bin := &Column{Name: "b", DataType: "longblob", Binary: true}
	ascii := strings.Repeat("x", CellPrefixBytes+1)
	accents := "a" + strings.Repeat("é", 600) // 1,201 bytes, 601 characters
	tests := []struct {
		name      string
		col       *Column
		prefix    any
		length    any
		bytes     int
		size      int64
		truncated bool
	}{
		{"NULL", text, nil, nil, 0, 0, false},
		{"empty", text, []byte{}, int64(0), 0, 0, false},
		{"fits", text, []byte("hello"), int64(5), 5, 5, false},
		{"exactly the prefix", text, []byte(ascii[:CellPrefixBytes]), int64(CellPrefixBytes), CellPrefixBytes, CellPrefixBytes, false},
		{"one more character", text, []byte(ascii), int64(CellPrefixBytes + 1), CellPrefixBytes, CellPrefixBytes + 1, true},
		{"long, length as text", text, []byte(ascii), []byte("16000000"), CellPrefixBytes, 16_000_000, true},
		{"multi-byte cut", text, []byte(accents), int64(len(accents)), CellPrefixBytes - 1, int64(len(accents)), true},
		{"binary", bin, []byte(strings.Repeat("\xff", CellPrefixBytes+1)), int64(5 << 20), CellPrefixBytes, 5 << 20, true},
	}
	for _, tt := range tests {
		v := prefixValue(tt.col, tt.prefix, tt.length)
		if len(v.Bytes) != tt.bytes || v.Size != tt.size || v.Truncated != tt.truncated || v.Null != (tt.prefix == nil) {
			t.Errorf("%s: %d bytes, size %d, truncated %v, null %v; want %d, %d, %v", tt.name, len(v.Bytes), v.Size, v.Truncated, v.Null, tt.bytes, tt.size, tt.truncated)
		}
		if !tt.col.Binary && !utf8.Valid(v.Bytes) {
			t.Errorf("%s: invalid UTF-8 after the cut", tt.name)
		}
	}
}

func TestBuildFullValueQuery(t *testing.T) {
	t.Parallel()
	info := docsInfo()
	cut := Value{Bytes: []byte("abc"), Size: 5000, Truncated: true}
	row := Row{v("7"), v("t"), cut, null, cut, v("w"), null, v("s"), v("r")}
	query, args, err := buildFullValueQuery(info, info.Columns, row, "body")
	if err != nil {
		t.Fatal(err)
	}
	if query != "SELECT `body` FROM `docs` WHERE `id` = ? LIMIT 2" || !reflect.DeepEqual(args, []any{int64(7)}) {
		t.Errorf("by key: %s %v", query, args)
	}
	info.PrimaryKey = nil
	info.Columns = append(info.Columns,
		Column{Name: "price", Type: "decimal(10,2)", DataType: "decimal"},
		Column{Name: "shape", Type: "geometry", DataType: "geometry", Binary: true})
	row = append(row, v("1.50"), v("\x00\x01"))
	query, args, err = buildFullValueQuery(info, info.Columns, row, "body")
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT `body` FROM `docs` WHERE `id` = ? AND `title` = ? AND OCTET_LENGTH(`body`) = ? AND `data` IS NULL" +
		" AND OCTET_LENGTH(CAST(`doc` AS CHAR)) = ? AND `wide` = ? AND `raw` IS NULL AND `small` = ? AND `ref` = ?" +
		" AND `price` = CAST(? AS DECIMAL(10,2)) LIMIT 2"
	wantArgs := []any{int64(7), "t", int64(5000), int64(5000), "w", []byte("s"), "r", "1.50"}
	if query != want || !reflect.DeepEqual(args, wantArgs) {
		t.Errorf("without a key:\ngot  %s %v\nwant %s %v", query, args, want, wantArgs)
	}
	if _, _, err := buildFullValueQuery(info, info.Columns, row, "nope"); err == nil {
		t.Error("a missing column is accepted")
	}
}
