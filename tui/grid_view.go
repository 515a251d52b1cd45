package tui

import (
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// View renders header, rule, rows and footer.
func (g *grid) View(m *Model) []string {
	switch {
	case !g.loaded && g.err != nil:
		return errorLines(m, g.err, g.w)
	case !g.loaded:
		return loadingLines(m, "rows of "+sanitize(g.table))
	}
	s := g.c.styles.Grid
	vis := g.visibleCols()
	lines := make([]string, 0, g.h)
	lines = append(lines, g.headerLine(vis), s.Sep.Render(strings.Repeat("─", g.w)))
	rh := g.rowsHeight()
	sep := s.Sep.Render(colSep)
	if len(g.rows) == 0 {
		msg := "  (no rows)"
		if len(g.filters) > 0 {
			msg = "  (no rows match)"
		}
		lines = append(lines, g.c.styles.Muted.Render(msg))
	}
	for i := g.top; i < len(g.rows) && i < g.top+rh; i++ {
		if i == g.cursor {
			lines = append(lines, g.cursorLine(i, vis))
			continue
		}
		var sb strings.Builder
		sb.Grow(g.w + 16)
		sb.WriteString("  ")
		for n, vc := range vis {
			if n > 0 {
				sb.WriteString(sep)
			}
			cell := fitKnown(g.cells[i][vc.j], g.cellW[i][vc.j], vc.w, g.numeric[vc.j])
			if g.rows[i][vc.j].Null {
				cell = s.Null.Render(cell)
			}
			sb.WriteString(cell)
		}
		lines = append(lines, sb.String())
	}
	for len(lines) < g.h-1 {
		lines = append(lines, "")
	}
	return append(lines, g.footer(m))
}

// visCol is a visible column: its index and its width on screen.
type visCol struct{ j, w int }

func (g *grid) visibleCols() []visCol {
	avail := g.w - 2
	var vis []visCol
	used := 0
	for j := g.colOff; j < len(g.columns); j++ {
		w := g.natural[j]
		if len(vis) > 0 {
			used += colSepWidth
		}
		if used+w > avail {
			if rest := avail - used; rest >= 3 || len(vis) == 0 {
				vis = append(vis, visCol{j, max(rest, 1)})
			}
			break
		}
		vis = append(vis, visCol{j, w})
		used += w
	}
	return vis
}

func (g *grid) headerLine(vis []visCol) string {
	s := g.c.styles.Grid
	var sb strings.Builder
	sb.WriteString("  ")
	for n, vc := range vis {
		if n > 0 {
			sb.WriteString(s.Sep.Render(colSep))
		}
		name := sanitize(g.columns[vc.j].Name)
		if g.sort != nil && g.sort.Column == g.columns[vc.j].Name {
			if g.sort.Desc {
				name += " ↓"
			} else {
				name += " ↑"
			}
		}
		sb.WriteString(s.Header.Render(fitKnown(name, ansiWidth(name), vc.w, false)))
	}
	return sb.String()
}

// cursorLine renders the row under the cursor: highlighted, with the current
// cell reversed. Cells are not styled one by one here, so the background
// runs through.
func (g *grid) cursorLine(i int, vis []visCol) string {
	s := g.c.styles.Grid
	var before, cur, after strings.Builder
	before.WriteString("▶ ")
	dst := &before
	for n, vc := range vis {
		if n > 0 {
			dst.WriteString(colSep)
		}
		cell := fitKnown(g.cells[i][vc.j], g.cellW[i][vc.j], vc.w, g.numeric[vc.j])
		if vc.j == g.col {
			cur.WriteString(cell)
			dst = &after
			continue
		}
		dst.WriteString(cell)
	}
	rest := g.w - ansiWidth(before.String()) - ansiWidth(cur.String()) - ansiWidth(after.String())
	after.WriteString(spaces(rest))
	return s.CursorRow.Render(before.String()) + s.Cell.Render(cur.String()) + s.CursorRow.Render(after.String())
}

// footer says where the cursor is, the sort, the filters and the state.
func (g *grid) footer(m *Model) string {
	s := g.c.styles
	var parts []string
	pos := "row ?"
	if len(g.rows) == 0 {
		pos = "no rows"
	} else if g.originKnown {
		pos = "row " + groupDigits(g.origin+int64(g.cursor)+1)
	}
	if n, ok := g.total(); ok {
		pos += " of " + groupDigits(n)
	} else if t, ok := m.tables.table(g.table); ok && len(g.filters) == 0 {
		if t.Exact {
			pos += " of " + groupDigits(t.Rows)
		} else {
			pos += " of ~" + groupDigits(t.Rows)
		}
	}
	parts = append(parts, pos)
	if len(g.columns) > 0 {
		parts = append(parts, "col "+groupDigits(int64(g.col+1))+"/"+groupDigits(int64(len(g.columns))))
	}
	if g.sort != nil {
		dir := "↑"
		if g.sort.Desc {
			dir = "↓"
		}
		parts = append(parts, "sort "+sanitize(g.sort.Column)+" "+dir)
	}
	if len(g.filters) > 0 {
		fs := make([]string, len(g.filters))
		for i, f := range g.filters {
			fs[i] = filterText(f)
		}
		parts = append(parts, "where "+strings.Join(fs, " and "))
	}
	if len(g.pages) > 0 && !g.pages[0].page.Keyset {
		// Say so: OFFSET pages get slower with depth and shift when rows
		// are inserted or deleted meanwhile.
		parts = append(parts, "no key: offset paging")
	}
	line := s.Grid.Footer.Render(" " + strings.Join(parts, " · "))
	switch {
	case g.loading:
		line += " " + m.spinner.View()
	case g.err != nil:
		line += " " + s.Error.Render("✖ "+sanitize(g.err.Error()))
	}
	return truncate(line, g.w)
}

// filterText shows a filter as the user would write it.
func filterText(f store.Filter) string {
	switch f.Op {
	case store.OpIsNull, store.OpNotNull:
		return sanitize(f.Column) + " " + string(f.Op)
	}
	return sanitize(f.Column) + " " + string(f.Op) + " '" + sanitize(f.Value) + "'"
}
