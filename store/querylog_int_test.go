package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// logBuffer is a slog JSON log kept in memory, safe for the pool's
// goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// records decodes the log, one map per record.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("a log line is not JSON: %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

// find returns the records with message msg whose sql attribute contains sql.
func find(recs []map[string]any, msg, sql string) []map[string]any {
	var out []map[string]any
	for _, r := range recs {
		s, _ := r["sql"].(string)
		if r["msg"] == msg && strings.Contains(s, sql) {
			out = append(out, r)
		}
	}
	return out
}

func newLogger(level slog.Level) (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: level})), b
}

// Every statement is logged with its duration and the rows it read or
// affected, whether sent directly or prepared (statements with arguments);
// the arguments' values never are.
func TestLoggerRecordsQueriesWithRowCounts(t *testing.T) {
	cfg := testdb.New(t)
	db := testdb.Open(t, cfg)
	exec(t, db,
		"CREATE TABLE `t` (`id` int PRIMARY KEY, `name` varchar(40))",
		"INSERT INTO `t` VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')",
	)
	logger, buf := newLogger(slog.LevelDebug)
	st := openStore(t, cfg, store.Options{Logger: logger})
	ctx := ctxT(t)

	readAll := func(query string) {
		t.Helper()
		rows, err := st.DB().QueryContext(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	readAll("SELECT `id` FROM `t` ORDER BY `id`")
	var name string
	if err := st.DB().QueryRowContext(ctx, "SELECT `name` FROM `t` WHERE `id` = ?", 3).Scan(&name); err != nil {
		t.Fatal(err)
	}
	const secretValue = "value-never-logged"
	if _, err := st.DB().ExecContext(ctx, "UPDATE `t` SET `name` = ? WHERE `id` > ?", secretValue, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, "DELETE FROM `t` WHERE `id` = 1"); err != nil {
		t.Fatal(err)
	}
	if err := st.DB().QueryRowContext(ctx, "SELECT `nope` FROM `t`").Scan(new(int)); err == nil {
		t.Fatal("want an error for an unknown column")
	}

	recs := buf.records(t)
	check := func(msg, sql, key string, want float64) {
		t.Helper()
		got := find(recs, msg, sql)
		if len(got) != 1 {
			t.Fatalf("%d %q records for %q, want 1:\n%s", len(got), msg, sql, buf)
		}
		if got[0][key] != want {
			t.Errorf("%q: %s = %v, want %v", sql, key, got[0][key], want)
		}
		if _, ok := got[0]["duration"]; !ok {
			t.Errorf("%q: no duration", sql)
		}
		if got[0]["level"] != "DEBUG" {
			t.Errorf("%q: level %v, want DEBUG", sql, got[0]["level"])
		}
	}
	check("Query", "SELECT `id` FROM `t` ORDER BY `id`", "rows", 4)
	check("Query", "WHERE `id` = ?", "rows", 1)
	check("Query", "WHERE `id` = ?", "args", 1)
	check("Exec", "UPDATE `t` SET `name` = ?", "rows_affected", 3)
	check("Exec", "UPDATE `t` SET `name` = ?", "args", 2)
	check("Exec", "DELETE FROM `t` WHERE `id` = 1", "rows_affected", 1)

	failed := find(recs, "Query failed", "SELECT `nope`")
	if len(failed) != 1 || failed[0]["level"] != "WARN" || failed[0]["err"] == nil {
		t.Errorf("the failed query is not logged as a warning with its error:\n%s", buf)
	}
	if strings.Contains(buf.String(), secretValue) {
		t.Errorf("an argument's value reached the log:\n%s", buf)
	}
	if len(find(recs, "Store opened", "")) != 1 || len(find(recs, "Connection opened", "")) == 0 {
		t.Errorf("the store's opening is not logged:\n%s", buf)
	}
	st.Close()
	if !strings.Contains(buf.String(), `"msg":"Connection closed"`) || !strings.Contains(buf.String(), `"msg":"Store closed"`) {
		t.Errorf("closing is not logged:\n%s", buf)
	}
}

// Above debug level the SQL text is left out, even of a failure.
func TestLoggerKeepsSQLTextToDebugLevel(t *testing.T) {
	cfg := testdb.New(t)
	logger, buf := newLogger(slog.LevelInfo)
	st := openStore(t, cfg, store.Options{Logger: logger})
	ctx := ctxT(t)
	if _, err := st.DB().ExecContext(ctx, "SELECT 'literal-in-sql'"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, "SELECT * FROM `missing_table` WHERE 'literal-in-sql' = 1"); err == nil {
		t.Fatal("want an error")
	}
	out := buf.String()
	if strings.Contains(out, "literal-in-sql") {
		t.Errorf("SQL text logged above debug level:\n%s", out)
	}
	if !strings.Contains(out, `"msg":"Exec failed"`) {
		t.Errorf("the failure is not logged at info level:\n%s", out)
	}
}

// Transactions are logged with how they ended.
func TestLoggerRecordsTransactions(t *testing.T) {
	cfg := testdb.New(t)
	logger, buf := newLogger(slog.LevelDebug)
	st := openStore(t, cfg, store.Options{Logger: logger})
	ctx := ctxT(t)
	for _, commit := range []bool{true, false} {
		tx, err := st.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "SELECT 1"); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, msg := range []string{"Transaction began", "Transaction committed", "Transaction rolled back"} {
		if !strings.Contains(buf.String(), `"msg":"`+msg+`"`) {
			t.Errorf("no %q record:\n%s", msg, buf)
		}
	}
}

// Logging keeps what database/sql sees of the rows: column types come
// through the wrapper.
func TestLoggerKeepsColumnTypes(t *testing.T) {
	cfg := testdb.New(t)
	db := testdb.Open(t, cfg)
	exec(t, db, "CREATE TABLE `t` (`id` int NOT NULL PRIMARY KEY, `price` decimal(8,2) NULL)")
	logger, _ := newLogger(slog.LevelDebug)
	for _, l := range []*slog.Logger{nil, logger} {
		st := openStore(t, cfg, store.Options{Logger: l})
		types := columnTypes(t, st.DB(), "SELECT `id`, `price` FROM `t`")
		if types[1].DatabaseTypeName() != "DECIMAL" {
			t.Errorf("logger %v: price is %q, want DECIMAL", l != nil, types[1].DatabaseTypeName())
		}
		if p, s, ok := types[1].DecimalSize(); !ok || p != 8 || s != 2 {
			t.Errorf("logger %v: price's size %d,%d (%v), want 8,2", l != nil, p, s, ok)
		}
		if n, ok := types[0].Nullable(); !ok || n {
			t.Errorf("logger %v: id nullable %v (%v), want false", l != nil, n, ok)
		}
	}
}

func columnTypes(t *testing.T, db *sql.DB, query string) []*sql.ColumnType {
	t.Helper()
	rows, err := db.QueryContext(ctxT(t), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return types
}

// The store's read-only guard still applies with a logger.
func TestLoggerWithReadOnly(t *testing.T) {
	cfg := testdb.New(t)
	logger, buf := newLogger(slog.LevelDebug)
	st := openStore(t, cfg, store.Options{Logger: logger, ReadOnly: true})
	if _, err := st.DB().ExecContext(ctxT(t), "CREATE TABLE `x` (`id` int PRIMARY KEY)"); err == nil {
		t.Fatal("a read-only store created a table")
	}
	if !strings.Contains(buf.String(), "SET SESSION TRANSACTION READ ONLY") {
		t.Errorf("the read-only setting is not logged:\n%s", buf)
	}
	if len(find(buf.records(t), "Exec failed", "CREATE TABLE `x`")) != 1 {
		t.Errorf("the refused statement is not logged:\n%s", buf)
	}
}

// BenchmarkQueryLog measures what the query log costs per query of 100
// rows: off (nil logger), on but above debug level, and at debug level.
func BenchmarkQueryLog(b *testing.B) {
	cfg := testdb.New(b)
	db := testdb.Open(b, cfg)
	exec(b, db, "CREATE TABLE `t` (`id` int PRIMARY KEY, `name` varchar(40))")
	var values []string
	for i := 1; i <= 100; i++ {
		values = append(values, fmt.Sprintf("(%d, 'name %d')", i, i))
	}
	exec(b, db, "INSERT INTO `t` VALUES "+strings.Join(values, ", "))
	for _, bc := range []struct {
		name   string
		logger *slog.Logger
	}{
		{"off", nil},
		{"info", slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))},
		{"debug", slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			st := openStore(b, cfg, store.Options{Logger: bc.logger})
			ctx := ctxT(b)
			for b.Loop() {
				if err := readPage(ctx, st.DB()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// readPage reads 100 rows the way the store does: scanned, then checked.
func readPage(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "SELECT `id`, `name` FROM `t` WHERE `id` > ? ORDER BY `id`", 0)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int
	var name string
	for rows.Next() {
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
	}
	return rows.Err()
}
