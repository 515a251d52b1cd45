package store_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

// kindsTable has one nullable column of every MySQL type family.
const kindsTable = "CREATE TABLE kinds (" +
	"id INT NOT NULL PRIMARY KEY," +
	"ti TINYINT NULL, tiu TINYINT UNSIGNED NULL, si SMALLINT NULL, siu SMALLINT UNSIGNED NULL," +
	"mi MEDIUMINT NULL, miu MEDIUMINT UNSIGNED NULL, i INT NULL, iu INT UNSIGNED NULL," +
	"bi BIGINT NULL, biu BIGINT UNSIGNED NULL," +
	"dc DECIMAL(30,10) NULL, f FLOAT NULL, d DOUBLE NULL," +
	"dt DATE NULL, dtm DATETIME(6) NULL, ts TIMESTAMP NULL DEFAULT NULL, tm TIME NULL, tm6 TIME(6) NULL, y YEAR NULL," +
	"ch CHAR(10) NULL, vc VARCHAR(100) NULL, tx TEXT NULL," +
	"bn BINARY(255) NULL, vb VARBINARY(256) NULL, bl BLOB NULL," +
	"b1 BIT(1) NULL, b64 BIT(64) NULL," +
	"en ENUM('small','medium','large') NULL, st SET('red','green','blue') NULL, js JSON NULL)"

// everyByte is the 256 byte values in order.
func everyByte() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func reversed(b []byte) []byte {
	out := bytes.Clone(b)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// typeCase is a column with two values: written by an INSERT, replaced by
// an UPDATE that checks the first, then deleted by a DELETE that checks
// the second. Values are what a person types (hex for binary).
type typeCase struct {
	col  string
	a, b string
}

func typeCases() []typeCase {
	hexOf := func(b []byte) string { return fmt.Sprintf("%x", b) }
	return []typeCase{
		{"ti", "-128", "127"}, {"tiu", "0", "255"},
		{"si", "-32768", "32767"}, {"siu", "0", "65535"},
		{"mi", "-8388608", "8388607"}, {"miu", "0", "16777215"},
		{"i", "-2147483648", "2147483647"}, {"iu", "0", "4294967295"},
		{"bi", "-9223372036854775808", "9223372036854775807"}, {"biu", "0", "18446744073709551615"},
		{"dc", "-99999999999999999999.9999999999", "12345678901234567890.0000000001"},
		{"f", "0.1", "3.4028235e+38"}, {"f", "1.2345678", "-1.1754944e-38"},
		{"d", "0.1", "1.7976931348623157e+308"}, {"d", "-2.2250738585072014e-308", "3.141592653589793"},
		{"dt", "1000-01-01", "9999-12-31"},
		{"dtm", "1000-01-01 00:00:00.000000", "9999-12-31 23:59:59.999999"},
		{"ts", "1970-01-02 00:00:00", "2038-01-18 03:14:07"},
		{"tm", "-838:59:59", "838:59:59"}, {"tm6", "-00:00:00.000001", "-12:34:56.789012"},
		{"y", "1901", "2155"},
		{"ch", "日本語", "😀 ok"},
		{"vc", "😀👍 CJK 日本語テキスト", `a'b"c\d%_?` + "`"},
		{"tx", "emoji 😀, CJK 中文, a line\nbreak and a\ttab", strings.Repeat("長い文😀", 200)},
		{"bn", hexOf(everyByte()[:255]), hexOf(reversed(everyByte())[:255])},
		{"vb", hexOf(everyByte()), ""},
		{"bl", hexOf(everyByte()), hexOf(bytes.Repeat(reversed(everyByte()), 8))},
		{"b1", "b'0'", "b'1'"},
		{"b64", "0", "18446744073709551615"},
		{"en", "small", "large"},
		{"st", "", "blue,red"},
		{"js", `{"a": [1, 2.5, "x"], "b": null}`, `["😀", {"k": true, "n": 1234567890123}]`},
	}
}

// TestEditRoundTripEveryType writes every type family through the edit
// path (ParseInput, PlanEdits, ApplyEdits) at its limits and reads each
// value back as the TUI does: it must come back exactly (JSON as the same
// document). The UPDATE and the DELETE check what the previous step wrote,
// so every family's optimistic check must match its own value too.
func TestEditRoundTripEveryType(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, kindsTable)
	info, err := st.Describe(ctxT(t), "kinds")
	if err != nil {
		t.Fatal(err)
	}
	for n, tc := range typeCases() {
		id := strconv.Itoa(n + 1)
		t.Run(fmt.Sprintf("%s_%d", tc.col, n), func(t *testing.T) {
			col := info.Column(tc.col)
			a, err := store.ParseInput(col, tc.a)
			if err != nil {
				t.Fatal(err)
			}
			b, err := store.ParseInput(col, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			apply(t, st, store.Change{Kind: store.ChangeInsert, Info: info, Edits: []store.Edit{
				{Column: "id", Value: val(id)}, {Column: tc.col, Value: a}}})
			cols, row := readRow(t, st, info, id)
			sameValue(t, col, whole(t, st, info, cols, row, tc.col), a)

			apply(t, st, store.Change{Kind: store.ChangeUpdate, Info: info, Columns: cols, Row: row,
				Edits: []store.Edit{{Column: tc.col, Value: b}}})
			cols, row = readRow(t, st, info, id)
			sameValue(t, col, whole(t, st, info, cols, row, tc.col), b)

			apply(t, st, store.Change{Kind: store.ChangeDelete, Info: info, Columns: cols, Row: row})
			if ids := plainIDs(t, db, "SELECT id FROM kinds WHERE id = ?", id); len(ids) != 0 {
				t.Fatalf("the row is still there after the delete")
			}
		})
	}
}

func val(s string) store.Value { return store.Value{Bytes: []byte(s), Size: int64(len(s))} }

// apply plans and applies changes, failing the test on an error.
func apply(t *testing.T, st *store.Store, changes ...store.Change) *store.EditPlan {
	t.Helper()
	plan, err := st.PlanEdits(ctxT(t), changes)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if err := st.ApplyEdits(ctxT(t), plan); err != nil {
		for _, s := range plan.Statements {
			t.Log(s.Display())
		}
		t.Fatalf("apply: %v", err)
	}
	return plan
}

// readRow reads row id of the table as the grid does: one page.
func readRow(t *testing.T, st *store.Store, info *store.TableInfo, id string) ([]store.Column, store.Row) {
	t.Helper()
	p, err := st.RowsOf(ctxT(t), info, store.RowQuery{Table: info.Name, Filters: []store.Filter{{Column: "id", Op: store.OpEq, Value: id}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 1 {
		t.Fatalf("row %s: %d rows", id, len(p.Rows))
	}
	return p.Columns, p.Rows[0]
}

// whole is the whole value of a column of the row.
func whole(t *testing.T, st *store.Store, info *store.TableInfo, cols []store.Column, row store.Row, name string) store.Value {
	t.Helper()
	v, err := st.FullValue(ctxT(t), info, cols, row, name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sameValue compares a value read back with the one written: bytes
// exactly, JSON as documents (MySQL and the embedded engine store JSON
// in a binary form and print it in their own spacing).
func sameValue(t *testing.T, col *store.Column, got, want store.Value) {
	t.Helper()
	if got.Null != want.Null {
		t.Fatalf("%s: got null=%v, want null=%v", col.Name, got.Null, want.Null)
	}
	if col.DataType == "json" {
		var g, w any
		dg := json.NewDecoder(bytes.NewReader(got.Bytes))
		dg.UseNumber()
		dw := json.NewDecoder(bytes.NewReader(want.Bytes))
		dw.UseNumber()
		if err := dg.Decode(&g); err != nil {
			t.Fatalf("%s: read back %q: %v", col.Name, got.Bytes, err)
		}
		if err := dw.Decode(&w); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: read back %s, wrote %s", col.Name, got.Bytes, want.Bytes)
		}
		return
	}
	if !bytes.Equal(got.Bytes, want.Bytes) {
		t.Fatalf("%s (%s): read back %q, wrote %q", col.Name, col.Type, got.Bytes, want.Bytes)
	}
}
