package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
)

// The console's result: moving through it fetches rows as the cursor
// reaches the end of what is held, and runs the statement again to go
// back before it; Enter and o open a row from its table.

// resultKey handles a key while the result has the focus.
func (v *consoleView) resultKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := v.c.keys
	p := v.pane
	switch {
	case key.Matches(msg, k.Nav.Up):
		return nil, v.moveTo(p.move(-1))
	case key.Matches(msg, k.Nav.Down):
		return nil, v.moveTo(p.move(1))
	case key.Matches(msg, k.Nav.PageUp):
		return nil, v.moveTo(p.move(-p.rowsHeight()))
	case key.Matches(msg, k.Nav.PageDown):
		return nil, v.moveTo(p.move(p.rowsHeight()))
	case key.Matches(msg, k.Nav.Top):
		if p.origin > 0 {
			return nil, v.reposition(0)
		}
		p.move(-len(p.rows))
		return nil, nil
	case key.Matches(msg, k.Nav.Bottom):
		return nil, v.toEnd()
	case key.Matches(msg, k.Nav.Left):
		p.moveCol(-1)
		return nil, nil
	case key.Matches(msg, k.Nav.Right):
		p.moveCol(1)
		return nil, nil
	}
	row, ok := p.current()
	if !ok {
		return ignored, nil
	}
	switch {
	case key.Matches(msg, k.Nav.Open):
		return v.openRow(row, false)
	case keyMatches(msg, k.Data.Relations): // disabled without a table: say why
		if p.table == nil {
			return notice{level: levelInfo, text: "relations need the rows of one table: select its primary key too"}, nil
		}
		return v.openRow(row, true)
	case key.Matches(msg, k.Data.Copy), key.Matches(msg, k.Data.CopyRaw):
		return v.copyCell(row, key.Matches(msg, k.Data.CopyRaw))
	case key.Matches(msg, k.Data.View):
		return v.viewValue(row)
	case key.Matches(msg, k.Data.Export):
		return v.export()
	}
	return ignored, nil
}

// export writes every row of the result to a file: the statement runs
// again on a session of the export's own, with long values whole.
func (v *consoleView) export() (Intent, tea.Cmd) {
	p := v.pane
	if p.explain || p.stmt.Kind != store.KindRead {
		return notice{level: levelInfo, text: "only the rows of a query can be exported"}, nil
	}
	open := sessionsOf(v.c.store)
	if open == nil {
		return notice{level: levelWarn, text: "this session cannot run queries"}, nil
	}
	name, table := "query", ""
	if p.table != nil {
		name, table = p.table.Table, p.table.Table
	}
	text := p.text
	req := exportRequest{name: name, table: table, detail: firstLine(text), total: p.origin + int64(len(p.rows)), atMost: !p.done,
		open: func(ctx context.Context) (export.Source, error) {
			se, err := open(ctx)
			if err != nil {
				return nil, err
			}
			se.SetWholeValues(true)
			res, err := se.Query(ctx, text)
			if err != nil {
				_ = se.Close()
				return nil, err
			}
			return &resultSource{res: res, se: se}, nil
		}}
	if p.done {
		req.exact, req.atMost = true, false
	} else {
		req.total = 0 // unknown until read: the bar shows rows and speed
	}
	return openExport(v.c, req)
}

// resultSource feeds a console result to an export and ends its session
// when the export closes it.
type resultSource struct {
	res ResultStream
	se  Session
}

func (r *resultSource) Columns() []store.Column { return r.res.Columns() }

func (r *resultSource) Next(ctx context.Context, n int) ([]store.Row, error) {
	return r.res.NextWithin(ctx, n, 0)
}

func (r *resultSource) Close() error {
	err := r.res.Close()
	if cerr := r.se.Close(); err == nil {
		err = cerr
	}
	return err
}

// firstLine is the first line of a statement, for titles.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// moveTo fetches what the cursor's move (to absolute row target) needs:
// the next rows at the end of what is held, or, before it, the statement
// again from earlier.
func (v *consoleView) moveTo(target int64) tea.Cmd {
	p := v.pane
	if target < p.origin {
		return v.reposition(target)
	}
	return v.moreRows()
}

// moreRows fetches the next rows when the cursor nears the end of what is
// held and the result goes on; a stream closed before its end runs again
// from the window's start.
func (v *consoleView) moreRows() tea.Cmd {
	p := v.pane
	if p == nil || v.isRunning() || !p.needsMore() {
		return nil
	}
	if p.res == nil {
		return v.rerun(p.origin, len(p.rows)+p.block, p.origin+int64(p.cursor)+int64(p.owed))
	}
	ctx, seq := v.begin("reading rows…")
	return fetchRows(ctx, v.id, seq, p.res, p.block, v.clock)
}

// reposition brings absolute row target into a new window by running the
// statement again from a little before it.
func (v *consoleView) reposition(target int64) tea.Cmd {
	p := v.pane
	target = max(target, 0)
	from := max(target-int64(p.block*(maxPages-1)), 0)
	from -= from % int64(p.block)
	return v.rerun(from, p.block*maxPages, target)
}

func (v *consoleView) rerun(from int64, n int, at int64) tea.Cmd {
	p := v.pane
	if v.isRunning() || v.sess == nil {
		return nil
	}
	prev := p.stop()
	ctx, seq := v.begin("running it again to reach row " + humanize.Thousands(at+1) + "…")
	return rerunResult(ctx, v.id, seq, v.sess, prev, p.text, p.explain, from, n, at, v.clock)
}

// toEnd reads the result to its end, keeping the last rows (G).
func (v *consoleView) toEnd() tea.Cmd {
	p := v.pane
	if p.done {
		p.move(len(p.rows))
		return nil
	}
	if v.isRunning() {
		return nil
	}
	if p.res == nil {
		// Closed before its end: run it again, then read on from there.
		return v.rerun(p.origin, len(p.rows), p.read()-1)
	}
	res := p.res
	p.res = nil
	ctx, seq := v.begin("reading every row…")
	return readToEnd(ctx, v.id, seq, res, p.origin, p.rows, p.block, p.block*maxPages, v.clock)
}

func (v *consoleView) rowsStreamed(msg rowsStreamedMsg) (Intent, tea.Cmd) {
	if !v.end(msg.seq) || v.pane == nil || v.pane.res != msg.res {
		return nil, nil
	}
	p := v.pane
	p.streamed(msg.rows, msg.done || msg.err != nil, msg.took)
	if msg.err != nil {
		// The statement ended on the server: what follows needs a re-run.
		p.closed, p.done = true, false
		if cancelled(msg.err) {
			return notice{level: levelInfo, text: "stopped reading: the server stopped the query"}, closeResult(msg.res)
		}
		return failure{err: msg.err}, closeResult(msg.res)
	}
	var more tea.Cmd
	if p.owed != 0 {
		more = v.moveTo(p.move(0))
	} else {
		more = v.moreRows()
	}
	return success{}, more
}

func (v *consoleView) repositioned(msg resultRepositionedMsg) (Intent, tea.Cmd) {
	if !v.end(msg.seq) || v.pane == nil {
		if msg.res != nil {
			return nil, closeResult(msg.res)
		}
		return nil, nil
	}
	p := v.pane
	p.elapsed = msg.took
	if msg.err != nil {
		p.closed = len(p.rows) > 0 && !p.done
		if cancelled(msg.err) {
			return notice{level: levelInfo, text: "cancelled: the server stopped the query"}, nil
		}
		return failure{err: msg.err}, nil
	}
	if msg.res != nil || msg.origin > 0 || msg.at > 0 {
		p.rerun = p.rerun || msg.res != nil
	}
	p.res, p.done, p.closed, p.owed = msg.res, msg.done, false, 0
	p.replace(msg.origin, msg.rows, msg.at)
	return success{}, v.moreRows()
}

// openRow opens a row: from its table, by its primary key, when the rows
// are a table's (with its relations menu when relations is set); else as
// a record of the result's values.
func (v *consoleView) openRow(row store.Row, relations bool) (Intent, tea.Cmd) {
	p := v.pane
	leave := v.leaving()
	if p.table != nil && p.info != nil {
		filters := p.table.KeyFilters(p.info, row)
		if len(filters) > 0 {
			return pushView{v: newRecordByKey(v.c, p.table.Table, filters, relations)}, leave
		}
	}
	r := newRecordView(v.c, "", p.columns, row)
	r.crumb = "row " + humanize.Thousands(p.origin+int64(p.cursor)+1)
	return pushView{v: r}, leave
}

// leaving closes the open stream when another view is about to show, on
// an engine that runs one statement at a time (the embedded one): the
// stream would hold up every query of that view. Going on in the result
// later runs the statement again.
func (v *consoleView) leaving() tea.Cmd {
	if v.flavor.Kind != store.FlavorEmbedded || v.pane == nil || v.pane.res == nil || v.isRunning() {
		return nil
	}
	return closeResult(v.pane.stop())
}

// tableCell maps the cursor's cell to the row of the result's table, for
// reading a long value whole; ok is false when the cell is not a plain
// column of that table.
func (v *consoleView) tableCell(row store.Row) ([]store.Column, store.Row, int, bool) {
	p := v.pane
	if p.table == nil || p.info == nil || p.col >= len(p.table.Columns) || p.table.Columns[p.col] == "" {
		return nil, nil, 0, false
	}
	cols, vals := p.table.TableRow(p.info, row)
	for i, c := range cols {
		if c.Name == p.table.Columns[p.col] {
			return cols, vals, i, true
		}
	}
	return nil, nil, 0, false
}

// partialValue is what copy and the viewer say of a long value the result
// carries only the start of, when it is not a column of a known row.
func partialValue(val store.Value) Intent {
	return notice{level: levelWarn, text: "the result carries only the first " + humanize.Bytes(int64(len(val.Bytes))) + " of this value (" +
		humanize.Bytes(val.Size) + "): select it with its table's primary key to read it whole"}
}

func (v *consoleView) copyCell(row store.Row, raw bool) (Intent, tea.Cmd) {
	p := v.pane
	if p.col >= len(row) {
		return nil, nil
	}
	val, col := row[p.col], p.columns[p.col]
	if !val.Truncated {
		return copyValue(v.c, "result-"+col.Name, col, val, raw)
	}
	cols, vals, i, ok := v.tableCell(row)
	if !ok {
		return partialValue(val), nil
	}
	return copyCell(v.c, p.table.Table, p.info, cols, vals, i, raw)
}

func (v *consoleView) viewValue(row store.Row) (Intent, tea.Cmd) {
	p := v.pane
	if p.col >= len(row) {
		return nil, nil
	}
	if cols, vals, i, ok := v.tableCell(row); ok {
		return pushView{v: newValueView(v.c, p.table.Table, p.info, cols, vals, i)}, v.leaving()
	}
	if row[p.col].Truncated {
		return partialValue(row[p.col]), nil
	}
	return pushView{v: newValueView(v.c, "", nil, p.columns, row, p.col)}, v.leaving()
}
