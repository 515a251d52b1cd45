package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// loadRelations starts counting the relations of a row for the view; the
// menu opens when they arrive (relationsArrived).
func (b *viewBase) loadRelations(c *common, table string, info *store.TableInfo, cols []store.Column, row store.Row) tea.Cmd {
	b.relSeq = c.nextID()
	return loadRelations(c, b.id, b.relSeq, table, info, cols, row)
}

// relationsArrived opens the relations menu of the request the view waits
// for.
func (b *viewBase) relationsArrived(c *common, msg relationsLoadedMsg) (Intent, tea.Cmd) {
	if msg.seq != b.relSeq {
		return nil, nil
	}
	b.relSeq = 0
	c.catalog.put(msg.table, msg.info, msg.gen)
	if msg.err != nil {
		return failure{err: msg.err}, nil
	}
	var it Intent = intents{openDialog{d: newRelationsDialog(c, msg)}, success{}}
	if msg.countErr != nil {
		it = both(it, notice{level: levelWarn, text: "count related rows of " + msg.table + ": " + msg.countErr.Error()})
	}
	return it, nil
}

// relationsDialog is the menu of a row's relations with their row counts.
type relationsDialog struct {
	dialogBase
	c      *common
	title  string
	cols   []store.Column
	row    store.Row
	rels   []store.RelationCount
	cursor int
}

func newRelationsDialog(c *common, msg relationsLoadedMsg) *relationsDialog {
	return &relationsDialog{
		dialogBase: newDialogBase(c), c: c,
		title: "Relations of " + sanitize.Line(msg.table) + " " + rowLabel(msg.info, msg.cols, msg.row),
		cols:  msg.cols, row: msg.row, rels: msg.rels,
	}
}

// HandleKey moves in the menu; Enter follows a relation.
func (r *relationsDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := r.c.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		r.cursor = max(r.cursor-1, 0)
	case key.Matches(msg, k.Nav.Down):
		r.cursor = min(r.cursor+1, len(r.rels)-1)
	case key.Matches(msg, k.Nav.Top):
		r.cursor = 0
	case key.Matches(msg, k.Nav.Bottom):
		r.cursor = len(r.rels) - 1
	case key.Matches(msg, k.Nav.Back), key.Matches(msg, k.Global.Quit):
		return closeDialog{}, nil
	case key.Matches(msg, k.Nav.Open):
		if r.cursor < 0 || r.cursor >= len(r.rels) {
			return closeDialog{}, nil
		}
		q := store.RelationQuery(r.rels[r.cursor], r.cols, r.row)
		fs := make([]string, len(q.Filters))
		for i, f := range q.Filters {
			fs[i] = sanitize.Line(f.Column) + "=" + layout.Truncate(sanitize.Line(f.Value), 16)
		}
		return intents{closeDialog{}, pushView{v: newGrid(r.c, q.Table, q.Filters, sanitize.Line(q.Table)+" "+strings.Join(fs, ","))}}, nil
	}
	return nil, nil
}

// ShortHelp is the menu's one-line help.
func (r *relationsDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Nav.Back}
}

// relationLabel describes a relation: "→ users via user_id" for a parent,
// "← sessions.user_id" for children.
func relationLabel(rel store.RelationCount) string {
	if rel.Incoming {
		return "← " + sanitize.Line(rel.FK.Table) + "." + sanitize.Line(strings.Join(rel.FK.Columns, ","))
	}
	return "→ " + sanitize.Line(rel.FK.RefTable) + " via " + sanitize.Line(strings.Join(rel.FK.Columns, ","))
}

// View renders the menu.
func (r *relationsDialog) View(w, _ int) []string {
	s := r.c.styles
	k := r.c.keys
	var lines []string
	if len(r.rels) == 0 {
		lines = append(lines, s.Modal.Muted.Render("No foreign key leads to or from this row."))
	}
	labelW := 0
	for _, rel := range r.rels {
		labelW = max(labelW, layout.Width(relationLabel(rel)))
	}
	labelW = min(labelW, w-20)
	for i, rel := range r.rels {
		count := humanize.Plural(rel.Rows, "row")
		if rel.Rows < 0 {
			count = "? rows"
		}
		line := layout.Fit(relationLabel(rel), labelW) + "  " + layout.FitKnown(count, layout.Width(count), 12, true)
		if i == r.cursor {
			line = s.Modal.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	lines = append(lines, "", s.Modal.Muted.Render(hints(k.Nav.Open, k.Nav.Back)))
	return layout.Dialog(r.title, lines, w, s.Pane.BorderActive, s.Modal.Title)
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
				parts = append(parts, sanitize.Line(k)+"="+layout.Truncate(cellText(row[i], c), 16))
			}
		}
	}
	return strings.Join(parts, ",")
}
