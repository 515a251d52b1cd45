package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// recordView shows one row vertically: every column with its full value.
type recordView struct {
	viewBase
	c     *common
	table string
	cols  []store.Column
	row   store.Row

	cursor int // field under the cursor
	top    int // first visible line

	// layout, rebuilt by SetSize
	nameW  int
	lines  []string // value part of each line
	owner  []int    // field of each line
	starts []int    // first line of each field
}

func newRecordView(c *common, table string, cols []store.Column, row store.Row) *recordView {
	r := &recordView{c: c, table: table, cols: cols, row: row}
	r.viewBase = newBase(c, sanitize(table)+" "+rowLabel(c.infos[table], cols, row))
	return r
}

func (r *recordView) kind() viewKind { return viewRecord }

// Reload re-renders; the row itself was read by the grid.
func (r *recordView) Reload(*Model) tea.Cmd {
	r.stale = false
	return nil
}

// SetSize sets the body size and lays the fields out.
func (r *recordView) SetSize(w, h int) {
	r.w, r.h = w, h
	r.layout()
	r.scroll()
}

func (r *recordView) marker(i int) string {
	info := r.c.infos[r.table]
	if info == nil {
		return ""
	}
	name := r.cols[i].Name
	var marks []string
	for _, pk := range info.PrimaryKey {
		if pk == name {
			marks = append(marks, "PK")
		}
	}
	for _, fk := range info.Outgoing {
		for _, c := range fk.Columns {
			if c == name {
				marks = append(marks, "→"+sanitize(fk.RefTable))
			}
		}
	}
	return strings.Join(marks, " ")
}

func (r *recordView) layout() {
	names := make([]string, len(r.cols))
	r.nameW = 0
	for i, c := range r.cols {
		names[i] = sanitize(c.Name)
		if mk := r.marker(i); mk != "" {
			names[i] += " " + mk
		}
		r.nameW = max(r.nameW, ansiWidth(names[i]))
	}
	r.nameW = min(r.nameW, max(r.w/3, 8))
	vw := max(r.w-r.nameW-4-2, 8)
	r.lines, r.owner, r.starts = r.lines[:0], r.owner[:0], r.starts[:0]
	for i, c := range r.cols {
		var v store.Value
		if i < len(r.row) {
			v = r.row[i]
		}
		r.starts = append(r.starts, len(r.lines))
		for n, l := range wrapLines(recordText(v, c), vw) {
			name := ""
			if n == 0 {
				name = names[i]
			}
			r.lines = append(r.lines, fit(name, r.nameW)+"  "+l)
			r.owner = append(r.owner, i)
		}
	}
}

func (r *recordView) scroll() {
	if len(r.starts) == 0 {
		return
	}
	r.cursor = max(0, min(r.cursor, len(r.cols)-1))
	first := r.starts[r.cursor]
	last := len(r.lines) - 1
	if r.cursor+1 < len(r.starts) {
		last = r.starts[r.cursor+1] - 1
	}
	if last >= r.top+r.h {
		r.top = last - r.h + 1
	}
	if first < r.top || last-first >= r.h {
		r.top = first
	}
	r.top = max(0, min(r.top, len(r.lines)-r.h))
}

// HandleKey moves between fields, copies and opens relations.
func (r *recordView) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		r.cursor--
	case key.Matches(msg, k.Nav.Down):
		r.cursor++
	case key.Matches(msg, k.Nav.PageUp):
		r.cursor -= max(r.h/2, 1)
	case key.Matches(msg, k.Nav.PageDown):
		r.cursor += max(r.h/2, 1)
	case key.Matches(msg, k.Nav.Top):
		r.cursor = 0
	case key.Matches(msg, k.Nav.Bottom):
		r.cursor = len(r.cols) - 1
	case key.Matches(msg, k.Data.Copy):
		if r.cursor < len(r.row) {
			return m.copyValue(r.cols[r.cursor], r.row[r.cursor])
		}
	case key.Matches(msg, k.Nav.Open), key.Matches(msg, k.Data.Relations):
		return m.openRelations(r.table, r.cols, r.row)
	}
	r.scroll()
	return nil
}

// View renders the visible fields.
func (r *recordView) View(m *Model) []string {
	s := r.c.styles.Record
	out := make([]string, 0, r.h)
	for i := r.top; i < len(r.lines) && i < r.top+r.h; i++ {
		line := r.lines[i]
		f := r.owner[i]
		if f == r.cursor {
			gutter := "  "
			if i == r.starts[f] {
				gutter = "▶ "
			}
			out = append(out, s.Cursor.Render(fit(gutter+line, r.w)))
			continue
		}
		name, val := splitAt(line, r.nameW)
		if f < len(r.row) && (r.row[f].Null || (len(r.row[f].Bytes) == 0 && !r.cols[f].Binary)) {
			val = s.Marker.Render(val)
		}
		out = append(out, "  "+s.Name.Render(name)+val)
	}
	return out
}

// splitAt splits a plain line after w columns (the name column).
func splitAt(line string, w int) (string, string) {
	head := truncateExact(line, w)
	return head, line[len(head):]
}

// truncateExact returns the longest prefix of a plain string at most w
// columns wide, without an ellipsis.
func truncateExact(s string, w int) string {
	n := 0
	for i, r := range s {
		rw := ansiWidth(string(r))
		if n+rw > w {
			return s[:i]
		}
		n += rw
	}
	return s
}

// rowLabel names a row in a breadcrumb: its primary key, or its first
// column.
func rowLabel(info *store.TableInfo, cols []store.Column, row store.Row) string {
	var keys []string
	if info != nil {
		keys = info.PrimaryKey
	}
	if len(keys) == 0 && len(cols) > 0 {
		keys = []string{cols[0].Name}
	}
	var parts []string
	for _, k := range keys {
		for i, c := range cols {
			if c.Name == k && i < len(row) {
				parts = append(parts, sanitize(k)+"="+truncate(cellText(row[i], c), 16))
			}
		}
	}
	return strings.Join(parts, ",")
}
