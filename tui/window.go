package tui

import (
	"strings"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/cellfmt"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

const (
	// maxColWidth caps a column's width; longer values are truncated (the
	// record view shows them in full).
	maxColWidth = 40
	// colSep separates grid columns.
	colSep = " │ "
	// colSepWidth is colSep's display width (len would count its bytes).
	colSepWidth = 3
)

// gridPage is a block of rows with its cells formatted once, so drawing
// only pads and truncates. A table's page keeps the query that fetched it.
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
				cells[j] = cellfmt.Cell(row[j], cols[j])
				widths[j] = layout.Width(cells[j])
			}
		}
		p.cells[i], p.widths[i] = cells, widths
	}
	return p
}

// rowWindow is the part of memory a grid of rows holds — a few blocks of
// rows around the cursor, never the whole result — with the cursor, the
// scroll position and the drawing of header, rows and cursor line. Table
// grids fill it with keyset pages; a query result streams into it.
type rowWindow struct {
	c       *common
	ww, wh  int // the size the window draws in: the view body
	columns []store.Column
	numeric []bool
	natural []int // column widths from content; they only grow
	pages   []*gridPage
	rows    []store.Row // the window, flattened
	cells   [][]string
	cellW   [][]int

	cursor, top int // row under the cursor and first visible row, in the window
	col, colOff int // column under the cursor and first visible column

	// staged returns the pending changes of a row (edit_marks.go), or
	// nil; nil when the window shows no table's rows.
	staged func(row store.Row) *rowMarks
}

// dropFront drops the window's first pages while it holds more than
// maxPages and the cursor is past the first, keeping the cursor and the
// scroll position on the same rows, and returns how many rows went: the
// grid and the result pane both count them into their origin.
func (w *rowWindow) dropFront() int {
	dropped := 0
	for len(w.pages) > maxPages && w.cursor >= len(w.pages[0].cells) {
		n := len(w.pages[0].cells)
		w.pages = w.pages[1:]
		w.cursor -= n
		w.top -= n
		dropped += n
	}
	return dropped
}

// resize sets the size the window draws in.
func (w *rowWindow) resize(width, height int) {
	w.ww, w.wh = width, height
	w.scroll()
}

// rowsHeight is the number of visible rows: the body minus header, rule
// and footer.
func (w *rowWindow) rowsHeight() int { return max(w.wh-3, 1) }

func (w *rowWindow) setColumns(cols []store.Column) {
	same := len(cols) == len(w.columns)
	for i := 0; same && i < len(cols); i++ {
		same = cols[i].Name == w.columns[i].Name
	}
	w.columns = cols
	w.numeric = make([]bool, len(cols))
	for i, c := range cols {
		w.numeric[i] = c.Numeric()
	}
	if !same {
		w.natural = nil
		w.col, w.colOff = 0, 0
	}
}

// rebuild flattens the pages and grows the column widths.
func (w *rowWindow) rebuild() {
	w.rows, w.cells, w.cellW = w.rows[:0], w.cells[:0], w.cellW[:0]
	for _, p := range w.pages {
		w.rows = append(w.rows, p.page.Rows...)
		w.cells = append(w.cells, p.cells...)
		w.cellW = append(w.cellW, p.widths...)
	}
	if len(w.natural) != len(w.columns) {
		w.natural = make([]int, len(w.columns))
	}
	for j, c := range w.columns {
		w.natural[j] = max(w.natural[j], layout.Width(sanitize.Line(c.Name))+2, 1)
	}
	for _, ws := range w.cellW {
		for j, cw := range ws {
			if j < len(w.natural) && cw > w.natural[j] {
				w.natural[j] = min(cw, maxColWidth)
			}
		}
	}
	for j := range w.natural {
		w.natural[j] = min(w.natural[j], maxColWidth)
	}
	w.cursor = max(0, min(w.cursor, len(w.rows)-1))
	w.col = max(0, min(w.col, len(w.columns)-1))
	w.scroll()
}

// rowsBefore is the number of window rows in the pages before page i.
func (w *rowWindow) rowsBefore(i int) int {
	n := 0
	for _, p := range w.pages[:i] {
		n += len(p.cells)
	}
	return n
}

func (w *rowWindow) scroll() {
	rh := w.rowsHeight()
	w.top = keepVisible(w.top, w.cursor, rh)
	w.top = max(0, min(w.top, len(w.rows)-rh))
	w.scrollCols()
}

// scrollCols keeps the current column visible.
func (w *rowWindow) scrollCols() {
	if w.col < w.colOff {
		w.colOff = w.col
	}
	avail := w.ww - 2
	for w.colOff < w.col {
		used := 0
		for j := w.colOff; j <= w.col; j++ {
			used += w.natural[j]
			if j > w.colOff {
				used += colSepWidth
			}
		}
		if used <= avail {
			break
		}
		w.colOff++
	}
}

// moveCol moves the column cursor.
func (w *rowWindow) moveCol(d int) {
	w.col = max(0, min(len(w.columns)-1, w.col+d))
	w.scrollCols()
}

// current returns the row under the cursor.
func (w *rowWindow) current() (store.Row, bool) {
	if w.cursor < 0 || w.cursor >= len(w.rows) {
		return nil, false
	}
	return w.rows[w.cursor], true
}

// lines renders the header, the rule and the visible rows; empty is what
// to say when there is no row. The caller adds its footer.
func (w *rowWindow) lines(sortCol string, sortDesc bool, empty string) []string {
	s := w.c.styles.Grid
	vis := w.visibleCols()
	lines := make([]string, 0, w.wh)
	lines = append(lines, w.headerLine(vis, sortCol, sortDesc), s.Sep.Render(strings.Repeat("─", w.ww)))
	rh := w.rowsHeight()
	sep := s.Sep.Render(colSep)
	if len(w.rows) == 0 {
		lines = append(lines, w.c.styles.Muted.Render("  "+empty))
	}
	for i := w.top; i < len(w.rows) && i < w.top+rh; i++ {
		if mk := w.marks(i); mk != nil {
			lines = append(lines, w.markedLine(i, vis, mk))
			continue
		}
		if i == w.cursor {
			lines = append(lines, w.cursorLine(i, vis))
			continue
		}
		var sb strings.Builder
		sb.Grow(w.ww + 16)
		sb.WriteString("  ")
		for n, vc := range vis {
			if n > 0 {
				sb.WriteString(sep)
			}
			cell := layout.FitKnown(w.cells[i][vc.j], w.cellW[i][vc.j], vc.w, w.numeric[vc.j])
			if w.rows[i][vc.j].Null {
				cell = s.Null.Render(cell)
			}
			sb.WriteString(cell)
		}
		lines = append(lines, sb.String())
	}
	for len(lines) < w.wh-1 {
		lines = append(lines, "")
	}
	return lines
}

// visCol is a visible column: its index and its width on screen.
type visCol struct{ j, w int }

func (w *rowWindow) visibleCols() []visCol {
	avail := w.ww - 2
	var vis []visCol
	used := 0
	for j := w.colOff; j < len(w.columns); j++ {
		cw := w.natural[j]
		if len(vis) > 0 {
			used += colSepWidth
		}
		if used+cw > avail {
			if rest := avail - used; rest >= 3 || len(vis) == 0 {
				vis = append(vis, visCol{j, max(rest, 1)})
			}
			break
		}
		vis = append(vis, visCol{j, cw})
		used += cw
	}
	return vis
}

func (w *rowWindow) headerLine(vis []visCol, sortCol string, sortDesc bool) string {
	s := w.c.styles.Grid
	var sb strings.Builder
	sb.WriteString("  ")
	for n, vc := range vis {
		if n > 0 {
			sb.WriteString(s.Sep.Render(colSep))
		}
		name := sanitize.Line(w.columns[vc.j].Name)
		if sortCol != "" && sortCol == w.columns[vc.j].Name {
			if sortDesc {
				name += " ↓"
			} else {
				name += " ↑"
			}
		}
		sb.WriteString(s.Header.Render(layout.FitKnown(name, layout.Width(name), vc.w, false)))
	}
	return sb.String()
}

// cursorLine renders the row under the cursor: highlighted, with the current
// cell reversed. Cells are not styled one by one here, so the background
// runs through.
func (w *rowWindow) cursorLine(i int, vis []visCol) string {
	s := w.c.styles.Grid
	var before, cur, after strings.Builder
	before.WriteString("▶ ")
	dst := &before
	for n, vc := range vis {
		if n > 0 {
			dst.WriteString(colSep)
		}
		cell := layout.FitKnown(w.cells[i][vc.j], w.cellW[i][vc.j], vc.w, w.numeric[vc.j])
		if vc.j == w.col {
			cur.WriteString(cell)
			dst = &after
			continue
		}
		dst.WriteString(cell)
	}
	rest := w.ww - layout.Width(before.String()) - layout.Width(cur.String()) - layout.Width(after.String())
	after.WriteString(layout.Spaces(rest))
	return s.CursorRow.Render(before.String()) + s.Cell.Render(cur.String()) + s.CursorRow.Render(after.String())
}
