package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// fetchMode says where a page goes in the grid's window.
type fetchMode int

const (
	fetchFirst  fetchMode = iota // replace the window with the first page
	fetchLast                    // replace the window with the last page
	fetchNext                    // append the page after the window
	fetchPrev                    // prepend the page before the window
	fetchReload                  // fetch the window again in place
	fetchJump                    // replace the window with the page at a key
)

// maxPages is how many pages the grid keeps in memory; pages far from the
// cursor are dropped and fetched again when needed, so a table of any size
// costs the same memory.
const maxPages = 3

// grid is the rows view of one table: keyset-paged, with a window of at
// most maxPages pages around the cursor.
type grid struct {
	viewBase
	rowWindow
	c       *common
	table   string
	info    *store.TableInfo // the description the pages are fetched with
	filters []store.Filter
	fixed   int // leading filters that come from a relation; / cannot clear them
	sort    *store.Sort
	loaded  bool

	origin      int64
	originKnown bool // origin is the absolute index of the window's first row
	// owed is cursor movement that went past the loaded rows while the
	// neighbouring page was loading; it is applied when the page arrives,
	// so fast PgDn presses are not lost.
	owed int

	// matches is the number of rows the filters select, once counted (c).
	matches      int64
	matchesKnown bool
	countSeq     int
	posSeq       int // the count of rows before the window in flight

	bandH int // lines the rows staged for insertion take above the rows
}

func newGrid(c *common, table string, filters []store.Filter, crumb string) *grid {
	if crumb == "" {
		crumb = sanitize.Line(table)
	}
	g := &grid{viewBase: newBase(c, crumb), rowWindow: rowWindow{c: c}, c: c, table: table, filters: filters, fixed: len(filters)}
	g.staged = func(row store.Row) *rowMarks { return stagedMarks(g.c, g.table, g.info, g.columns, row) }
	return g
}

// Title names the view.
func (g *grid) Title() string { return "Rows" }

// Table is the table the grid shows.
func (g *grid) Table() string { return g.table }

// SetSize sets the body size.
func (g *grid) SetSize(w, h int) {
	g.w, g.h = w, h
	g.resize(w, h-g.bandH)
}

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
	if g.info == nil {
		g.info = g.c.catalog.info(g.table)
	}
	return loadRows(g.c, g.id, seq, mode, g.info, q, n)
}

// Reload fetches the window again in place, or the first page. A reload
// after a refresh describes the table again: its columns may have changed.
func (g *grid) Reload() tea.Cmd {
	if g.stale {
		g.info = nil
	}
	if len(g.pages) == 0 || len(g.rows) == 0 {
		return g.fetch(fetchFirst, g.query(), 1)
	}
	return g.fetch(fetchReload, g.pages[0].query, len(g.pages))
}

// first replaces the window with the first page.
func (g *grid) first() tea.Cmd { return g.fetch(fetchFirst, g.query(), 1) }

// jump replaces the window with the page that starts at a row key.
func (g *grid) jump(cur store.Cursor) tea.Cmd {
	q := g.query()
	q.After = &cur
	return g.fetch(fetchJump, q, 1)
}

// refiltered restarts the grid after its filters or sort changed.
func (g *grid) refiltered() tea.Cmd {
	g.matchesKnown = false
	g.countSeq = 0
	return g.first()
}

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

// Update takes the grid's pages and counts.
func (g *grid) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case rowsLoadedMsg:
		return g.setRows(msg)
	case positionCountedMsg:
		if msg.seq != g.posSeq {
			return nil, nil
		}
		g.posSeq = 0
		if msg.err != nil {
			return failure{err: msg.err}, nil
		}
		g.origin, g.originKnown = msg.before, true
		return nil, nil
	case matchesCountedMsg:
		if msg.seq != g.countSeq {
			return nil, nil
		}
		g.countSeq = 0
		if msg.err != nil {
			return failure{err: msg.err}, nil
		}
		g.matches, g.matchesKnown = msg.rows, true
		g.placeByCount()
		return notice{level: levelInfo, text: sanitize.Line(g.table) + ": " + matchText(msg.rows, len(g.filters) > 0)}, nil
	case relationsLoadedMsg:
		return g.relationsArrived(g.c, msg)
	}
	return nil, nil
}

// setRows takes a page meant for this grid.
func (g *grid) setRows(msg rowsLoadedMsg) (Intent, tea.Cmd) {
	if !g.accept(msg.seq, msg.err) {
		return nil, nil
	}
	if msg.info != nil {
		g.info = msg.info
		g.c.catalog.put(g.table, msg.info, msg.gen)
	}
	if msg.err != nil {
		return failure{err: msg.err}, nil
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
	case fetchJump:
		g.pages = pages
		g.cursor, g.top, g.origin, g.originKnown = 0, 0, 0, false
		if len(pages) > 0 && len(pages[0].page.Rows) == 0 {
			g.pages = nil // nothing at or after the key
		}
	case fetchLast:
		g.pages = pages
		g.rebuild()
		g.cursor = max(len(g.rows)-1, 0)
		g.origin, g.originKnown = 0, false
		if len(pages) > 0 && !pages[0].page.HasPrev {
			g.originKnown = true
		} else {
			g.placeByCount()
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
		g.origin += int64(g.dropFront())
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
	if g.atEnd() && g.originKnown {
		// The last row is loaded and its position known: so is the total.
		g.matches, g.matchesKnown = g.origin+int64(len(g.rows)), true
	}
	var more tea.Cmd
	switch {
	case msg.mode != fetchNext && msg.mode != fetchPrev:
		g.owed = 0
	case g.owed != 0:
		more = g.move(0)
	}
	return success{}, more
}

// placeByCount places a window that ends at the last row once the number
// of rows is known: counted (c), or exact in the table list.
func (g *grid) placeByCount() {
	if g.originKnown || !g.atEnd() {
		return
	}
	if n, ok := g.total(); ok && n >= int64(len(g.rows)) {
		g.origin, g.originKnown = n-int64(len(g.rows)), true
	}
}

// atEnd reports whether the window holds the last row.
func (g *grid) atEnd() bool {
	return len(g.pages) > 0 && !g.pages[len(g.pages)-1].page.HasNext
}

// total is the number of rows the grid shows, when known: all of them in
// the window, counted with c, or exact in the table list (no filters).
func (g *grid) total() (int64, bool) {
	if len(g.pages) > 0 && !g.pages[0].page.HasPrev && g.atEnd() {
		return int64(len(g.rows)), true
	}
	if g.matchesKnown {
		return g.matches, true
	}
	if t, ok := g.c.catalog.table(g.table); ok && t.Exact && len(g.filters) == 0 {
		return t.Rows, true
	}
	return 0, false
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
func (g *grid) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := g.c.keys
	if it, cmd, ok := handleEditKey(g.c, msg, g.editTarget(), k.Edit.Edit); ok {
		return it, cmd
	}
	switch {
	case key.Matches(msg, k.Nav.Up):
		return nil, g.move(-1)
	case key.Matches(msg, k.Nav.Down):
		return nil, g.move(1)
	case key.Matches(msg, k.Nav.PageUp):
		return nil, g.move(-g.rowsHeight())
	case key.Matches(msg, k.Nav.PageDown):
		return nil, g.move(g.rowsHeight())
	case key.Matches(msg, k.Nav.Top):
		if len(g.pages) > 0 && g.pages[0].page.HasPrev {
			return nil, g.first()
		}
		return nil, g.move(-len(g.rows))
	case key.Matches(msg, k.Nav.Bottom):
		if len(g.pages) > 0 && g.pages[len(g.pages)-1].page.HasNext {
			q := g.query()
			q.Last = true
			return nil, g.fetch(fetchLast, q, 1)
		}
		return nil, g.move(len(g.rows))
	case key.Matches(msg, k.Nav.Left):
		g.moveCol(-1)
		return nil, nil
	case key.Matches(msg, k.Nav.Right):
		g.moveCol(1)
		return nil, nil
	case key.Matches(msg, k.Data.Sort):
		return nil, g.cycleSort()
	case key.Matches(msg, k.Data.Filter):
		if len(g.columns) > 0 {
			return openDialog{d: newFilterDialog(g.c, g)}, nil
		}
		return nil, nil
	case key.Matches(msg, k.Data.Count):
		return g.count()
	case key.Matches(msg, k.Data.Jump):
		if g.info == nil {
			return nil, nil
		}
		keys := g.info.RowKey()
		if len(keys) == 0 {
			return notice{level: levelWarn, text: sanitize.Line(g.table) + " has no primary key or unique NOT NULL key to jump to"}, nil
		}
		d, cmd := newJumpDialog(g.c, g, keys)
		return openDialog{d: d}, cmd
	case key.Matches(msg, k.Data.Copy), key.Matches(msg, k.Data.CopyRaw):
		if row, ok := g.current(); ok && g.col < len(row) {
			return copyCell(g.c, g.table, g.info, g.columns, row, g.col, key.Matches(msg, k.Data.CopyRaw))
		}
		return nil, nil
	case key.Matches(msg, k.Data.View):
		if row, ok := g.current(); ok && g.col < len(row) {
			return pushView{v: newValueView(g.c, g.table, g.info, g.columns, row, g.col)}, nil
		}
		return nil, nil
	case key.Matches(msg, k.Data.Relations):
		if row, ok := g.current(); ok {
			return nil, g.loadRelations(g.c, g.table, g.info, g.columns, row)
		}
		return nil, nil
	case key.Matches(msg, k.Data.Export):
		return g.export()
	case key.Matches(msg, k.Nav.Open):
		if row, ok := g.current(); ok {
			return pushView{v: g.open(row)}, nil
		}
		return nil, nil
	}
	return ignored, nil
}

// count counts the rows the grid shows (the table's, or with filters the
// matching ones) and, when the window's place is not known (a jump to a
// key or to the end), the rows before it.
func (g *grid) count() (Intent, tea.Cmd) {
	var pos tea.Cmd
	if !g.originKnown && g.info != nil && len(g.pages) > 0 && g.pages[0].page.Keyset {
		q := g.query()
		start := g.pages[0].page.Start
		q.Before = &start
		g.posSeq = g.c.nextID()
		pos = countPosition(g.c, g.id, g.posSeq, g.info, q)
	}
	if len(g.filters) == 0 {
		return countTable{table: g.table}, pos
	}
	if g.info == nil {
		return notice{level: levelInfo, text: "the table is still loading; count again in a moment"}, nil
	}
	g.countSeq = g.c.nextID()
	return notice{level: levelInfo, text: "counting matching rows…"}, tea.Batch(pos, countMatches(g.c, g.id, g.countSeq, g.info, g.filters))
}

// open is the view Enter shows for a row: the user view for demobots
// users, the scores of a demobots session, the record view otherwise.
func (g *grid) open(row store.Row) View {
	if g.c.demobots {
		switch g.table {
		case "users":
			if id, ok := intColumn(g.columns, row, "id"); ok {
				return newUserView(g.c, id, g.columns, row)
			}
		case "sessions":
			if id, ok := intColumn(g.columns, row, "id"); ok {
				return newScoresView(g.c, id)
			}
		}
	}
	return newRecordView(g.c, g.table, g.columns, row)
}

// Keys enables what applies to the grid.
func (g *grid) Keys(ctx *keyContext) {
	has := len(g.rows) > 0
	ctx.canFilter = len(g.columns) > 0
	ctx.canSort = len(g.columns) > 0
	ctx.canJump = g.info != nil && len(g.info.RowKey()) > 0
	ctx.canScrollX = len(g.columns) > 1
	ctx.canExport = len(g.columns) > 0
	ctx.canMove, ctx.canCopy, ctx.canRelate, ctx.canOpen = has, has, has, has
	editContext(g.c, ctx, g.info, has)
}

// ShortHelp is the grid's one-line help.
func (g *grid) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Open, k.Edit.Edit, k.Edit.Review, k.Nav.Back, k.Data.Filter, k.Data.Sort, k.Data.Relations, k.Data.Structure, k.Global.Help, k.Global.Quit}
}

// editTarget is the row and cell under the cursor, for the edit keys.
func (g *grid) editTarget() editTarget {
	row, _ := g.current()
	return editTarget{table: g.table, info: g.info, cols: g.columns, row: row, col: g.col}
}

// intColumn reads an integer column of a row.
func intColumn(cols []store.Column, row store.Row, name string) (int64, bool) {
	for i, c := range cols {
		if c.Name == name && i < len(row) && !row[i].Null {
			n, err := strconv.ParseInt(string(row[i].Bytes), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
