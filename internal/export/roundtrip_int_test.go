package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

func ctxT(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func exec(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctxT(t), s); err != nil {
			t.Fatalf("%.200s: %v", s, err)
		}
	}
}

func openStore(t testing.TB, cfg *mysql.Config) *store.Store {
	t.Helper()
	st, err := store.Open(ctxT(t), cfg, store.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", testdb.Describe(t), err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// everythingDDL has a column of every type family an export writes
// differently.
const everythingDDL = "CREATE TABLE everything (" +
	"id INT NOT NULL PRIMARY KEY, " +
	"ti TINYINT NULL, usi SMALLINT UNSIGNED NULL, bi BIGINT NULL, ubi BIGINT UNSIGNED NULL, " +
	"dec1 DECIMAL(30,10) NULL, f FLOAT NULL, d DOUBLE NULL, " +
	"b1 BIT(1) NULL, b12 BIT(12) NULL, b64 BIT(64) NULL, " +
	"dt DATETIME(6) NULL, ts TIMESTAMP(3) NULL, da DATE NULL, tm TIME(6) NULL, y YEAR NULL, " +
	"c CHAR(5) NULL, vc VARCHAR(200) NULL, tx TEXT NULL, lt LONGTEXT NULL, " +
	"bn BINARY(4) NULL, vb VARBINARY(300) NULL, bl BLOB NULL, " +
	"e ENUM('a','b','with space') NULL, st SET('x','y','z') NULL, j JSON NULL" +
	") DEFAULT CHARSET=utf8mb4"

// trickyTexts are strings that break naive CSV, JSON and SQL writers.
var trickyTexts = []string{
	"", "NULL", "null", `\N`, "a,b", `"quoted"`, "line1\nline2\r\nline3\r", "tab\there", `back\slash`,
	"nul\x00byte", "ctrl-z\x1a", "😀 emoji", "漢字 CJK", "e\u0301 combining", "\u2028sep\u2029", "'single'",
	" lead and trail ", "-- comment", "/* c */", ";", `\'`, "x'00'", "control \x01\x1f\x7f",
}

// jsonDocs are JSON values, the JSON literal null among them (not SQL NULL).
var jsonDocs = []string{`{"a": [1, 2]}`, `"string"`, `null`, `[]`, `{"emoji": "😀", "cjk": "漢字", "q": "\"\\", "n": 1.5}`, `12345678901234567890`}

// fillEverything inserts n rows: NULLs, empty values, the text 'NULL',
// extreme numbers, every byte value in a BLOB, utf8mb4 text.
func fillEverything(t *testing.T, db *sql.DB, n int) {
	t.Helper()
	const cols = 26
	allBytes := make([]byte, 256)
	for i := range allBytes {
		allBytes[i] = byte(i)
	}
	for id := 1; id <= n; id++ {
		args := make([]any, cols)
		args[0] = id
		if id == 1 { // every value NULL
			exec1(t, db, args)
			continue
		}
		s := trickyTexts[id%len(trickyTexts)]
		args[1] = int8(id*37%256 - 128)
		args[2] = uint16(id * 2503 % 65536)
		args[3] = []int64{math.MinInt64, math.MaxInt64, 0, -1, int64(id) * 1_000_003}[id%5]
		args[4] = []uint64{math.MaxUint64, 0, uint64(id) << 40}[id%3]
		args[5] = []string{"12345678901234567890.0123456789", "-99999999999999999999.9999999999", "0.0000000001", "0", fmt.Sprintf("%d.%010d", id, id*7)}[id%5]
		args[6] = []float32{0.123456789, -3.4028235e38, 1.17549435e-38, 0, float32(id) / 3}[id%5]
		args[7] = []float64{math.Pi, 1e-300, -1.7976931348623157e308, 0.1, float64(id) / 7}[id%5]
		args[8] = uint64(id % 2)
		args[9] = uint64(id * 131 % 4096)
		args[10] = []uint64{math.MaxUint64, 0, 1 << 63, uint64(id)}[id%4]
		args[11] = fmt.Sprintf("2025-%02d-%02d %02d:%02d:%02d.%06d", id%12+1, id%28+1, id%24, id%60, (id*7)%60, id*12345%1_000_000)
		args[12] = fmt.Sprintf("2024-06-%02d 12:34:56.%03d", id%28+1, id%1000)
		args[13] = fmt.Sprintf("19%02d-02-%02d", id%100, id%28+1)
		args[14] = fmt.Sprintf("%02d:%02d:%02d.%06d", id%24, id%60, id%60, id*31%1_000_000)
		args[15] = 1901 + id%254
		args[16] = []string{"", "ab", "漢字", "NULL", "a'b"}[id%5]
		args[17] = s
		args[18] = s + " " + strings.Repeat("é", id%7)
		args[19] = strings.Repeat(s+"|", id%4)
		args[20] = []byte{byte(id), 0, 0xff, byte(id >> 8)}
		args[21] = []byte(s)
		args[22] = allBytes[id%256:]
		if id == 2 {
			args[22] = allBytes
			args[21] = []byte{}
		}
		args[23] = []string{"a", "b", "with space"}[id%3]
		args[24] = []string{"", "x", "x,z", "x,y,z"}[id%4]
		args[25] = jsonDocs[id%len(jsonDocs)]
		if id%11 == 0 { // scattered NULLs
			for _, i := range []int{3, 6, 12, 17, 22, 25} {
				args[i] = nil
			}
		}
		exec1(t, db, args)
	}
}

func exec1(t *testing.T, db *sql.DB, args []any) {
	t.Helper()
	q := "INSERT INTO everything VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + ")"
	if _, err := db.ExecContext(ctxT(t), q, args...); err != nil {
		t.Fatalf("insert row %v: %v", args[0], err)
	}
}

// digest is the SHA-256 of a table's rows in id order, read through a
// prepared statement (the binary protocol: FLOAT values exact) with plain
// database/sql, not through the store: a value the store reads wrongly
// would be exported wrongly, and must not be compared with itself.
func digest(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	rows, err := db.QueryContext(ctxT(t), "SELECT * FROM "+store.QuoteIdent(table)+" WHERE 1 = ? ORDER BY id", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	cols, _ := rows.Columns()
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if v == nil {
				h.Write([]byte("N;"))
				continue
			}
			fmt.Fprintf(h, "%d:%s;", len(v), v)
		}
		h.Write([]byte("\n"))
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d rows %x", n, h.Sum(nil))
}

// checksumTable is MariaDB's and MySQL's CHECKSUM TABLE. The embedded
// engine and TiDB have none (TiDB's ADMIN CHECKSUM TABLE hashes its
// storage keys, which differ between copies): "", and digest alone
// compares the values there.
func checksumTable(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	if testdb.Embedded(t) {
		return ""
	}
	var version string
	if err := db.QueryRowContext(ctxT(t), "SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(version, "TiDB") {
		return ""
	}
	var name string
	var sum sql.NullInt64
	if err := db.QueryRowContext(ctxT(t), "CHECKSUM TABLE "+store.QuoteIdent(table)).Scan(&name, &sum); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(sum.Int64, 10)
}

// exportTable streams table through the store and writes it in opts's
// format, with small pages and batches so that every boundary is crossed.
func exportTable(t *testing.T, st *store.Store, table string, opts export.Options) []byte {
	t.Helper()
	ctx := ctxT(t)
	info, err := st.Describe(ctx, table)
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.StreamRows(ctx, info, store.RowQuery{Limit: 17})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	opts.Batch = 10
	var buf bytes.Buffer
	if _, err := export.Write(ctx, &buf, src, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTripSQL(t *testing.T) {
	cfg := testdb.New(t)
	st, db := openStore(t, cfg), testdb.Open(t, cfg)
	exec(t, db, everythingDDL)
	fillEverything(t, db, 120)
	want, wantSum := digest(t, db, "everything"), checksumTable(t, db, "everything")

	t.Run("into an empty copy", func(t *testing.T) {
		out := exportTable(t, st, "everything", export.Options{Format: export.SQL, Table: "copy_sql"})
		exec(t, db, "CREATE TABLE copy_sql LIKE everything")
		runSQL(t, db, string(out))
		if got := digest(t, db, "copy_sql"); got != want {
			t.Errorf("the copy differs:\n got %s\nwant %s", got, want)
		}
		if got := checksumTable(t, db, "copy_sql"); got != wantSum {
			t.Errorf("CHECKSUM TABLE: %s, want %s", got, wantSum)
		}
	})
	t.Run("with CREATE TABLE into another database", func(t *testing.T) {
		ddl, err := st.CreateTableSQL(ctxT(t), "everything")
		if err != nil {
			t.Fatal(err)
		}
		out := exportTable(t, st, "everything", export.Options{Format: export.SQL, Table: "everything", CreateTable: ddl})
		other := testdb.Open(t, testdb.New(t))
		runSQL(t, other, string(out))
		if got := digest(t, other, "everything"); got != want {
			t.Errorf("the copy differs:\n got %s\nwant %s", got, want)
		}
		if got := checksumTable(t, other, "everything"); got != wantSum {
			t.Errorf("CHECKSUM TABLE: %s, want %s", got, wantSum)
		}
	})
}

func TestRoundTripCSV(t *testing.T) {
	cfg := testdb.New(t)
	st, db := openStore(t, cfg), testdb.Open(t, cfg)
	exec(t, db, everythingDDL)
	fillEverything(t, db, 120)
	want, wantSum := digest(t, db, "everything"), checksumTable(t, db, "everything")
	info, err := st.Describe(ctxT(t), "everything")
	if err != nil {
		t.Fatal(err)
	}
	for i, null := range []string{"", "NULL", `\N`} {
		t.Run("NULL as "+strconv.Quote(null), func(t *testing.T) {
			copyName := "copy_csv_" + strconv.Itoa(i)
			exec(t, db, "CREATE TABLE "+copyName+" LIKE everything")
			out := exportTable(t, st, "everything", export.Options{Format: export.CSV, NullText: null})
			loadCSV(t, db, copyName, info.Columns, out, null)
			if got := digest(t, db, copyName); got != want {
				t.Errorf("the copy differs:\n got %s\nwant %s", got, want)
			}
			if got := checksumTable(t, db, copyName); got != wantSum {
				t.Errorf("CHECKSUM TABLE: %s, want %s", got, wantSum)
			}
		})
	}
}

// loadCSV reads CSV as RFC 4180 says (telling a quoted empty field from an
// unquoted one) and inserts its rows into table: an unquoted field equal
// to the NULL text is NULL, binary columns are hex, BIT columns numbers.
func loadCSV(t *testing.T, db *sql.DB, table string, cols []store.Column, data []byte, null string) {
	t.Helper()
	recs := parseCSV(t, data)
	if len(recs) == 0 || len(recs[0]) != len(cols) {
		t.Fatalf("no header row of %d columns", len(cols))
	}
	for i, f := range recs[0] {
		if f.text != cols[i].Name {
			t.Fatalf("header %d is %q, want %q", i, f.text, cols[i].Name)
		}
	}
	q := "INSERT INTO " + store.QuoteIdent(table) + " VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for r, rec := range recs[1:] {
		if len(rec) != len(cols) {
			t.Fatalf("row %d has %d fields", r+1, len(rec))
		}
		args := make([]any, len(cols))
		for i, f := range rec {
			switch {
			case !f.quoted && f.text == null:
				args[i] = nil
			case cols[i].DataType == "bit":
				n, err := strconv.ParseUint(f.text, 10, 64)
				if err != nil {
					t.Fatalf("row %d %s: %v", r+1, cols[i].Name, err)
				}
				args[i] = n
			case cols[i].Binary:
				b, err := hex.DecodeString(f.text)
				if err != nil {
					t.Fatalf("row %d %s: %v", r+1, cols[i].Name, err)
				}
				args[i] = b
			default:
				args[i] = f.text
			}
		}
		if _, err := db.ExecContext(ctxT(t), q, args...); err != nil {
			t.Fatalf("row %d: %v", r+1, err)
		}
	}
}

type csvField struct {
	text   string
	quoted bool
}

// parseCSV is a strict RFC 4180 reader: CRLF records, quoted fields with
// doubled quotes, and anything else is an error.
func parseCSV(t *testing.T, data []byte) [][]csvField {
	t.Helper()
	var recs [][]csvField
	var rec []csvField
	i := 0
	for i < len(data) {
		var f csvField
		if data[i] == '"' {
			f.quoted = true
			i++
			var b []byte
			for {
				if i >= len(data) {
					t.Fatal("csv: unterminated quoted field")
				}
				if data[i] == '"' {
					if i+1 < len(data) && data[i+1] == '"' {
						b = append(b, '"')
						i += 2
						continue
					}
					i++
					break
				}
				b = append(b, data[i])
				i++
			}
			f.text = string(b)
		} else {
			start := i
			for i < len(data) && data[i] != ',' && data[i] != '\r' {
				if data[i] == '"' || data[i] == '\n' {
					t.Fatalf("csv: %q in an unquoted field at byte %d", data[i], i)
				}
				i++
			}
			f.text = string(data[start:i])
		}
		rec = append(rec, f)
		switch {
		case i < len(data) && data[i] == ',':
			i++
		case i+1 < len(data) && data[i] == '\r' && data[i+1] == '\n':
			i += 2
			recs = append(recs, rec)
			rec = nil
		default:
			t.Fatalf("csv: bad field end at byte %d", i)
		}
	}
	if rec != nil {
		t.Fatal("csv: the last record has no CRLF")
	}
	return recs
}

// runSQL runs a SQL export statement by statement on one connection (the
// SET statements keep session variables), as the mariadb client would.
func runSQL(t *testing.T, db *sql.DB, script string) {
	t.Helper()
	ctx := ctxT(t)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	stmts := splitSQL(script)
	if len(stmts) < 5 {
		t.Fatalf("%d statements in\n%.500s", len(stmts), script)
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%.500s: %v", s, err)
		}
	}
}

// splitSQL splits a script at semicolons outside quotes, dropping comment
// lines between statements.
func splitSQL(script string) []string {
	var out []string
	var cur strings.Builder
	var quote byte
	atLineStart := true
	for i := 0; i < len(script); i++ {
		c := script[i]
		if quote == 0 && atLineStart && strings.TrimSpace(cur.String()) == "" && strings.HasPrefix(script[i:], "--") {
			for i < len(script) && script[i] != '\n' {
				i++
			}
			continue
		}
		atLineStart = c == '\n'
		switch {
		case quote != 0 && c == '\\' && quote == '\'':
			cur.WriteByte(c)
			i++
			if i < len(script) {
				cur.WriteByte(script[i])
			}
			continue
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '\'' || c == '`' || c == '"'):
			quote = c
		case quote == 0 && c == ';':
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
