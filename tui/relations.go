package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// relationsModal is the menu of a row's relations with their row counts.
type relationsModal struct {
	title  string
	cols   []store.Column
	row    store.Row
	rels   []store.RelationCount
	cursor int
}

func newRelationsModal(msg relationsLoadedMsg) *relationsModal {
	return &relationsModal{
		title: "Relations of " + sanitize(msg.table) + " " + rowLabel(msg.info, msg.cols, msg.row),
		cols:  msg.cols, row: msg.row, rels: msg.rels,
	}
}

// HandleKey moves in the menu; Enter follows a relation.
func (r *relationsModal) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
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
		m.modal = nil
	case key.Matches(msg, k.Nav.Open):
		if r.cursor < 0 || r.cursor >= len(r.rels) {
			m.modal = nil
			return nil
		}
		rel := r.rels[r.cursor]
		m.modal = nil
		q := store.RelationQuery(rel, r.cols, r.row)
		fs := make([]string, len(q.Filters))
		for i, f := range q.Filters {
			fs[i] = sanitize(f.Column) + "=" + truncate(sanitize(f.Value), 16)
		}
		return m.push(newGrid(m.c, q.Table, q.Filters, sanitize(q.Table)+" "+strings.Join(fs, ",")))
	}
	return nil
}

// relationLabel describes a relation: "→ users via user_id" for a parent,
// "← sessions.user_id" for children.
func relationLabel(rel store.RelationCount) string {
	if rel.Incoming {
		return "← " + sanitize(rel.FK.Table) + "." + sanitize(strings.Join(rel.FK.Columns, ","))
	}
	return "→ " + sanitize(rel.FK.RefTable) + " via " + sanitize(strings.Join(rel.FK.Columns, ","))
}

// View renders the menu.
func (r *relationsModal) View(m *Model, w, h int) []string {
	s := m.c.styles
	lines := []string{}
	if len(r.rels) == 0 {
		lines = append(lines, s.Modal.Muted.Render("No foreign key leads to or from this row."))
	}
	labelW := 0
	for _, rel := range r.rels {
		labelW = max(labelW, ansiWidth(relationLabel(rel)))
	}
	labelW = min(labelW, w-20)
	for i, rel := range r.rels {
		count := plural(rel.Rows, "row")
		if rel.Rows < 0 {
			count = "? rows"
		}
		line := fit(relationLabel(rel), labelW) + "  " + fitKnown(count, ansiWidth(count), 12, true)
		if i == r.cursor {
			line = s.Modal.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	lines = append(lines, "", s.Modal.Muted.Render("enter open · esc close"))
	return modalBox(s, r.title, lines, w)
}
