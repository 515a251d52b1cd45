package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

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
	if q.Limit <= 0 || q.Limit > MaxPageSize {
		q.Limit = MaxPageSize
	}
	st := &tableStream{s: s, info: info, q: q, what: what}
	if err := st.plan(); err != nil {
		return nil, wrapOp(err, what)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "%s: begin a read-only transaction", what)
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

	keyset bool       // keyset pages; otherwise one ordered query
	first  *PageQuery // the first keyset page, built (and checked) by plan
	once   string     // the single query when not keyset
	args   []any

	stmt   *sql.Stmt  // the open query's statement
	rows   *sql.Rows  // the open query, nil between pages
	pq     *PageQuery // the open keyset page
	read   int        // rows read from the open query
	last   Row        // the last row read: the next page starts after it
	done   bool
	closed bool
	dest   []any
	ptrs   []any
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
	st.dest, st.ptrs = make([]any, n), make([]any, n)
	for i := range st.dest {
		st.ptrs[i] = &st.dest[i]
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
	cols, _ := selectList(info, nil, nil, Flavor{}, true)
	b := sq.StatementBuilder.PlaceholderFormat(sq.Question).Select(cols...).From(QuoteIdent(info.Name))
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
		row, bytes, err := st.scan()
		if err != nil {
			return out, st.s.wrapCtx(ctx, err, "%s", st.what)
		}
		st.read++
		st.last = row
		out = append(out, row)
		size += bytes
	}
	return out, nil
}

// open runs the next query: the first page, the page after the last row
// read, or the single query.
func (st *tableStream) open(ctx context.Context) error {
	query, args := st.once, st.args
	if st.keyset {
		st.pq = st.first
		if st.last != nil {
			q := st.q
			after := keyCursor(st.first, st.last)
			q.After = &after
			pq, err := buildPageQuery(st.info, q, st.s.flavor, true)
			if err != nil {
				return wrapOp(err, st.what)
			}
			st.pq = pq
		}
		query, args = st.pq.SQL, st.pq.Args
	}
	// A prepared statement makes the server answer in the binary protocol
	// even when the query has no arguments: MariaDB's text protocol prints
	// FLOAT values with 6 digits, which would not load back to the same
	// value.
	stmt, err := st.tx.PrepareContext(ctx, query)
	if err != nil {
		return st.s.wrapCtx(ctx, err, "%s", st.what)
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		stmt.Close()
		return st.s.wrapCtx(ctx, err, "%s", st.what)
	}
	st.stmt, st.rows, st.read = stmt, rows, 0
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

// scan reads the current row whole and returns it with its size in bytes.
func (st *tableStream) scan() (Row, int, error) {
	if err := st.rows.Scan(st.ptrs...); err != nil {
		return nil, 0, err
	}
	row := make(Row, len(st.dest))
	size := 0
	for i := range row {
		row[i] = cellValue(&st.info.Columns[i], st.dest[i])
		size += len(row[i].Bytes)
		st.dest[i] = nil
	}
	return row, size, nil
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
	if cerr := st.stmt.Close(); err == nil {
		err = cerr
	}
	st.rows, st.stmt = nil, nil
	return err
}

// Close ends the read-only transaction.
func (st *tableStream) Close() error {
	if st.closed {
		return nil
	}
	st.closed = true
	err := st.closeQuery()
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
