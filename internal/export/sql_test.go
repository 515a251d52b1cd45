package export

import (
	"strings"
	"testing"

	"github.com/demobots/demobots-tui/store"
)

func TestSQLValues(t *testing.T) {
	cols := []store.Column{
		column("id", "int"), column("price", "decimal"), column("f", "float"), column("flags", "bit"),
		column("data", "blob"), column("s", "varchar"), column("at", "datetime"),
		{Name: "total", DataType: "int", Extra: "VIRTUAL GENERATED"},
		{Name: "created", DataType: "timestamp", Extra: "DEFAULT_GENERATED"},
	}
	got := write(t, Options{Format: SQL, Table: "odd`name"}, cols,
		store.Row{text("1"), text("-0.0000000001"), text("1e-10"), bin(0x0a, 0x05), bin(0, 0x1a, 0xff),
			text("it's a \\ back\\slash\n\r\x00\x1a \"q\" 😀"), text("2025-01-02 03:04:05.123456"), text("9"), text("2025-01-01 00:00:00")},
		store.Row{null(), null(), null(), bin(0), bin(), text(""), null(), null(), null()},
		store.Row{text("007"), text("nan"), text("inf"), bin(0, 0, 0, 0, 0, 0, 0, 1), bin(0x61), text("NULL"), text("0000-00-00 00:00:00"), text("0"), text("x")},
	)
	want := "INSERT INTO `odd``name` (`id`, `price`, `f`, `flags`, `data`, `s`, `at`, `created`) VALUES\n" +
		"(1, -0.0000000001, 1e-10, b'101000000101', X'001aff', 'it\\'s a \\\\ back\\\\slash\\n\\r\\0\\Z \"q\" 😀', '2025-01-02 03:04:05.123456', '2025-01-01 00:00:00'),\n" +
		"(NULL, NULL, NULL, b'0', X'', '', NULL, NULL),\n" +
		"(007, 'nan', 'inf', b'1', X'61', 'NULL', '0000-00-00 00:00:00', 'x');\n"
	if !strings.Contains(got, want) {
		t.Fatalf("got\n%s\nwant it to contain\n%s", got, want)
	}
	for _, part := range []string{"SET NAMES utf8mb4;\n", "SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO'", "FOREIGN_KEY_CHECKS = 0;",
		"SET FOREIGN_KEY_CHECKS = @OLD_FOREIGN_KEY_CHECKS;\nSET SQL_MODE = @OLD_SQL_MODE;\n-- Complete: 3 rows.\n"} {
		if !strings.Contains(got, part) {
			t.Errorf("no %q in\n%s", part, got)
		}
	}
	if strings.Contains(got, "CREATE TABLE") {
		t.Error("CREATE TABLE written without being asked")
	}
}

func TestSQLCreateTableAndSplit(t *testing.T) {
	cols := []store.Column{column("id", "int"), column("body", "longtext")}
	body := strings.Repeat("x", 300_000)
	var rows []store.Row
	for i := range 10 {
		rows = append(rows, store.Row{text(string(rune('0' + i))), text(body)})
	}
	got := write(t, Options{Format: SQL, Table: "docs", CreateTable: "CREATE TABLE `docs` (\n  `id` int NOT NULL\n)"}, cols, rows...)
	if !strings.Contains(got, "\nCREATE TABLE `docs` (\n  `id` int NOT NULL\n);\n\nINSERT INTO `docs`") {
		t.Errorf("no CREATE TABLE before the rows:\n%.300s", got)
	}
	// 10 rows of 300 KB in statements of about 1 MiB: 4 rows each, 3 statements.
	if n := strings.Count(got, "INSERT INTO"); n != 3 {
		t.Errorf("%d INSERT statements, want 3", n)
	}
	if n := strings.Count(got, ");\n"); n != 4 { // three INSERTs and the CREATE TABLE
		t.Errorf("%d statement ends", n)
	}
	if _, err := Write(t.Context(), &strings.Builder{}, &sliceSource{cols: cols}, Options{Format: SQL}); err == nil {
		t.Error("SQL without a table name accepted")
	}
}

func TestSQLEmpty(t *testing.T) {
	got := write(t, Options{Format: SQL, Table: "t"}, []store.Column{column("id", "int")})
	if strings.Contains(got, "INSERT INTO") || strings.Contains(got, "\n\n\n") || !strings.HasSuffix(got, "-- Complete: 0 rows.\n") {
		t.Errorf("empty export:\n%s", got)
	}
}
