// Package export writes rows as CSV, JSON Lines, a JSON array or SQL INSERT
// statements. Rows come from a Source a batch at a time, so a table of any
// size is written in constant memory: a table stream (store.StreamRows)
// and a query result feed it alike. The TUI's export dialog and the export
// command both use it.
//
// How values are written, by format:
//
//   - CSV (RFC 4180): a header row of column names, CRLF line ends, fields
//     quoted when they contain a comma, a quote, CR or LF, when they are
//     empty or when they equal the NULL text. NULL is an empty unquoted
//     field (Options.NullText changes that), so NULL and the empty string
//     stay apart: ,, against ,"",. Binary values are hexadecimal digits,
//     BIT values their number.
//   - JSON Lines and JSON array: one object per row, keys in column order
//     (a repeated column name gets a suffix, "id_2"). Integers and floating
//     point numbers are JSON numbers, DECIMAL values strings (a JSON reader
//     would turn them into doubles and lose digits), BIT values numbers,
//     binary values base64 strings (standard alphabet, padded), JSON
//     columns their JSON, everything else strings.
//   - SQL: multi-row INSERT statements of at most about 1 MiB each, with
//     the settings mysqldump uses around them (utf8mb4, no automatic value
//     for an explicit 0 in an AUTO_INCREMENT column, foreign key checks off
//     while loading) and optionally the CREATE TABLE first. Numbers are
//     unquoted, binary values hex literals (X'00ff'), BIT values bit
//     literals (b'101'), text quoted with backslash escapes. Generated
//     columns are left out: the server computes them. Loaded into an empty
//     copy of the table, the statements give back the same contents.
//
// Dates and times are written as the server sends them in the session's
// time zone; load SQL with TIMESTAMP columns in a session with the same
// time zone.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// Source is where an export reads rows: a table stream (store.StreamRows),
// a query result, or anything else with the same two methods.
type Source interface {
	// Columns describes the values of every row, in order.
	Columns() []store.Column
	// Next returns up to n more rows. The end is no rows and a nil error
	// (io.EOF is accepted too). The rows must hold whole values: a value
	// with Truncated set stops the export with an error.
	Next(ctx context.Context, n int) ([]store.Row, error)
}

// Format is an output format.
type Format string

// The formats.
const (
	CSV       Format = "csv"
	JSONLines Format = "jsonl"
	JSON      Format = "json"
	SQL       Format = "sql"
)

// Formats lists the formats in the order menus offer them.
var Formats = []Format{CSV, JSONLines, JSON, SQL}

// ParseFormat reads a format name: csv, jsonl (or ndjson), json or sql.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case CSV, JSONLines, JSON, SQL:
		return f, nil
	case "ndjson":
		return JSONLines, nil
	}
	return "", fmt.Errorf("unknown export format %q: use csv, jsonl, json or sql", s)
}

// Extension is the file name extension of the format, with its dot.
func (f Format) Extension() string { return "." + string(f) }

// Name names the format for people: "CSV", "JSON Lines", "JSON array",
// "SQL INSERT".
func (f Format) Name() string {
	switch f {
	case CSV:
		return "CSV"
	case JSONLines:
		return "JSON Lines"
	case JSON:
		return "JSON array"
	case SQL:
		return "SQL INSERT"
	}
	return string(f)
}

// Options say how Write writes.
type Options struct {
	Format Format
	// NullText is what CSV writes for NULL, unquoted; "" (the default)
	// writes an empty field. A value equal to it is quoted, so the two
	// stay apart. It may not contain a comma, a quote, CR or LF.
	NullText string
	// Table is the table the SQL INSERT statements fill (required for SQL).
	Table string
	// CreateTable, when not empty, is a CREATE TABLE statement (SHOW CREATE
	// TABLE's text) written before the INSERT statements.
	CreateTable string
	// Batch is the number of rows asked of the source at a time; 0 means
	// DefaultBatch.
	Batch int
	// Progress, when not nil, is called after every batch with the totals
	// so far, on the goroutine running Write; it must not block.
	Progress func(Stats)
}

// DefaultBatch is the number of rows Write asks of its source at a time.
const DefaultBatch = 1000

// Stats are the totals of an export.
type Stats struct {
	Rows  int64 // rows written
	Bytes int64 // bytes written
}

// Write writes every row of src to w in opts.Format and returns the
// totals. It stops at the first error of the source or of w, or when ctx
// ends; what it wrote until then is incomplete (write to a File and Abort
// it). Write calls src.Next from a goroutine of its own, one call at a
// time and never after it returns, with a context derived from ctx. Write
// does not close src.
func Write(ctx context.Context, w io.Writer, src Source, opts Options) (Stats, error) {
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 256<<10)
	cols := src.Columns()
	if len(cols) == 0 {
		return Stats{}, errors.New("export: the source has no columns")
	}
	enc, err := newEncoder(bw, cols, opts)
	if err != nil {
		return Stats{}, err
	}
	var st Stats
	stats := func() Stats {
		st.Bytes = cw.n + int64(bw.Buffered())
		return st
	}
	if err := enc.header(); err != nil {
		return stats(), writeErr(err)
	}
	batch := opts.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	// The rows are read one batch ahead on a goroutine of their own, so
	// that reading (the driver decoding, the source formatting) and
	// writing use two cores; it never outlives Write.
	rctx, stop := context.WithCancel(ctx)
	batches, done := readAhead(rctx, src, batch)
	defer func() {
		stop()
		<-done
	}()
	for b := range batches {
		if err := ctx.Err(); err != nil {
			return stats(), err
		}
		end := errors.Is(b.err, io.EOF)
		if b.err != nil && !end {
			return stats(), fmt.Errorf("export: read rows: %w", b.err)
		}
		for _, row := range b.rows {
			if err := checkRow(cols, row); err != nil {
				return stats(), err
			}
			if err := enc.row(row); err != nil {
				return stats(), writeErr(err)
			}
			st.Rows++
		}
		if opts.Progress != nil && len(b.rows) > 0 {
			opts.Progress(stats())
		}
	}
	if err := ctx.Err(); err != nil {
		return stats(), err
	}
	if err := enc.footer(st.Rows); err != nil {
		return stats(), writeErr(err)
	}
	if err := bw.Flush(); err != nil {
		return stats(), writeErr(err)
	}
	return stats(), nil
}

// fetched is one batch of rows read ahead, or the error that ended them.
type fetched struct {
	rows []store.Row
	err  error
}

// readAhead calls src.Next on a goroutine, one call at a time, and passes
// each batch on, one batch ahead of the reader. The channel closes after
// the last batch (no rows), an error, or when ctx ends; done closes when
// the goroutine has returned.
func readAhead(ctx context.Context, src Source, batch int) (<-chan fetched, <-chan struct{}) {
	out := make(chan fetched, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		for {
			rows, err := src.Next(ctx, batch)
			select {
			case out <- fetched{rows: rows, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(rows) == 0 {
				return
			}
		}
	}()
	return out, done
}

// checkRow refuses a row that does not fit the columns or holds only the
// start of a value: an export must never write a prefix as if it were the
// value.
func checkRow(cols []store.Column, row store.Row) error {
	if len(row) != len(cols) {
		return fmt.Errorf("export: a row has %d values for %d columns", len(row), len(cols))
	}
	for i, v := range row {
		if v.Truncated {
			return fmt.Errorf("export: column %q holds only the first %d of %d bytes of a value: an export needs whole values (read the table with store.StreamRows, not pages)",
				cols[i].Name, len(v.Bytes), v.Size)
		}
	}
	return nil
}

func writeErr(err error) error { return fmt.Errorf("export: write: %w", err) }

// encoder writes one format.
type encoder interface {
	header() error
	row(store.Row) error
	footer(rows int64) error
}

func newEncoder(w *bufio.Writer, cols []store.Column, opts Options) (encoder, error) {
	switch opts.Format {
	case CSV:
		return newCSVEncoder(w, cols, opts.NullText)
	case JSONLines:
		return newJSONEncoder(w, cols, false), nil
	case JSON:
		return newJSONEncoder(w, cols, true), nil
	case SQL:
		return newSQLEncoder(w, cols, opts.Table, opts.CreateTable)
	case "":
		return nil, errors.New("export: no format given: use csv, jsonl, json or sql")
	}
	return nil, fmt.Errorf("export: unknown format %q: use csv, jsonl, json or sql", opts.Format)
}

// countingWriter counts the bytes that reach w.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
