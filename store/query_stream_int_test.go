package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/internal/testdb"
	"github.com/demobots/demobots-tui/store"
)

// newDigits creates a table of the ten digits: cross joins of it make
// results of any power of ten without storing them.
func newDigits(t *testing.T) (*store.Store, *sql.DB) {
	t.Helper()
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE digits (n INT NOT NULL PRIMARY KEY)",
		"INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)")
	return st, db
}

// crossJoin is a FROM clause of k copies of digits: 10^k rows.
func crossJoin(k int) string {
	parts := make([]string, k)
	for i := range parts {
		parts[i] = fmt.Sprintf("digits d%d", i)
	}
	return strings.Join(parts, ", ")
}

func heapAlloc() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestQueryStreamsInBoundedMemory reads a 100,000-row result of 3,000-byte
// values (300 MB from the server) the way the console does: blocks, of
// which only the last few are kept. The result must hold no more than
// ReadAhead rows itself, keep long values as a prefix with their length,
// and the process's heap must stay far below the size of the result.
func TestQueryStreamsInBoundedMemory(t *testing.T) {
	st, _ := newDigits(t)
	ctx := ctxT(t)
	base := heapAlloc()
	r, err := st.Query(ctx, "SELECT d0.n + 10*d1.n + 100*d2.n + 1000*d3.n + 10000*d4.n AS n, REPEAT('x', 3000) AS pad FROM "+crossJoin(5))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	if len(r.Columns) != 2 || r.Columns[0].Name != "n" || r.Columns[1].Name != "pad" || r.Columns[1].Binary {
		t.Fatalf("columns %+v", r.Columns)
	}
	const block, keep = 500, 3
	var (
		window     [][]store.Row
		total      int64
		sum        int64
		maxHeld    int
		peakHeap   uint64
		blocksRead int
	)
	for !r.Done() {
		rows, err := r.Next(ctx, block)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			var n int64
			_, _ = fmt.Sscan(string(row[0].Bytes), &n)
			sum += n
			if p := row[1]; !p.Truncated || p.Size != 3000 || len(p.Bytes) != store.CellPrefixBytes {
				t.Fatalf("pad: truncated %v, size %d, %d bytes held", p.Truncated, p.Size, len(p.Bytes))
			}
		}
		total += int64(len(rows))
		window = append(window, rows)
		if len(window) > keep {
			window = window[1:]
		}
		held := r.Buffered()
		for _, b := range window {
			held += len(b)
		}
		maxHeld = max(maxHeld, held)
		if blocksRead++; blocksRead%40 == 0 {
			peakHeap = max(peakHeap, heapAlloc())
		}
	}
	if total != 100_000 || r.Read() != 100_000 {
		t.Fatalf("read %d rows (Read says %d), want 100,000", total, r.Read())
	}
	if want := int64(99_999 * 100_000 / 2); sum != want {
		t.Fatalf("the values of n add up to %d, want %d: rows are missing or repeated", sum, want)
	}
	if limit := keep*block + store.ReadAhead; maxHeld > limit {
		t.Fatalf("held up to %d rows, want at most %d", maxHeld, limit)
	}
	// 100,000 rows of 3,000 bytes are 300 MB; the window holds ~1.6 MB of
	// prefixes. 64 MB leaves room for the driver's buffers and the garbage
	// collector's slack. The embedded engine runs in this process and keeps
	// every row it has sent in a buffer until the statement ends (its
	// handler resets that buffer only for server-side cursors), so there the
	// heap says nothing about the client; the rows held above still do.
	grew := int64(peakHeap) - int64(base)
	if !testdb.Embedded(t) && grew > 64<<20 {
		t.Fatalf("the heap grew by %d MB while streaming", grew>>20)
	}
	t.Logf("%s: held at most %d rows; heap grew by at most %.1f MB", testdb.Describe(t), maxHeld, float64(grew)/(1<<20))
}

// processRow is what SHOW FULL PROCESSLIST says about one connection.
type processRow struct {
	id      uint64
	command string
	info    string
}

// processes reads SHOW FULL PROCESSLIST (which the embedded engine answers
// even while another statement runs).
func processes(t *testing.T, db *sql.DB) []processRow {
	t.Helper()
	rows, err := db.QueryContext(ctxT(t), "SHOW FULL PROCESSLIST")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	cols, _ := rows.Columns()
	var out []processRow
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var p processRow
		for i, c := range cols {
			switch strings.ToLower(c) {
			case "id":
				_, _ = fmt.Sscan(vals[i].String, &p.id)
			case "command":
				p.command = vals[i].String
			case "info":
				p.info = vals[i].String
			}
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitRunning waits until connection id runs a statement holding marker.
func waitRunning(t *testing.T, db *sql.DB, id uint64, marker string, failed <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		for _, p := range processes(t, db) {
			if p.id == id && strings.Contains(p.info, marker) {
				return
			}
		}
		select {
		case err := <-failed:
			t.Fatalf("the query ended before it was seen running: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("connection %d never showed %q in the process list", id, marker)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitGone waits until information_schema.PROCESSLIST shows no statement
// holding marker on connection id: the server really stopped it.
func waitGone(t *testing.T, db *sql.DB, id uint64, marker string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		err := db.QueryRowContext(ctxT(t),
			"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND INFO LIKE ?", id, "%"+marker+"%").Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server still runs the query %q on connection %d", marker, id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCancelStopsTheQueryOnTheServer cancels a statement still computing
// (no row yet): the caller gets ErrCanceled at once, the server's process
// list shows the statement gone, and the session runs the next statement.
func TestCancelStopsTheQueryOnTheServer(t *testing.T) {
	st, db := newDigits(t)
	se, err := st.Session(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = se.Close() }()
	marker := "cancel-me-" + fmt.Sprint(time.Now().UnixNano())
	// 10^9 combinations: minutes on any engine.
	query := "SELECT /* " + marker + " */ COUNT(*) FROM " + crossJoin(9)
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	done := make(chan error, 1)
	go func() {
		r, err := se.Query(ctx, query)
		if err == nil {
			_, err = r.Next(ctx, 1)
			_ = r.Close()
		}
		done <- err
	}()
	waitRunning(t, db, se.ID(), marker, done)
	cancel()
	err = <-done
	if !errors.Is(err, store.ErrCanceled) {
		t.Fatalf("cancelled query returned %v, want ErrCanceled", err)
	}
	waitGone(t, db, se.ID(), marker)
	r, err := se.Query(ctxT(t), "SELECT 41 + 1")
	if err != nil {
		t.Fatalf("the session is unusable after a cancel: %v", err)
	}
	rows, err := r.Next(ctxT(t), 10)
	if err != nil || len(rows) != 1 || string(rows[0][0].Bytes) != "42" {
		t.Fatalf("after a cancel: %v %v", rows, err)
	}
}

// TestClosingAPausedStreamStopsIt closes a result whose reader stopped
// asking for rows (the console's window is full and the user looks at it):
// the statement, blocked sending rows, must end on the server, and the
// session must run the next statement.
func TestClosingAPausedStreamStopsIt(t *testing.T) {
	st, db := newDigits(t)
	se, err := st.Session(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = se.Close() }()
	marker := "paused-" + fmt.Sprint(time.Now().UnixNano())
	r, err := se.Query(ctxT(t), "SELECT /* "+marker+" */ d0.n, REPEAT('y', 500) FROM "+crossJoin(7))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := r.Next(ctxT(t), 10); err != nil || len(rows) != 10 {
		t.Fatalf("first rows: %d, %v", len(rows), err)
	}
	waitRunning(t, db, se.ID(), marker, nil)
	if err := r.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	waitGone(t, db, se.ID(), marker)
	if _, err := se.Query(ctxT(t), "SELECT 1"); err != nil {
		t.Fatalf("the session is unusable after closing a stream: %v", err)
	}
}

// count runs a COUNT query on db.
func count(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(ctxT(t), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// sessionCount runs a COUNT query on the session.
func sessionCount(t *testing.T, se *store.Session, query string) int {
	t.Helper()
	r, err := se.Query(ctxT(t), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer func() { _ = r.Close() }()
	rows, err := r.Next(ctxT(t), 2)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%s: %v %v", query, rows, err)
	}
	var n int
	_, _ = fmt.Sscan(string(rows[0][0].Bytes), &n)
	return n
}

// TestSessionWritesCommitAndRollBack runs writes the way the console does:
// inside a transaction other connections do not see until it commits,
// and that a rollback undoes.
func TestSessionWritesCommitAndRollBack(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE notes (id INT NOT NULL PRIMARY KEY, body VARCHAR(20) NOT NULL)",
		"INSERT INTO notes VALUES (1, 'a'), (2, 'b'), (3, 'c')")
	ctx := ctxT(t)
	se, err := st.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = se.Close() }()

	r, err := se.Query(ctx, "UPDATE notes SET body = 'changed' WHERE id <= 2")
	if err != nil {
		t.Fatal(err)
	}
	if r.RowsAffected != 2 || !r.InTransaction || r.HasRows() {
		t.Fatalf("update: %d rows, in transaction %v, rows %v", r.RowsAffected, r.InTransaction, r.HasRows())
	}
	if open, n := se.InTransaction(); !open || n != 2 {
		t.Fatalf("InTransaction = %v, %d", open, n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM notes WHERE body = 'changed'"); n != 0 {
		t.Fatalf("another connection sees %d uncommitted rows", n)
	}
	if n := sessionCount(t, se, "SELECT COUNT(*) FROM notes WHERE body = 'changed'"); n != 2 {
		t.Fatalf("the session sees %d of its own changes, want 2", n)
	}
	if n, err := se.Rollback(ctx); err != nil || n != 2 {
		t.Fatalf("rollback: %d, %v", n, err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM notes WHERE body = 'changed'"); n != 0 {
		t.Fatalf("%d rows changed after the rollback", n)
	}

	// DDL while a transaction is open would commit it: refused.
	if _, err := se.Query(ctx, "DELETE FROM notes WHERE id = 3"); err != nil {
		t.Fatal(err)
	}
	if _, err := se.Query(ctx, "ALTER TABLE notes ADD COLUMN extra INT NULL"); !errors.Is(err, store.ErrBadQuery) {
		t.Fatalf("DDL in an open transaction: %v", err)
	}
	if n, err := se.Commit(ctx); err != nil || n != 1 {
		t.Fatalf("commit: %d, %v", n, err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM notes"); n != 2 {
		t.Fatalf("%d rows after committing a delete, want 2", n)
	}

	// A write that fails and began the transaction leaves none open.
	if _, err := se.Query(ctx, "INSERT INTO notes VALUES (1, 'dup')"); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("duplicate insert: %v", err)
	}
	if open, _ := se.InTransaction(); open {
		t.Fatal("a failed first write left a transaction open")
	}

	// COMMIT typed as a statement ends the session's transaction.
	if _, err := se.Query(ctx, "INSERT INTO notes VALUES (7, 'g')"); err != nil {
		t.Fatal(err)
	}
	if r, err := se.Query(ctx, "COMMIT"); err != nil || r.RowsAffected != 1 {
		t.Fatalf("COMMIT: %v", err)
	}
	if open, _ := se.InTransaction(); open || count(t, db, "SELECT COUNT(*) FROM notes WHERE id = 7") != 1 {
		t.Fatal("COMMIT did not commit")
	}

	// DDL outside a transaction runs.
	if r, err := se.Query(ctx, "ALTER TABLE notes ADD COLUMN extra INT NULL"); err != nil || r.InTransaction {
		t.Fatalf("DDL: %v", err)
	}
}

// TestSessionReadOnly: a read-only store runs reads, refuses writes before
// they reach the server, and still cancels (KILL QUERY is allowed).
func TestSessionReadOnly(t *testing.T) {
	parallel(t)
	cfg := testdb.New(t)
	db := testdb.Open(t, cfg)
	exec(t, db, "CREATE TABLE digits (n INT NOT NULL PRIMARY KEY)", "INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)")
	st := openStore(t, cfg, store.Options{ReadOnly: true})
	se, err := st.Session(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = se.Close() }()
	if _, err := se.Query(ctxT(t), "DELETE FROM digits"); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("delete on a read-only store: %v", err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM digits"); n != 10 {
		t.Fatalf("%d digits left", n)
	}
	if n := sessionCount(t, se, "SELECT COUNT(*) FROM digits"); n != 10 {
		t.Fatalf("read: %d", n)
	}
	marker := "ro-cancel-" + fmt.Sprint(time.Now().UnixNano())
	ctx, cancel := context.WithCancel(ctxT(t))
	done := make(chan error, 1)
	go func() {
		r, err := se.Query(ctx, "SELECT /* "+marker+" */ COUNT(*) FROM "+crossJoin(9))
		if err == nil {
			_, err = r.Next(ctx, 1)
			_ = r.Close()
		}
		done <- err
	}()
	waitRunning(t, db, se.ID(), marker, done)
	cancel()
	if err := <-done; !errors.Is(err, store.ErrCanceled) {
		t.Fatalf("cancel on a read-only store: %v", err)
	}
	waitGone(t, db, se.ID(), marker)
}

// TestQueryColumnsAndValues checks the columns a result reports and that
// values keep NULL, ” and 'NULL' apart, like table pages.
func TestQueryColumnsAndValues(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE vals (id INT UNSIGNED NOT NULL PRIMARY KEY, s VARCHAR(10) NULL, b VARBINARY(4) NULL, at DATETIME(6) NULL, d DECIMAL(8,3) NULL, blobby LONGBLOB NULL)",
		"INSERT INTO vals VALUES (1, NULL, NULL, NULL, NULL, NULL), (2, '', 0x00ff, '2025-01-02 03:04:05.123456', 12.5, UNHEX(REPEAT('AB', 2000))), (3, 'NULL', X'', '2025-01-02 03:04:05', -1, 0x01)")
	r, err := st.Query(ctxT(t), "SELECT id, s, b, at, d, blobby, id * 2 AS twice FROM vals ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	want := []struct {
		name, dataType string
		binary         bool
	}{{"id", "int", false}, {"s", "varchar", false}, {"b", "varbinary", true}, {"at", "datetime", false}, {"d", "decimal", false}, {"blobby", "blob", true}, {"twice", "bigint", false}}
	if len(r.Columns) != len(want) {
		t.Fatalf("columns %+v", r.Columns)
	}
	for i, w := range want {
		c := r.Columns[i]
		if c.Name != w.name || c.DataType != w.dataType || c.Binary != w.binary {
			t.Errorf("column %d = %+v, want %+v", i, c, w)
		}
	}
	if r.Columns[3].Type != "datetime(6)" || r.Columns[4].Type != "decimal(8,3)" {
		t.Errorf("types %q %q", r.Columns[3].Type, r.Columns[4].Type)
	}
	rows, err := r.Next(ctxT(t), 10)
	if err != nil || len(rows) != 3 || !r.Done() {
		t.Fatalf("%d rows, done %v, %v", len(rows), r.Done(), err)
	}
	if !rows[0][1].Null || rows[1][1].Null || len(rows[1][1].Bytes) != 0 || string(rows[2][1].Bytes) != "NULL" || rows[2][1].Null {
		t.Errorf("NULL, '' and 'NULL' are not kept apart: %+v %+v %+v", rows[0][1], rows[1][1], rows[2][1])
	}
	if string(rows[1][2].Bytes) != "\x00\xff" || rows[2][2].Null || len(rows[2][2].Bytes) != 0 {
		t.Errorf("binary values %+v %+v", rows[1][2], rows[2][2])
	}
	if got := string(rows[1][3].Bytes); got != "2025-01-02 03:04:05.123456" {
		t.Errorf("datetime(6) = %q", got)
	}
	if got := string(rows[1][4].Bytes); got != "12.500" {
		t.Errorf("decimal = %q", got)
	}
	if v := rows[1][5]; !v.Truncated || v.Size != 2000 || len(v.Bytes) != store.CellPrefixBytes {
		t.Errorf("long blob: truncated %v size %d held %d", v.Truncated, v.Size, len(v.Bytes))
	}
	if got := string(rows[2][6].Bytes); got != "6" {
		t.Errorf("expression = %q", got)
	}
}

// TestExplain explains a statement on the session: a plan comes back as
// rows, and a statement EXPLAIN does not apply to is refused clearly.
func TestExplain(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE notes (id INT NOT NULL PRIMARY KEY, body VARCHAR(20) NOT NULL)", "INSERT INTO notes VALUES (1, 'a'), (2, 'b')")
	se, err := st.Session(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = se.Close() }()
	r, err := se.Explain(ctxT(t), "SELECT * FROM notes WHERE body > 'a'")
	if err != nil {
		t.Fatalf("explain on %s: %v", st.Flavor(), err)
	}
	rows, err := r.Next(ctxT(t), 100)
	if err != nil || len(rows) == 0 || !r.HasRows() {
		t.Fatalf("explain: %d rows, %v", len(rows), err)
	}
	var text strings.Builder
	for _, row := range rows {
		for _, v := range row {
			text.Write(v.Bytes)
			text.WriteByte(' ')
		}
	}
	if !strings.Contains(text.String(), "notes") {
		t.Errorf("the plan does not name the table:\n%s", text.String())
	}
	_ = r.Close()
	if r, err := se.Explain(ctxT(t), "DELETE FROM notes WHERE id = 1"); err == nil {
		_ = r.Close()
	} else if !testdb.Embedded(t) || !strings.Contains(err.Error(), "embedded go-mysql-server cannot explain this statement") {
		// The embedded engine fails to explain statements whose plan it
		// knows returns at most one row; the error must say so.
		t.Fatalf("explain of a delete: %v", err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM notes"); n != 2 {
		t.Fatal("explain ran the statement")
	}
	if _, err := se.Explain(ctxT(t), "SHOW TABLES"); !errors.Is(err, store.ErrBadQuery) || !strings.Contains(err.Error(), "EXPLAIN shows the plan of") {
		t.Fatalf("explain of SHOW: %v", err)
	}
}

func TestColumnNames(t *testing.T) {
	parallel(t)
	st, db, _ := newDB(t)
	exec(t, db, "CREATE TABLE b (z INT, a INT)", "CREATE TABLE a (id INT)")
	got, err := st.ColumnNames(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || strings.Join(got["b"], ",") != "z,a" || strings.Join(got["a"], ",") != "id" {
		t.Fatalf("ColumnNames = %v", got)
	}
}

// TestSessionWholeValues: a session set to whole values gives long values
// entire (the CLI's output must be complete).
func TestSessionWholeValues(t *testing.T) {
	parallel(t)
	st, _, _ := newDB(t)
	se, err := st.Session(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = se.Close() }()
	se.SetWholeValues(true)
	r, err := se.Query(ctxT(t), "SELECT REPEAT('ab', 3000) AS s")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := r.Next(ctxT(t), 1)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	if v := rows[0][0]; v.Truncated || len(v.Bytes) != 6000 || v.Size != 6000 {
		t.Fatalf("truncated %v, %d bytes, size %d", v.Truncated, len(v.Bytes), v.Size)
	}
	_ = r.Close()
}
