package store

import (
	"context"
	"database/sql"
	"slices"
)

// Rows fetches one page of q.Table: it describes the table (see Describe),
// then runs the page query (see BuildRowsQuery for how pages are cut and
// ordered). A caller that already holds the table's description should
// call RowsOf and save the catalog queries.
func (s *Store) Rows(ctx context.Context, q RowQuery) (*RowPage, error) {
	info, err := s.Describe(ctx, q.Table)
	if err != nil {
		return nil, err
	}
	return s.RowsOf(ctx, info, q)
}

// RowsOf fetches one page of the table info describes. Only the page (plus
// one row, to know whether another follows) is read; the table is never
// loaded whole. A Before page that reaches the start of the table with
// fewer than Limit rows is replaced by the first page, so paging back
// always ends on a full page; an After page past the end (the rows after
// the cursor were deleted meanwhile) is replaced by the last page.
func (s *Store) RowsOf(ctx context.Context, info *TableInfo, q RowQuery) (*RowPage, error) {
	if info != nil && len(info.RowKey()) == 0 && q.Last {
		total, err := s.count(ctx, info, q.Filters)
		if err != nil {
			return nil, err
		}
		limit := q.Limit
		if limit <= 0 {
			limit = DefaultPageSize
		}
		limit = min(limit, MaxPageSize)
		q.Last = false
		q.After = &Cursor{offset: max(total-int64(limit), 0), shape: "offset"}
	}
	pq, err := buildRowsQuery(info, q, s.flavor)
	if err != nil {
		return nil, wrapOp(err, "rows of "+tableName(info, q))
	}
	rows, err := s.fetch(ctx, info, pq)
	if err != nil {
		return nil, err
	}
	if pq.firstIfShort && len(rows) < pq.Limit {
		q.Before = nil
		return s.RowsOf(ctx, info, q)
	}
	if pq.after && len(rows) == 0 {
		q.After, q.Last = nil, true
		return s.RowsOf(ctx, info, q)
	}
	return s.page(info, q, pq, rows), nil
}

// fetch runs pq and returns up to Limit+1 rows in query order.
func (s *Store) fetch(ctx context.Context, info *TableInfo, pq *PageQuery) ([]Row, error) {
	n := len(info.Columns)
	width := n
	for _, p := range pq.prefixed {
		if p {
			width++
		}
	}
	rows, err := QueryRows(ctx, s.db, pq.SQL, pq.Args, func(rs *sql.Rows) (Row, error) {
		dest := make([]any, width)
		ptrs := make([]any, width)
		for i := range dest {
			ptrs[i] = &dest[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make(Row, n)
		j := 0
		for i := range row {
			col := &info.Columns[i]
			if i < len(pq.prefixed) && pq.prefixed[i] {
				row[i] = prefixValue(col, dest[j], dest[j+1])
				j += 2
				continue
			}
			row[i] = cellValue(col, dest[j])
			j++
		}
		return row, nil
	})
	if err != nil {
		return nil, s.wrapCtx(ctx, err, "rows of %s", info.Name)
	}
	return rows, nil
}

// page turns the rows of pq into a RowPage in display order.
func (s *Store) page(info *TableInfo, q RowQuery, pq *PageQuery, rows []Row) *RowPage {
	extra := len(rows) > pq.Limit
	if extra {
		rows = rows[:pq.Limit]
	}
	if pq.Reverse {
		slices.Reverse(rows)
	}
	p := &RowPage{Columns: info.Columns, Rows: rows, Keyset: pq.Keyset}
	switch {
	case !pq.Keyset:
		p.HasPrev = pq.Offset > 0
		p.HasNext = extra
		p.Start = Cursor{offset: pq.Offset, shape: pq.shape}
		p.End = Cursor{offset: pq.Offset + int64(len(rows)), shape: pq.shape}
		return p
	case pq.Reverse: // Before or Last
		p.HasPrev = extra
		p.HasNext = pq.before
	default: // first page or After
		p.HasPrev = pq.after
		p.HasNext = extra
	}
	if len(rows) == 0 {
		return p // an empty table, or no row matches the filters
	}
	p.Start = keyCursor(pq, rows[0])
	p.End = keyCursor(pq, rows[len(rows)-1])
	return p
}

func keyCursor(pq *PageQuery, row Row) Cursor {
	keys := make([]Value, len(pq.keys))
	for i, idx := range pq.keys {
		keys[i] = row[idx]
	}
	return Cursor{keys: keys, shape: pq.shape}
}

// count counts the rows the filters select.
func (s *Store) count(ctx context.Context, info *TableInfo, filters []Filter) (int64, error) {
	return s.countWith(ctx, "count rows of "+tableName(info, RowQuery{}), func() (string, []any, error) {
		return BuildCountQuery(info, filters)
	})
}

// countWith runs the COUNT query build makes and returns its one number:
// count and CountBefore differ only in the query. An error names what, as
// a failure to build (wrapOp) or to run (wrapCtx).
func (s *Store) countWith(ctx context.Context, what string, build func() (string, []any, error)) (int64, error) {
	query, args, err := build()
	if err != nil {
		return 0, wrapOp(err, what)
	}
	var n int64
	if err := s.db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, s.wrapCtx(ctx, err, "%s", what)
	}
	return n, nil
}

// CountMatching counts the rows of the table info describes that the
// filters select (all rows without filters). Cancel ctx to stop it.
func (s *Store) CountMatching(ctx context.Context, info *TableInfo, filters []Filter) (int64, error) {
	return s.count(ctx, info, filters)
}

func tableName(info *TableInfo, q RowQuery) string {
	if info != nil {
		return info.Name
	}
	return q.Table
}

// CountBefore counts the rows q's filters select that come before q.Before
// in q's order, which places a page whose position is not known: one
// jumped to by key (CursorAt), or the last page. Cancel ctx to stop it.
func (s *Store) CountBefore(ctx context.Context, info *TableInfo, q RowQuery) (int64, error) {
	return s.countWith(ctx, "count rows before the position in "+tableName(info, q), func() (string, []any, error) {
		return BuildCountBeforeQuery(info, q)
	})
}
