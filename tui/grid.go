package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// fetchMode says where a page goes in the grid's window.
type fetchMode int

const (
	fetchFirst  fetchMode = iota // replace the window with the first page
	fetchLast                    // replace the window with the last page
	fetchNext                    // append the page after the window
	fetchPrev                    // prepend the page before the window
	fetchReload                  // fetch the window again in place
)

const (
	// maxPages is how many pages the grid keeps in memory; pages far from
	// the cursor are dropped and fetched again when needed (A5).
	maxPages = 3
	// maxColWidth caps a column's width; longer values are truncated (the
	// record view shows them in full).
	maxColWidth = 40
	// colSep separates grid columns.
	colSep = " │ "
	// colSepWidth is colSep's display width (len would count its bytes).
	colSepWidth = 3
)

// gridPage is a loaded page with its cells formatted once, so View only
// pads and truncates.
type gridPage struct {
	fetchedPage
	cells  [][]string
	widths [][]int
}

func newGridPage(fp fetchedPage) *gridPage {
	p := &gridPage{fetchedPage: fp}
	cols := fp.page.Columns
	p.cells = make([][]string, len(fp.page.Rows))
	p.widths = make([][]int, len(fp.page.Rows))
	for i, row := range fp.page.Rows {
		cells := make([]string, len(cols))
		widths := make([]int, len(cols))
		for j := range cols {
			if j < len(row) {
				cells[j] = cellText(row[j], cols[j])
				widths[j] = ansiWidth(cells[j])
			}
		}
		p.cells[i], p.widths[i] = cells, widths
	}
	return p
}

// grid is the rows view of one table: keyset-paged, with a window of at
// most maxPages pages around the cursor.
type grid struct {
	viewBase
	c       *common
	table   string
	filters []store.Filter
	fixed   int // leading filters that come from a relation; / cannot clear them
	sort    *store.Sort

	columns []store.Column
	numeric []bool
	natural []int // column widths from content; they only grow
	pages   []*gridPage
	rows    []store.Row // the window, flattened
	cells   [][]string
	cellW   [][]int
	loaded  bool

	cursor, top int // row under the cursor and first visible row, in the window
	col, colOff int // column under the cursor and first visible column
	origin      int64
	originKnown bool // origin is the absolute index of the window's first row
	// owed is cursor movement that went past the loaded rows while the
	// neighbouring page was loading; it is applied when the page arrives,
	// so fast PgDn presses are not lost.
	owed     int
	lastMode fetchMode
}

func newGrid(c *common, table string, filters []store.Filter, crumb string) *grid {
	if crumb == "" {
		crumb = sanitize(table)
	}
	return &grid{viewBase: newBase(c, crumb), c: c, table: table, filters: filters, fixed: len(filters)}
}

func (g *grid) kind() viewKind { return viewGrid }

// SetSize sets the body size.
func (g *grid) SetSize(w, h int) {
	g.w, g.h = w, h
	g.scroll()
}

// rowsHeight is the number of visible rows: the body minus header, rule
// and footer.
func (g *grid) rowsHeight() int { return max(g.h-3, 1) }

// query is the grid's RowQuery without a position.
func (g *grid) query() store.RowQuery {
	q := store.RowQuery{Table: g.table, Limit: g.c.pageSize}
	q.Filters = append([]store.Filter(nil), g.filters...)
	if g.sort != nil {
		s := *g.sort
		q.Sort = &s
	}
	return q
}

// fetch starts a request for the window.
func (g *grid) fetch(mode fetchMode, q store.RowQuery, n int) tea.Cmd {
	seq := g.begin(g.c)
	g.lastMode = mode
	return loadRows(g.c, g.id, seq, mode, q, n)
}

// Reload fetches the window again in place, or the first page.
func (g *grid) Reload(m *Model) tea.Cmd {
	if len(g.pages) == 0 || len(g.rows) == 0 {
		return g.fetch(fetchFirst, g.query(), 1)
	}
	return g.fetch(fetchReload, g.pages[0].query, len(g.pages))
}

// first replaces the window with the first page.
func (g *grid) first() tea.Cmd { return g.fetch(fetchFirst, g.query(), 1) }

func (g *grid) next() tea.Cmd {
	end := g.pages[len(g.pages)-1].page.End
	q := g.query()
	q.After = &end
	return g.fetch(fetchNext, q, 1)
}

func (g *grid) prev() tea.Cmd {
	start := g.pages[0].page.Start
	q := g.query()
	q.Before = &start
	return g.fetch(fetchPrev, q, 1)
}

// maybeFetch asks for the neighbouring page when the cursor reaches an end
// of the window and the table goes on.
func (g *grid) maybeFetch() tea.Cmd {
	if g.loading || len(g.pages) == 0 {
		return nil
	}
	if g.cursor >= len(g.rows)-1 && g.pages[len(g.pages)-1].page.HasNext {
		return g.next()
	}
	if g.cursor <= 0 && g.pages[0].page.HasPrev {
		return g.prev()
	}
	return nil
}

// setRows takes a rowsLoadedMsg meant for this grid.
func (g *grid) setRows(m *Model, msg rowsLoadedMsg) tea.Cmd {
	if !g.accept(msg.seq, msg.err) {
		return nil
	}
	if msg.err != nil {
		return m.fail(msg.err)
	}
	pages := make([]*gridPage, 0, len(msg.pages))
	for _, fp := range msg.pages {
		pages = append(pages, newGridPage(fp))
	}
	if len(pages) > 0 && (len(g.columns) == 0 || msg.mode == fetchFirst || msg.mode == fetchReload || msg.mode == fetchLast) {
		if cols := pages[0].page.Columns; len(cols) > 0 {
			g.setColumns(cols)
		}
	}
	switch msg.mode {
	case fetchFirst:
		g.pages = pages
		g.cursor, g.top, g.origin, g.originKnown = 0, 0, 0, true
	case fetchLast:
		g.pages = pages
		g.rebuild()
		g.cursor = max(len(g.rows)-1, 0)
		g.origin, g.originKnown = 0, false
		if len(pages) > 0 && !pages[0].page.HasPrev {
			g.originKnown = true
		} else if n, ok := g.total(); ok {
			g.origin, g.originKnown = n-int64(len(g.rows)), true
		} else if t, ok := m.tables.table(g.table); ok && t.Exact && len(g.filters) == 0 && t.Rows >= int64(len(g.rows)) {
			// The exact count (small table, or 'c') places the last page.
			g.origin, g.originKnown = t.Rows-int64(len(g.rows)), true
		}
	case fetchReload:
		g.pages = pages
	case fetchNext:
		if len(pages) == 0 || len(pages[0].page.Rows) == 0 {
			if len(pages) > 0 && len(g.pages) > 0 {
				g.pages[len(g.pages)-1].page.HasNext = false
			}
			break
		}
		g.pages = append(g.pages, pages...)
		for len(g.pages) > maxPages && g.cursor >= len(g.pages[0].cells) {
			n := len(g.pages[0].cells)
			g.pages = g.pages[1:]
			g.cursor -= n
			g.top -= n
			g.origin += int64(n)
		}
	case fetchPrev:
		if len(pages) == 0 || len(pages[0].page.Rows) == 0 {
			if len(pages) > 0 && len(g.pages) > 0 {
				g.pages[0].page.HasPrev = false
			}
			break
		}
		n := len(pages[0].cells)
		g.pages = append(pages, g.pages...)
		g.cursor += n
		g.top += n
		g.origin -= int64(n)
		if !pages[0].page.HasPrev {
			g.origin, g.originKnown = 0, true
		}
		for len(g.pages) > maxPages && g.cursor < g.rowsBefore(len(g.pages)-1) {
			g.pages = g.pages[:len(g.pages)-1]
		}
	}
	g.loaded = true
	g.rebuild()
	var more tea.Cmd
	switch {
	case msg.mode != fetchNext && msg.mode != fetchPrev:
		g.owed = 0
	case g.owed != 0:
		more = g.move(0)
	}
	return tea.Batch(m.succeeded(), more)
}

// rowsBefore is the number of window rows in the pages before page i.
func (g *grid) rowsBefore(i int) int {
	n := 0
	for _, p := range g.pages[:i] {
		n += len(p.cells)
	}
	return n
}

func (g *grid) setColumns(cols []store.Column) {
	same := len(cols) == len(g.columns)
	for i := 0; same && i < len(cols); i++ {
		same = cols[i].Name == g.columns[i].Name
	}
	g.columns = cols
	g.numeric = make([]bool, len(cols))
	for i, c := range cols {
		g.numeric[i] = numericType(c.DataType)
	}
	if !same {
		g.natural = nil
		g.col, g.colOff = 0, 0
	}
}

// rebuild flattens the window and grows the column widths.
func (g *grid) rebuild() {
	g.rows, g.cells, g.cellW = g.rows[:0], g.cells[:0], g.cellW[:0]
	for _, p := range g.pages {
		g.rows = append(g.rows, p.page.Rows...)
		g.cells = append(g.cells, p.cells...)
		g.cellW = append(g.cellW, p.widths...)
	}
	if len(g.natural) != len(g.columns) {
		g.natural = make([]int, len(g.columns))
	}
	for j, c := range g.columns {
		g.natural[j] = max(g.natural[j], ansiWidth(sanitize(c.Name))+2, 1)
	}
	for _, ws := range g.cellW {
		for j, w := range ws {
			if j < len(g.natural) && w > g.natural[j] {
				g.natural[j] = min(w, maxColWidth)
			}
		}
	}
	for j := range g.natural {
		g.natural[j] = min(g.natural[j], maxColWidth)
	}
	g.cursor = max(0, min(g.cursor, len(g.rows)-1))
	g.col = max(0, min(g.col, len(g.columns)-1))
	g.scroll()
}

// total is the table's row count when known exactly (no filter).
func (g *grid) total() (int64, bool) {
	if len(g.pages) > 0 && !g.pages[0].page.HasPrev && !g.pages[len(g.pages)-1].page.HasNext {
		return int64(len(g.rows)), true
	}
	return 0, false
}

func (g *grid) scroll() {
	rh := g.rowsHeight()
	if g.cursor < g.top {
		g.top = g.cursor
	}
	if g.cursor >= g.top+rh {
		g.top = g.cursor - rh + 1
	}
	g.top = max(0, min(g.top, len(g.rows)-rh))
	g.scrollCols()
}

// scrollCols keeps the current column visible.
func (g *grid) scrollCols() {
	if g.col < g.colOff {
		g.colOff = g.col
	}
	avail := g.w - 2
	for g.colOff < g.col {
		used := 0
		for j := g.colOff; j <= g.col; j++ {
			used += g.natural[j]
			if j > g.colOff {
				used += colSepWidth
			}
		}
		if used <= avail {
			break
		}
		g.colOff++
	}
}

func (g *grid) move(d int) tea.Cmd {
	target := g.cursor + d + g.owed
	g.cursor = max(0, min(len(g.rows)-1, target))
	g.owed = 0
	if len(g.pages) > 0 {
		if target > g.cursor && g.pages[len(g.pages)-1].page.HasNext || target < g.cursor && g.pages[0].page.HasPrev {
			g.owed = target - g.cursor
		}
	}
	g.scroll()
	return g.maybeFetch()
}

// current returns the row under the cursor.
func (g *grid) current() (store.Row, bool) {
	if g.cursor < 0 || g.cursor >= len(g.rows) {
		return nil, false
	}
	return g.rows[g.cursor], true
}

// cycleSort sorts by the current column: ascending, descending, off.
func (g *grid) cycleSort() tea.Cmd {
	if len(g.columns) == 0 {
		return nil
	}
	name := g.columns[g.col].Name
	switch {
	case g.sort == nil || g.sort.Column != name:
		g.sort = &store.Sort{Column: name}
	case !g.sort.Desc:
		g.sort = &store.Sort{Column: name, Desc: true}
	default:
		g.sort = nil
	}
	return g.first()
}

// HandleKey handles keys while the grid is shown and focused.
func (g *grid) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := g.c.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		return g.move(-1)
	case key.Matches(msg, k.Nav.Down):
		return g.move(1)
	case key.Matches(msg, k.Nav.PageUp):
		return g.move(-g.rowsHeight())
	case key.Matches(msg, k.Nav.PageDown):
		return g.move(g.rowsHeight())
	case key.Matches(msg, k.Nav.Top):
		if len(g.pages) > 0 && g.pages[0].page.HasPrev {
			return g.first()
		}
		return g.move(-len(g.rows))
	case key.Matches(msg, k.Nav.Bottom):
		if len(g.pages) > 0 && g.pages[len(g.pages)-1].page.HasNext {
			q := g.query()
			q.Last = true
			return g.fetch(fetchLast, q, 1)
		}
		return g.move(len(g.rows))
	case key.Matches(msg, k.Nav.Left):
		g.col = max(0, g.col-1)
		g.scrollCols()
	case key.Matches(msg, k.Nav.Right):
		g.col = min(len(g.columns)-1, g.col+1)
		g.scrollCols()
	case key.Matches(msg, k.Data.Sort):
		return g.cycleSort()
	case key.Matches(msg, k.Data.Filter):
		if len(g.columns) > 0 {
			m.modal = newFilterModal(m, g)
		}
	case key.Matches(msg, k.Data.Copy):
		if row, ok := g.current(); ok && g.col < len(row) {
			return m.copyValue(g.columns[g.col], row[g.col])
		}
	case key.Matches(msg, k.Data.Relations):
		if row, ok := g.current(); ok {
			return m.openRelations(g.table, g.columns, row)
		}
	case key.Matches(msg, k.Nav.Open):
		if row, ok := g.current(); ok {
			return m.openRow(g, row)
		}
	}
	return nil
}
