package tui

import (
	"strings"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// View renders header, rule, rows and footer.
func (g *grid) View() []string {
	switch {
	case !g.loaded && g.err != nil:
		return errorLines(g.c, g.err, g.w)
	case !g.loaded:
		return loadingLines(g.c, "rows of "+sanitize.Line(g.table))
	}
	sortCol, desc := "", false
	if g.sort != nil {
		sortCol, desc = g.sort.Column, g.sort.Desc
	}
	empty := "(no rows)"
	if len(g.filters) > 0 {
		empty = "(no rows match)"
	}
	band := g.insertBand()
	if len(band) != g.bandH {
		g.bandH = len(band)
		g.resize(g.w, g.h-g.bandH)
	}
	lines := g.lines(sortCol, desc, empty)
	if len(band) > 0 {
		lines = append(lines[:2:2], append(band, lines[2:]...)...)
	}
	return append(lines, g.footer())
}

// position says where the cursor is: "row 12 of 640,000", "row 12 of
// ~639,800", "row 3 of 12 (filtered)", or, when the window's place in the
// table is not known (a jump to the end of a big table), how to learn it.
func (g *grid) position() string {
	if len(g.rows) == 0 {
		if len(g.filters) > 0 {
			return "no rows match"
		}
		return "no rows"
	}
	total, exact := g.total()
	filtered := ""
	if len(g.filters) > 0 && exact {
		filtered = " (filtered)"
	}
	pos := ""
	switch {
	case g.originKnown:
		pos = "row " + humanize.Thousands(g.origin+int64(g.cursor)+1)
	case g.atEnd() && !exact:
		pos = "near the end (" + keyName(g.c.keys.Data.Count) + " counts)"
	default:
		pos = "row unknown (" + keyName(g.c.keys.Data.Count) + " counts)"
	}
	switch t, ok := g.c.catalog.table(g.table); {
	case exact:
		return pos + " of " + humanize.Thousands(total) + filtered
	case ok && len(g.filters) == 0:
		return pos + " of ~" + humanize.Thousands(t.Rows)
	}
	return pos + filtered
}

// footer says where the cursor is, the sort, the filters and the state.
func (g *grid) footer() string {
	s := g.c.styles
	parts := []string{g.position()}
	if len(g.columns) > 0 {
		parts = append(parts, "col "+humanize.Thousands(int64(g.col+1))+"/"+humanize.Thousands(int64(len(g.columns))))
	}
	if g.sort != nil {
		dir := "↑"
		if g.sort.Desc {
			dir = "↓"
		}
		parts = append(parts, "sort "+sanitize.Line(g.sort.Column)+" "+dir)
	}
	if len(g.filters) > 0 {
		fs := make([]string, len(g.filters))
		for i, f := range g.filters {
			fs[i] = filterText(g.info, f)
		}
		parts = append(parts, "where "+strings.Join(fs, " and "))
	}
	if p := pendingText(g.c); p != "" {
		parts = append(parts, p)
	}
	if len(g.pages) > 0 && !g.pages[0].page.Keyset {
		// Say so: OFFSET pages get slower with depth and shift when rows
		// are inserted or deleted meanwhile.
		parts = append(parts, "no key: offset paging")
	}
	line := s.Grid.Footer.Render(" " + strings.Join(parts, " · "))
	switch {
	case g.busy():
		line += " " + g.c.spin
	case g.err != nil:
		line += " " + s.Error.Render("✖ "+sanitize.Line(g.err.Error()))
	}
	return layout.Truncate(line, g.w)
}

// filterText shows a filter as the user would write it: numbers bare,
// text quoted.
func filterText(info *store.TableInfo, f store.Filter) string {
	name := sanitize.Line(f.Column)
	switch f.Op {
	case store.OpIsNull, store.OpNotNull:
		return name + " " + string(f.Op)
	}
	value := "'" + sanitize.Line(f.Value) + "'"
	if info != nil {
		if c := info.Column(f.Column); c != nil && numericColumn(c) {
			value = sanitize.Line(f.Value)
		}
	}
	return name + " " + string(f.Op) + " " + value
}

// matchText is "640,000 rows", or "12 matching rows" under a filter.
func matchText(n int64, filtered bool) string {
	if filtered {
		return humanize.PluralOf(n, "matching row", "matching rows")
	}
	return humanize.Plural(n, "row")
}
