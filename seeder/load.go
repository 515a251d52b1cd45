package seeder

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/go-sql-driver/mysql"
)

// loadSeq makes reader handler names unique within the process, so that
// concurrent seeds (tests, the TUI) never share a stream.
var loadSeq atomic.Int64

// errLoadEnded stops a generator whose consumer has gone.
var errLoadEnded = errors.New("seeder: load ended")

// loadInfile streams the rows of t through LOAD DATA LOCAL INFILE from an
// io.Reader: a goroutine generates into a pipe while the server loads, so
// generation overlaps with loading and memory stays flat.
func loadInfile(ctx context.Context, tx *sql.Tx, t tableSpec, o Options, onRow func(int64)) (int64, error) {
	pr, pw := io.Pipe()
	name := fmt.Sprintf("demobots-seed-%d-%s", loadSeq.Add(1), t.name)
	mysql.RegisterReaderHandler(name, func() io.Reader { return pr })
	defer mysql.DeregisterReaderHandler(name)

	done := make(chan error, 1)
	go func() {
		w := newTSVWriter(pw)
		w.onRow = onRow
		err := t.gen(o, w)
		if err == nil {
			err = w.Flush()
		}
		pw.CloseWithError(err) // nil: EOF
		done <- err
	}()
	res, err := tx.ExecContext(ctx, loadDataSQL(name, t))
	pr.CloseWithError(errLoadEnded) // unblocks the generator if the server stopped reading
	genErr := <-done
	if err != nil {
		return 0, fmt.Errorf("seeder: load %s: %w", t.name, err)
	}
	if genErr != nil {
		return 0, fmt.Errorf("seeder: generate %s: %w", t.name, genErr)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("seeder: load %s: %w", t.name, err)
	}
	// With LOCAL, the server turns bad values and duplicate keys into
	// warnings (it cannot stop the client mid-file), so check the count.
	if want := t.rows(o); n != want {
		return n, fmt.Errorf("seeder: load %s: the server took %d of %d rows", t.name, n, want)
	}
	return n, nil
}

// loadDataSQL is the LOAD DATA statement for reader handler name. The
// format is LOAD DATA's default, spelled out.
func loadDataSQL(name string, t tableSpec) string {
	return "LOAD DATA LOCAL INFILE 'Reader::" + name + "' INTO TABLE " + quoteIdent(t.name) +
		` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n' (` +
		quoteList(t.columns) + ")"
}

// inserter runs loadInsert's statements: a transaction, or a connection
// in autocommit mode, where each batch commits on its own (the swap path).
type inserter interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// maxPlaceholders is the protocol's limit of parameters per statement.
const maxPlaceholders = 65535

// loadInsert sends the rows of t as multi-row INSERTs of batch rows each,
// with placeholders: a goroutine generates batches while the previous one
// executes.
func loadInsert(ctx context.Context, tx inserter, t tableSpec, o Options, batch int, onRow func(int64)) (int64, error) {
	batch = max(1, min(batch, maxPlaceholders/len(t.columns)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []any, 2)
	done := make(chan error, 1)
	go func() {
		defer close(batches)
		w := &batchWriter{ctx: ctx, out: batches, size: batch * len(t.columns), onRow: onRow}
		err := t.gen(o, w)
		if err == nil {
			err = w.flush()
		}
		done <- err
	}()

	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	var n int64
	var execErr error
	for args := range batches {
		if execErr != nil {
			continue // drain, so the generator can finish
		}
		rows := len(args) / len(t.columns)
		if rows == batch {
			if full == nil {
				full, execErr = tx.PrepareContext(ctx, insertSQL(t, batch))
				if execErr != nil {
					cancel()
					continue
				}
			}
			_, execErr = full.ExecContext(ctx, args...)
		} else {
			_, execErr = tx.ExecContext(ctx, insertSQL(t, rows), args...)
		}
		if execErr != nil {
			cancel()
			continue
		}
		n += int64(rows)
	}
	genErr := <-done
	switch {
	case execErr != nil:
		return n, fmt.Errorf("seeder: insert into %s: %w", t.name, execErr)
	case genErr != nil:
		return n, fmt.Errorf("seeder: generate %s: %w", t.name, genErr)
	}
	return n, nil
}

// insertSQL is a multi-row INSERT of rows rows into t. It is built by hand
// rather than with squirrel: squirrel needs every value to write the text,
// and this text is prepared once and executed with many batches.
func insertSQL(t tableSpec, rows int) string {
	one := "(" + strings.Repeat("?,", len(t.columns)-1) + "?)"
	var b strings.Builder
	b.Grow(30 + len(t.name) + rows*(len(one)+1))
	b.WriteString("INSERT INTO ")
	b.WriteString(quoteIdent(t.name))
	b.WriteString(" (")
	b.WriteString(quoteList(t.columns))
	b.WriteString(") VALUES ")
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	return b.String()
}

// batchWriter collects rows as placeholder arguments and hands full
// batches to out.
type batchWriter struct {
	ctx     context.Context
	out     chan<- []any
	size    int // arguments per batch
	args    []any
	rows    int64
	scratch []byte
	onRow   func(int64)
}

func (b *batchWriter) add(v any) {
	if b.args == nil {
		b.args = make([]any, 0, b.size)
	}
	b.args = append(b.args, v)
}

func (b *batchWriter) Int(v int64)  { b.add(v) }
func (b *batchWriter) Null()        { b.add(nil) }
func (b *batchWriter) Str(s string) { b.add(s) }

// Times and the two-decimal number travel as text, exactly as in the LOAD
// DATA stream, so both methods store identical values.
func (b *batchWriter) DateTime(unix int64) {
	b.scratch = appendDateTime(b.scratch[:0], unix)
	b.add(string(b.scratch))
}

func (b *batchWriter) Date(unix int64) {
	b.scratch = appendDate(b.scratch[:0], unix)
	b.add(string(b.scratch))
}

func (b *batchWriter) Hundredths(v int64) {
	b.scratch = appendHundredths(b.scratch[:0], v)
	b.add(string(b.scratch))
}

func (b *batchWriter) EndRow() error {
	b.rows++
	if b.onRow != nil {
		b.onRow(b.rows)
	}
	if len(b.args) >= b.size {
		return b.flush()
	}
	return nil
}

func (b *batchWriter) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	select {
	case b.out <- b.args:
		b.args = nil
		return nil
	case <-b.ctx.Done():
		return b.ctx.Err()
	}
}

// quoteIdent backtick-quotes an identifier, doubling embedded backticks.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// quoteList quotes and comma-separates identifiers.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ",")
}
