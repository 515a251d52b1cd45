package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/demobots/demobots-tui/internal/humanize"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/cellfmt"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// recordFieldLines is the most lines a field takes in the record view;
// the value viewer (v) shows the rest.
const recordFieldLines = 40

// recordView shows one row vertically: every column with its full value.
// It shows a row a grid already read, or reads one by its key itself
// (newRecordByKey).
type recordView struct {
	viewBase
	c     *common
	table string
	cols  []store.Column
	row   store.Row

	// byKey, when set, is the query that reads the row; relations opens
	// the relations menu once it is read.
	byKey     *store.RowQuery
	relations bool

	cursor int // field under the cursor
	top    int // first visible line

	// layout, rebuilt by SetSize
	nameW  int
	lines  []string // value part of each line
	owner  []int    // field of each line
	starts []int    // first line of each field
	// markedLayout: the layout shows staged values, so it is redone
	// when they change.
	markedLayout bool
}

func newRecordView(c *common, table string, cols []store.Column, row store.Row) *recordView {
	r := &recordView{c: c, table: table, cols: cols, row: row}
	r.viewBase = newBase(c, sanitize.Line(table)+" "+rowLabel(c.catalog.info(table), cols, row))
	return r
}

// newRecordByKey shows the row of table that filters select (its key
// columns), reading it first; with relations it then opens the relations
// menu.
func newRecordByKey(c *common, table string, filters []store.Filter, relations bool) *recordView {
	q := store.RowQuery{Table: table, Filters: filters, Limit: 1}
	label := make([]string, len(filters))
	for i, f := range filters {
		label[i] = sanitize.Line(f.Column) + "=" + layout.Truncate(sanitize.Line(f.Value), 16)
	}
	r := &recordView{c: c, table: table, byKey: &q, relations: relations}
	r.viewBase = newBase(c, sanitize.Line(table)+" "+strings.Join(label, ","))
	return r
}

// Title names the view.
func (r *recordView) Title() string { return "Record" }

// Table is the row's table.
func (r *recordView) Table() string { return r.table }

// Reload reads the row again when the view reads it by key; a row a grid
// read stays as it was read.
func (r *recordView) Reload() tea.Cmd {
	if r.byKey == nil {
		r.stale = false
		return nil
	}
	return loadRows(r.c, r.id, r.begin(r.c), fetchFirst, r.c.catalog.info(r.table), *r.byKey, 1)
}

// SetSize sets the body size and lays the fields out.
func (r *recordView) SetSize(w, h int) {
	r.w, r.h = w, h
	r.layout()
	r.scroll()
}

func (r *recordView) marker(i int) string {
	info := r.c.catalog.info(r.table)
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
				marks = append(marks, "→"+sanitize.Line(fk.RefTable))
			}
		}
	}
	return strings.Join(marks, " ")
}

func (r *recordView) layout() {
	names := make([]string, len(r.cols))
	r.nameW = 0
	for i, c := range r.cols {
		names[i] = sanitize.Line(c.Name)
		if mk := r.marker(i); mk != "" {
			names[i] += " " + mk
		}
		r.nameW = max(r.nameW, layout.Width(names[i]))
	}
	r.nameW = min(r.nameW, max(r.w/3, 8))
	vw := max(r.w-r.nameW-4-2, 8)
	r.lines, r.owner, r.starts = r.lines[:0], r.owner[:0], r.starts[:0]
	marks := r.marks()
	r.markedLayout = marks.any()
	for i, c := range r.cols {
		var v store.Value
		if i < len(r.row) {
			v = r.row[i]
		}
		r.starts = append(r.starts, len(r.lines))
		text := cellfmt.Record(v, c)
		if e, ok := marks.edit(c.Name); ok {
			text = stagedRecord(e, c, text)
		}
		wrapped := layout.Wrap(text, vw)
		if len(wrapped) > recordFieldLines {
			more := len(wrapped) - recordFieldLines + 1
			wrapped = append(wrapped[:recordFieldLines-1], cellfmt.Ellipsis+" "+humanize.Plural(int64(more), "more line")+": "+keyName(r.c.keys.Data.View)+" shows the whole value")
		} else if v.Truncated {
			wrapped[len(wrapped)-1] += ": " + keyName(r.c.keys.Data.View) + " shows it whole"
		}
		for n, l := range wrapped {
			name := ""
			if n == 0 {
				name = names[i]
			}
			r.lines = append(r.lines, layout.Fit(name, r.nameW)+"  "+l)
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

// Update takes the row read by key and opens the relations menu when it
// arrives.
func (r *recordView) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case relationsLoadedMsg:
		return r.relationsArrived(r.c, msg)
	case rowsLoadedMsg:
		if !r.accept(msg.seq, msg.err) {
			return nil, nil
		}
		r.c.catalog.put(r.table, msg.info, msg.gen)
		if msg.err != nil {
			return failure{err: msg.err}, nil
		}
		if len(msg.pages) == 0 || len(msg.pages[0].page.Rows) == 0 {
			r.err = fmt.Errorf("the row of %s is gone: it was deleted or its key changed", r.table)
			return failure{err: r.err}, nil
		}
		p := msg.pages[0].page
		r.cols, r.row = p.Columns, p.Rows[0]
		r.layout()
		r.scroll()
		if r.relations {
			r.relations = false
			return success{}, r.loadRelations(r.c, r.table, r.c.catalog.info(r.table), r.cols, r.row)
		}
		return success{}, nil
	}
	return nil, nil
}

// HandleKey moves between fields, copies and opens relations.
func (r *recordView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := r.c.keys
	if r.row != nil {
		if it, cmd, ok := handleEditKey(r.c, msg, r.editTarget(), k.Edit.EditField); ok {
			return it, cmd
		}
	}
	switch {
	case moveInList(&r.cursor, &k.Nav, msg, max(r.h/2, 1), len(r.cols)):
	case key.Matches(msg, k.Data.Copy), key.Matches(msg, k.Data.CopyRaw):
		if r.cursor < len(r.row) {
			return copyCell(r.c, r.table, r.c.catalog.info(r.table), r.cols, r.row, r.cursor, key.Matches(msg, k.Data.CopyRaw))
		}
		return nil, nil
	case key.Matches(msg, k.Data.View):
		if r.cursor < len(r.row) {
			return pushView{v: newValueView(r.c, r.table, r.c.catalog.info(r.table), r.cols, r.row, r.cursor)}, nil
		}
		return nil, nil
	case key.Matches(msg, k.Data.Relations):
		if r.row == nil {
			return nil, nil
		}
		return nil, r.loadRelations(r.c, r.table, r.c.catalog.info(r.table), r.cols, r.row)
	default:
		return ignored, nil
	}
	r.scroll()
	return nil, nil
}

// Keys enables what applies to a record.
func (r *recordView) Keys(ctx *keyContext) {
	has := r.row != nil
	ctx.canMove, ctx.canCopy, ctx.canRelate, ctx.canOpen = has, has, has, has
	editContext(r.c, ctx, r.c.catalog.info(r.table), has)
}

// ShortHelp is the record's one-line help.
func (r *recordView) ShortHelp(k *KeyMap) []key.Binding {
	// The key map's description says where relations went; here the
	// line has no room for it.
	edit := k.Edit.EditField
	edit.SetHelp(edit.Help().Key, "edit field")
	return []key.Binding{k.Nav.Up, k.Nav.Down, edit, k.Data.Relations, k.Edit.Review, k.Data.View, k.Data.Copy, k.Nav.Back, k.Global.Help, k.Global.Quit}
}

// View renders the visible fields.
func (r *recordView) View() []string {
	switch {
	case r.row == nil && r.err != nil:
		return errorLines(r.c, r.err, r.w)
	case r.row == nil:
		return loadingLines(r.c, "the row")
	}
	s := r.c.styles.Record
	out := make([]string, 0, r.h)
	marks := r.marks()
	if marks.any() || r.markedLayout {
		r.layout() // staged values show in the layout, and they change
		r.scroll()
	}
	for i := r.top; i < len(r.lines) && i < r.top+r.h; i++ {
		line := r.lines[i]
		f := r.owner[i]
		if styled, ok := r.markedLine(marks, line, f, i); ok {
			out = append(out, styled)
			continue
		}
		if f == r.cursor {
			gutter := "  "
			if i == r.starts[f] {
				gutter = "▶ "
			}
			out = append(out, s.Cursor.Render(layout.Fit(gutter+line, r.w)))
			continue
		}
		name := layout.Prefix(line, r.nameW)
		val := line[len(name):]
		if f < len(r.row) && (r.row[f].Null || (len(r.row[f].Bytes) == 0 && !r.cols[f].Binary)) {
			val = s.Marker.Render(val)
		}
		out = append(out, "  "+s.Name.Render(name)+val)
	}
	return out
}
