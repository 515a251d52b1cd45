package tui

import (
	"strings"
	"time"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
)

// resultPane is a query result in the console: a rowWindow the rows
// stream into, block by block. It holds at most maxPages blocks: blocks
// behind the cursor are dropped as it moves on, so a result of any size
// costs the same memory. Going back before the first block held runs the
// query again and skips to it (the rows may then differ if the query has
// no ORDER BY). The pane only keeps the rows and draws them; the console
// runs the statements and fetches.
type resultPane struct {
	rowWindow
	block int // rows per block

	stmt    store.Classified
	text    string // the statement, to run it again
	explain bool

	res    ResultStream // the open stream; nil when read to the end or closed
	done   bool         // the last row has been read
	closed bool         // the stream was closed before its end: going on runs it again
	rerun  bool         // the rows come from running the statement again
	origin int64        // rows before the window

	elapsed time.Duration // time spent running and reading

	// table is set when the rows are rows of one table (its primary key
	// is in the result): Enter and o open them from the table.
	table *store.ResultTable
	info  *store.TableInfo

	owed int // cursor movement past the rows held, done when rows come
}

func newResultPane(c *common, block int) *resultPane {
	return &resultPane{rowWindow: rowWindow{c: c}, block: max(block, 1)}
}

// start shows the first rows of a new result.
func (p *resultPane) start(res ResultStream, rows []store.Row, took time.Duration) {
	p.res, p.stmt = res, res.Statement()
	p.setColumns(res.Columns())
	p.pages = nil
	p.origin, p.cursor, p.top = 0, 0, 0
	p.elapsed = took
	p.done = res.Done()
	if p.done {
		p.res = nil
	}
	p.add(rows)
	p.rebuild()
}

// page makes a block of rows a window page.
func (p *resultPane) page(rows []store.Row) *gridPage {
	return newGridPage(fetchedPage{page: &store.RowPage{Columns: p.columns, Rows: rows}})
}

// add appends rows at the end of the window, dropping blocks before the
// cursor beyond maxPages.
func (p *resultPane) add(rows []store.Row) {
	if len(rows) == 0 {
		return
	}
	p.pages = append(p.pages, p.page(rows))
	p.origin += int64(p.dropFront())
}

// streamed takes the rows a fetch read.
func (p *resultPane) streamed(rows []store.Row, done bool, took time.Duration) {
	p.elapsed += took
	p.add(rows)
	if done {
		p.done, p.res = true, nil
	}
	p.rebuild()
}

// replace puts rows read from position origin into the window (a re-run
// or a jump to the end), with the cursor on absolute row at.
func (p *resultPane) replace(origin int64, rows []store.Row, at int64) {
	p.pages = nil
	for len(rows) > 0 {
		n := min(p.block, len(rows))
		p.pages = append(p.pages, p.page(rows[:n]))
		rows = rows[n:]
	}
	p.origin = origin
	p.rebuild()
	p.cursor = int(max(0, min(at-origin, int64(len(p.rows)-1))))
	p.scroll()
}

// needsMore reports whether the cursor is near the end of the rows held
// and the result goes on.
func (p *resultPane) needsMore() bool {
	return !p.done && p.cursor >= len(p.rows)-max(p.rowsHeight(), 1)
}

// move moves the cursor by d rows within the rows held; what goes past
// them is owed until more rows come. It reports where the cursor wanted
// to go, as an absolute row.
func (p *resultPane) move(d int) int64 {
	target := p.cursor + d + p.owed
	p.owed = 0
	p.cursor = max(0, min(len(p.rows)-1, target))
	if target > p.cursor && !p.done {
		p.owed = target - p.cursor
	}
	p.scroll()
	return p.origin + int64(target)
}

// stop closes the stream's use here: what follows needs a re-run.
func (p *resultPane) stop() ResultStream {
	res := p.res
	if res != nil && !p.done {
		p.closed = true
	}
	p.res = nil
	return res
}

// read is the number of rows read from the start of the result through
// the window's end.
func (p *resultPane) read() int64 { return p.origin + int64(len(p.rows)) }

// footer says where the cursor is, how much has been read and how long it
// took.
func (p *resultPane) footer(busy bool, spin string) string {
	s := p.c.styles
	var parts []string
	n := p.read()
	switch {
	case len(p.rows) == 0:
		parts = append(parts, "no rows")
	case p.done:
		parts = append(parts, "row "+humanize.Thousands(p.origin+int64(p.cursor)+1)+" of "+humanize.Thousands(n))
	default:
		parts = append(parts, "row "+humanize.Thousands(p.origin+int64(p.cursor)+1))
	}
	if len(p.columns) > 1 {
		parts = append(parts, "col "+humanize.Thousands(int64(p.col+1))+"/"+humanize.Thousands(int64(len(p.columns))))
	}
	switch {
	case p.done:
		parts = append(parts, "all rows read in "+humanize.Elapsed(p.elapsed))
	case p.closed:
		parts = append(parts, humanize.Plural(n, "row")+" so far · paused: going on runs it again")
	default:
		parts = append(parts, humanize.Plural(n, "row")+" so far · "+humanize.Elapsed(p.elapsed))
	}
	if p.rerun {
		parts = append(parts, "ran again")
	}
	if p.table != nil {
		parts = append(parts, "rows of "+p.table.Table)
	}
	line := s.Grid.Footer.Render(" " + strings.Join(parts, " · "))
	if busy {
		line += " " + spin
	}
	return layout.Truncate(line, p.ww)
}

// view draws the result: header, rows and footer, in the window's size.
func (p *resultPane) view(busy bool, spin string) []string {
	empty := "(no rows)"
	if !p.done {
		empty = "(no rows yet)"
	}
	return append(p.lines("", false, empty), p.footer(busy, spin))
}
