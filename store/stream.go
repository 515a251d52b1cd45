package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	sq "github.com/Masterminds/squirrel"
)

// RowSource is a stream of rows read a batch at a time, in a fixed order:
// what an export consumes. StreamRows returns one for a table.
type RowSource interface {
	// Columns describes the values of every row, in order.
	Columns() []Column
	// Next returns up to n more rows (fewer when they are large), and no
	// rows and a nil error once every row has been read.
	Next(ctx context.Context, n int) ([]Row, error)
	// Close ends the stream and releases its connection. It may be called
	// more than once, and at any point.
	Close() error
}

// StreamBatchBytes is about the most bytes of values one Next call of a
// table stream returns: a batch stops early once its rows hold that much
// (it always holds at least one row), so a table of 16 MB values streams
// in constant memory.
const StreamBatchBytes = 4 << 20

// streamBatchBytes is StreamBatchBytes; tests lower it.
var streamBatchBytes = StreamBatchBytes

// MaxStreamPage is the most rows one keyset page of a stream asks for (and
// its default). A stream reads a page row by row, so its size costs no
// memory; large pages save round trips.
const MaxStreamPage = 50_000

// StreamRows opens a stream of every row of the table info describes that
// q selects: its Filters, in the order of its Sort, as Rows would page
// them. Unlike a page, every value comes whole (no prefix of long values),
// and the rows arrive a batch at a time in constant memory however large
// the table: the stream reads keyset pages of q.Limit rows (0 means
// MaxPageSize) one row at a time and holds only the batch Next returns.
//
// The rows are read in one read-only REPEATABLE READ transaction, so on
// InnoDB they are one consistent snapshot even though they come in many
// queries (as mysqldump --single-transaction does). The transaction lives
// as long as ctx and the stream: pass a ctx that outlives the stream, and
// Close it.
//
// Keyset pages are used when an index gives the order: the table has a row
// key (see TableInfo.RowKey) and there is no sort, or the sort column
// starts the row key or an index of its own. Otherwise (a sort the server
// would have to compute again for every page, or a table without a key)
// the stream reads one ordered query from start to end, which costs the
// server one sort instead of one per page.
//
// q must not carry a cursor or Last: a stream always starts at the first
// row.
func (s *Store) StreamRows(ctx context.Context, info *TableInfo, q RowQuery) (RowSource, error) {
	what := "stream rows of " + tableName(info, q)
	if !q.After.IsZero() || !q.Before.IsZero() || q.Last {
		return nil, wrapOp(fmt.Errorf("%w: a stream starts at the first row: it takes no cursor and no Last", ErrBadQuery), what)
	}
	if q.Limit <= 0 || q.Limit > MaxStreamPage {
		q.Limit = MaxStreamPage
	}
	// The embedded engine reports no fractional digits for TIMESTAMP(n)
	// in the binary protocol, so there times are parsed and printed by
	// the column's type; real servers hand over their own text.
	st := &tableStream{s: s, info: info, q: q, what: what, parseTimes: s.flavor.Kind == FlavorEmbedded}
	if err := st.plan(); err != nil {
		return nil, wrapOp(err, what)
	}
	// On a real server the rows come from the console sessions' pool,
	// whose connections leave dates and times as the text the server
	// prints (all their fractional digits, zero dates included): parsing
	// them into time.Time to format them again took a fifth of an
	// export's CPU.
	db := s.db
	if !st.parseTimes {
		var err error
		if db, err = s.sessions.get(s); err != nil {
			return nil, wrapOp(err, what)
		}
	}
	// One snapshot for the whole stream, however many pages it reads.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: s.flavor.ReadOnlyTransactions()})
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "%s: begin a snapshot transaction", what)
	}
	st.tx = tx
	return st, nil
}

// tableStream is the RowSource of StreamRows.
type tableStream struct {
	s    *Store
	info *TableInfo
	q    RowQuery
	what string
	tx   *sql.Tx

	parseTimes bool       // the connection parses times: read them as time.Time
	keyset     bool       // keyset pages; otherwise one ordered query
	first      *PageQuery // the first keyset page, built (and checked) by plan
	once       string     // the single query when not keyset
	args       []any

	stmt   *sql.Stmt  // the open query's statement, when it is not next
	next   *sql.Stmt  // the query of every keyset page after the first, prepared once
	rows   *sql.Rows  // the open query, nil between pages
	pq     *PageQuery // the open keyset page
	read   int        // rows read from the open query
	last   Row        // the last row read: the next page starts after it
	done   bool
	closed bool
	raw    []sql.RawBytes // the current row's text and bytes, in the driver's buffer
	typed  []any          // the current row's numbers and times, as the driver decoded them
	cols   []streamColumn
	ptrs   []any
}

// streamColumn says how a stream reads a column: as the driver's bytes,
// or (numbers, and times where the connection parses them) as the value
// the binary protocol decodes, formatted as the server prints it;
// scanning numbers into bytes would go through reflection, and times
// would come out in RFC 3339.
type streamColumn struct {
	typed    bool
	dataType string // of a time
	fsp      int    // fractional digits of a time
}

// RowSource is implemented by tableStream.
var _ RowSource = (*tableStream)(nil)

// plan decides how the rows are read and builds the first query, so that a
// bad filter or sort is reported when the stream opens.
func (st *tableStream) plan() error {
	info, q := st.info, st.q
	if info == nil || len(info.Columns) == 0 {
		return fmt.Errorf("%w: no table description", ErrBadQuery)
	}
	if q.Table != "" && q.Table != info.Name {
		return fmt.Errorf("%w: the query is for table %q but the description is of %q", ErrBadQuery, q.Table, info.Name)
	}
	var sortCol *Column
	if q.Sort != nil {
		if sortCol = info.Column(q.Sort.Column); sortCol == nil {
			return noColumn(info.Name, q.Sort.Column)
		}
	}
	n := len(info.Columns)
	st.raw, st.typed, st.cols, st.ptrs = make([]sql.RawBytes, n), make([]any, n), make([]streamColumn, n), make([]any, n)
	for i := range info.Columns {
		c := &info.Columns[i]
		sc := &st.cols[i]
		sc.typed = intTypes[c.DataType] || floatTypes[c.DataType]
		if st.parseTimes && timeTypes[c.DataType] {
			sc.typed = true
			sc.dataType, sc.fsp = timeFormat(c)
		}
		st.ptrs[i] = &st.raw[i]
		if sc.typed {
			st.ptrs[i] = &st.typed[i]
		}
	}
	if st.keyset = indexOrdered(info, sortCol); st.keyset {
		pq, err := buildPageQuery(info, q, st.s.flavor, true)
		if err != nil {
			return err
		}
		st.first = pq
		return nil
	}
	var err error
	st.once, st.args, err = buildStreamQuery(info, q, sortCol)
	return err
}

// indexOrdered reports whether an index hands out the rows in the order of
// sortCol (nil: the row key's order), so that keyset pages cost the server
// a range read each. A secondary index on the sort column alone orders its
// entries by (column, primary key) in InnoDB, the keyset's own order.
func indexOrdered(info *TableInfo, sortCol *Column) bool {
	key := info.RowKey()
	if len(key) == 0 {
		return false
	}
	if sortCol == nil {
		return true
	}
	if castSortTypes[sortCol.DataType] {
		return false // ordered by its text: no index serves that
	}
	if key[0] == sortCol.Name {
		return true
	}
	for _, ix := range info.Indexes {
		if len(ix.Columns) > 0 && ix.Columns[0] == sortCol.Name &&
			(len(ix.Columns) == 1 || slices.Equal(ix.Columns[1:], key)) {
			return true
		}
	}
	return false
}

// buildStreamQuery builds the one query of a stream that does not page:
// every column whole, the filters, ordered as Rows orders pages (the sort
// column, then the row key in the same direction, or every column for a
// table without one).
func buildStreamQuery(info *TableInfo, q RowQuery, sortCol *Column) (string, []any, error) {
	b := sq.StatementBuilder.PlaceholderFormat(sq.Question).Select(streamSelect(info)...).From(QuoteIdent(info.Name))
	for _, f := range q.Filters {
		pred, args, err := filterSQL(info, f)
		if err != nil {
			return "", nil, err
		}
		b = b.Where(pred, args...)
	}
	dir := " ASC"
	if q.Sort != nil && q.Sort.Desc {
		dir = " DESC"
	}
	if sortCol != nil {
		b = b.OrderBy(sortExpr(sortCol) + dir)
	}
	if key := info.RowKey(); len(key) > 0 {
		for _, name := range key {
			if c := info.Column(name); c != nil && c != sortCol {
				b = b.OrderBy(sortExpr(c) + dir)
			}
		}
	} else {
		for i := range info.Columns {
			b = b.OrderBy(sortExpr(&info.Columns[i]) + " ASC")
		}
	}
	query, args, err := b.ToSql()
	if err != nil {
		return "", nil, fmt.Errorf("build stream query: %w", err)
	}
	return query, args, nil
}

// floatTypes, intTypes and (where the connection parses them) timeTypes
// are read through the values the driver decodes (see streamColumn).
var (
	floatTypes = map[string]bool{"float": true, "double": true, "real": true}
	timeTypes  = map[string]bool{"date": true, "datetime": true, "timestamp": true}
)

// streamSelect is a stream's select list: every column whole. The
// expressions get no alias, so that ORDER BY and WHERE keep naming the
// columns themselves.
func streamSelect(info *TableInfo) []string {
	exprs := make([]string, len(info.Columns))
	for i := range info.Columns {
		exprs[i] = QuoteIdent(info.Columns[i].Name)
	}
	return exprs
}

// Columns describes the values of every row.
func (st *tableStream) Columns() []Column { return st.info.Columns }

// Next returns up to n rows, fewer once they hold streamBatchBytes, and
// nothing at the end. The query of a page runs under the ctx of the call
// that starts it: give every call the same ctx.
func (st *tableStream) Next(ctx context.Context, n int) ([]Row, error) {
	if st.closed {
		return nil, wrapOp(errors.New("the stream is closed"), st.what)
	}
	n = max(n, 1)
	b := batch{vals: make([]Value, 0, min(n, 1024)*len(st.raw))}
	out := make([]Row, 0, min(n, 1024))
	size := 0
	for len(out) < n && size < streamBatchBytes && !st.done {
		if st.rows == nil {
			if err := st.open(ctx); err != nil {
				return out, err
			}
		}
		if !st.rows.Next() {
			if err := st.endPage(ctx); err != nil {
				return out, err
			}
			continue
		}
		if err := st.rows.Scan(st.ptrs...); err != nil {
			return out, st.s.wrapCtx(ctx, err, "%s", st.what)
		}
		row, bytes := b.row(st.cols, st.raw, st.typed)
		st.read++
		st.last = row
		out = append(out, row)
		size += bytes
	}
	return out, nil
}

// batch holds the values of the rows one Next returns: their Value structs
// in one slice and their bytes in shared chunks, copied out of the
// driver's buffer, so a row costs a few allocations per batch rather than
// one per value.
type batch struct {
	vals  []Value
	chunk []byte
}

// batchChunk is the size of the byte chunks a batch copies values into;
// a value longer than a quarter of it gets its own allocation.
const batchChunk = 64 << 10

// row copies the scanned values into the batch and returns them as a Row
// with their size in bytes: raw for the columns read as bytes (nil is
// NULL), typed for the others.
func (b *batch) row(cols []streamColumn, raw []sql.RawBytes, typed []any) (Row, int) {
	if cap(b.vals)-len(b.vals) < len(raw) {
		b.vals = make([]Value, 0, 64*len(raw))
	}
	start := len(b.vals)
	size := 0
	for i, r := range raw {
		var v []byte
		switch {
		case cols[i].typed && typed[i] == nil, !cols[i].typed && r == nil:
			b.vals = append(b.vals, Value{Null: true})
			continue
		case cols[i].typed:
			v = b.format(cols[i], typed[i])
			typed[i] = nil
		default:
			v = b.copy(r)
		}
		b.vals = append(b.vals, Value{Bytes: v, Size: int64(len(v))})
		size += len(v)
	}
	return Row(b.vals[start:len(b.vals):len(b.vals)]), size
}

// format writes a decoded number or time as the server prints it (as
// cellValue does) into the batch's bytes.
func (b *batch) format(c streamColumn, v any) []byte {
	if cap(b.chunk)-len(b.chunk) < 64 {
		b.chunk = make([]byte, 0, batchChunk)
	}
	start := len(b.chunk)
	switch v := v.(type) {
	case int64:
		b.chunk = strconv.AppendInt(b.chunk, v, 10)
	case uint64:
		b.chunk = strconv.AppendUint(b.chunk, v, 10)
	case float32:
		b.chunk = strconv.AppendFloat(b.chunk, float64(v), 'g', -1, 32)
	case float64:
		b.chunk = strconv.AppendFloat(b.chunk, v, 'g', -1, 64)
	case time.Time:
		b.chunk = appendTime(b.chunk, v, c.dataType, c.fsp)
	case []byte:
		return b.copy(v)
	default:
		return cellValue(nil, v).Bytes
	}
	return b.chunk[start:len(b.chunk):len(b.chunk)]
}

func (b *batch) copy(p []byte) []byte {
	if len(p) == 0 {
		return []byte{}
	}
	if len(p) > batchChunk/4 {
		return append([]byte(nil), p...)
	}
	if cap(b.chunk)-len(b.chunk) < len(p) {
		b.chunk = make([]byte, 0, batchChunk)
	}
	start := len(b.chunk)
	b.chunk = append(b.chunk, p...)
	return b.chunk[start:len(b.chunk):len(b.chunk)]
}

// open runs the next query: the first page, the page after the last row
// read, or the single query. A prepared statement makes the server answer
// in the binary protocol even when the query has no arguments: MariaDB's
// text protocol prints FLOAT values with 6 digits, which would not load
// back to the same value. The pages after the first share one statement.
func (st *tableStream) open(ctx context.Context) error {
	query, args := st.once, st.args
	reuse := false
	if st.keyset {
		pq := st.first
		if st.last != nil {
			q := st.q
			after := keyCursor(st.first, st.last)
			q.After = &after
			var err error
			if pq, err = buildPageQuery(st.info, q, st.s.flavor, true); err != nil {
				return wrapOp(err, st.what)
			}
			reuse = true
		}
		st.pq = pq
		query, args = pq.SQL, pq.Args
	}
	stmt := st.next
	if !reuse || stmt == nil {
		var err error
		if stmt, err = st.tx.PrepareContext(ctx, query); err != nil {
			return st.s.wrapCtx(ctx, err, "%s", st.what)
		}
		if reuse {
			st.next = stmt
		}
	}
	rows, err := stmt.QueryContext(ctx, args...) //nolint:rowserrcheck // the rows outlive this call: closeQuery checks Err
	if err != nil {
		if !reuse {
			_ = stmt.Close()
		}
		return st.s.wrapCtx(ctx, err, "%s", st.what)
	}
	st.rows, st.read = rows, 0
	if !reuse {
		st.stmt = stmt
	}
	return nil
}

// endPage closes the finished query and decides whether another page
// follows: a keyset page asks for Limit+1 rows, so a page that brought
// fewer was the last.
func (st *tableStream) endPage(ctx context.Context) error {
	err := st.closeQuery()
	if err != nil {
		return st.s.wrapCtx(ctx, err, "%s", st.what)
	}
	if !st.keyset || st.read <= st.pq.Limit {
		st.done = true
	}
	return nil
}

// closeQuery closes the open query and its statement.
func (st *tableStream) closeQuery() error {
	if st.rows == nil {
		return nil
	}
	err := st.rows.Err()
	if cerr := st.rows.Close(); err == nil {
		err = cerr
	}
	if st.stmt != nil {
		if cerr := st.stmt.Close(); err == nil {
			err = cerr
		}
	}
	st.rows, st.stmt = nil, nil
	return err
}

// Close ends the snapshot transaction.
func (st *tableStream) Close() error {
	if st.closed {
		return nil
	}
	st.closed = true
	err := st.closeQuery()
	if st.next != nil {
		if cerr := st.next.Close(); err == nil {
			err = cerr
		}
		st.next = nil
	}
	if st.tx != nil {
		if rerr := st.tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) && err == nil {
			err = rerr
		}
	}
	if err != nil {
		return st.s.wrap(err, "%s: close", st.what)
	}
	return nil
}
