package tui

import (
	"strings"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/cellfmt"
	"github.com/demobots/demobots-tui/tui/internal/layout"
)

// How pending changes show: a changed cell shows its new value,
// highlighted, in a row marked ~; a row staged for deletion is struck
// through and marked -; new rows are listed above the table's rows,
// marked +. The marks are text as well as style, so they show on any
// terminal.

// rowMarks are the pending changes of one row of a window.
type rowMarks struct {
	deleted bool
	cells   map[int]string // new cell text by column index
}

// stagedMarks returns the marks of a row of table (nil when it has no
// pending change), its values in the order of cols.
func stagedMarks(c *common, table string, info *store.TableInfo, cols []store.Column, row store.Row) *rowMarks {
	if info == nil || c.edits.countTable(table) == 0 {
		return nil
	}
	r := c.edits.find(table, rowKey(info, cols, row))
	if r == nil || r.kind == store.ChangeInsert {
		return nil
	}
	mk := &rowMarks{deleted: r.kind == store.ChangeDelete, cells: map[int]string{}}
	for _, e := range r.edits {
		for j, col := range cols {
			if col.Name == e.Column {
				mk.cells[j] = stagedCell(e, col)
			}
		}
	}
	return mk
}

// stagedCell is a new value as a grid cell.
func stagedCell(e store.Edit, col store.Column) string {
	switch {
	case e.Default:
		return "DEFAULT"
	case e.Value.Null:
		return cellfmt.NullCell
	}
	return cellfmt.Cell(e.Value, col)
}

// marks returns the pending changes of window row i, or nil.
func (w *rowWindow) marks(i int) *rowMarks {
	if w.staged == nil {
		return nil
	}
	return w.staged(w.rows[i])
}

// markedLine draws a row with pending changes; the row under the cursor
// keeps its highlight and reversed cell.
func (w *rowWindow) markedLine(i int, vis []visCol, mk *rowMarks) string {
	s := w.c.styles
	cursor := i == w.cursor
	base := s.Edit.Row
	gutter := "~ "
	if mk.deleted {
		base, gutter = s.Edit.Deleted, "- "
	}
	if cursor {
		base = s.Grid.CursorRow.Inherit(base)
		gutter = "▶" + gutter[:1]
	}
	var sb strings.Builder
	sb.WriteString(base.Render(gutter))
	for n, vc := range vis {
		if n > 0 {
			sb.WriteString(base.Render(colSep))
		}
		text, changed := mk.cells[vc.j]
		width := 0
		if changed {
			width = layout.Width(text)
		} else {
			text, width = w.cells[i][vc.j], w.cellW[i][vc.j]
		}
		cell := layout.FitKnown(text, width, vc.w, w.numeric[vc.j])
		st := base
		if changed {
			st = s.Edit.Changed.Inherit(base)
		}
		if cursor && vc.j == w.col {
			st = s.Grid.Cell.Inherit(st)
		}
		sb.WriteString(st.Render(cell))
	}
	line := sb.String()
	if rest := w.ww - layout.Width(line); rest > 0 {
		line += base.Render(layout.Spaces(rest))
	}
	return line
}

// insertBand draws the rows staged for insertion into the grid's table,
// at most a third of the body, with a line saying how many more there
// are.
func (g *grid) insertBand() []string {
	rows := g.c.edits.inserted(g.table)
	if len(rows) == 0 || len(g.columns) == 0 {
		return nil
	}
	s := g.c.styles
	room := max(g.h/3, 1)
	vis := g.visibleCols()
	var out []string
	for n, r := range rows {
		if n == room-1 && len(rows) > room {
			more := "+ " + humanize.Plural(int64(len(rows)-n), "more new row") + " (" + keyName(g.c.keys.Edit.Review) + " reviews them)"
			out = append(out, s.Edit.Inserted.Render(layout.Fit(more, g.w)))
			break
		}
		var sb strings.Builder
		sb.WriteString("+ ")
		for i, vc := range vis {
			if i > 0 {
				sb.WriteString(colSep)
			}
			col := g.columns[vc.j]
			text := "DEFAULT"
			if e, ok := r.editOf(col.Name); ok {
				text = stagedCell(e, col)
			} else if info := g.info; info != nil {
				if full := info.Column(col.Name); full != nil && (full.AutoIncrement() || full.Generated()) {
					text = "auto"
				}
			}
			sb.WriteString(layout.FitKnown(text, layout.Width(text), vc.w, g.numeric[vc.j]))
		}
		out = append(out, s.Edit.Inserted.Render(layout.Fit(sb.String(), g.w)))
	}
	return out
}

// pendingText is "3 pending changes (ctrl+s reviews)", or "".
func pendingText(c *common) string {
	n := c.edits.count()
	if n == 0 {
		return ""
	}
	return humanize.PluralOf(int64(n), "pending change", "pending changes") + " (" + keyName(c.keys.Edit.Review) + " reviews)"
}

// recordMarks are the pending changes of the row a record view shows.
type recordMarks struct {
	deleted bool
	edits   []store.Edit
}

func (m recordMarks) any() bool { return m.deleted || len(m.edits) > 0 }

// edit returns the pending edit of a column.
func (m recordMarks) edit(col string) (store.Edit, bool) {
	for _, e := range m.edits {
		if e.Column == col {
			return e, true
		}
	}
	return store.Edit{}, false
}

// marks returns the pending changes of the record's row.
func (r *recordView) marks() recordMarks {
	info := r.c.catalog.info(r.table)
	if info == nil || r.row == nil || r.c.edits.countTable(r.table) == 0 {
		return recordMarks{}
	}
	sr := r.c.edits.find(r.table, rowKey(info, r.cols, r.row))
	if sr == nil {
		return recordMarks{}
	}
	return recordMarks{deleted: sr.kind == store.ChangeDelete, edits: sr.edits}
}

// editTarget is the record's row and the field under the cursor.
func (r *recordView) editTarget() editTarget {
	return editTarget{table: r.table, info: r.c.catalog.info(r.table), cols: r.cols, row: r.row, col: r.cursor}
}

// stagedRecord is a field's new value in the record view, with the value
// it replaces.
func stagedRecord(e store.Edit, col store.Column, was string) string {
	now := "DEFAULT"
	switch {
	case e.Default:
	case e.Value.Null:
		now = cellfmt.NullRecord
	default:
		now = cellfmt.Record(e.Value, col)
	}
	first, _, more := strings.Cut(was, "\n")
	if more {
		first += " " + cellfmt.Ellipsis
	}
	return now + "\n(was " + first + ")"
}

// markedLine styles a line of a field with a pending change: a changed
// field, or every field of a row staged for deletion. ok is false for
// other lines.
func (r *recordView) markedLine(m recordMarks, line string, f, i int) (string, bool) {
	if !m.any() || f >= len(r.cols) {
		return "", false
	}
	s := r.c.styles
	st := s.Edit.Deleted
	gutter := "- "
	if !m.deleted {
		if _, ok := m.edit(r.cols[f].Name); !ok {
			return "", false
		}
		st, gutter = s.Edit.Changed, "~ "
	}
	if f == r.cursor {
		st = s.Record.Cursor.Inherit(st)
		if i == r.starts[f] {
			gutter = "▶" + gutter[:1]
		}
	} else if i != r.starts[f] {
		gutter = "  "
	}
	return st.Render(layout.Fit(gutter+line, r.w)), true
}
