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
	c       *common
	title   string
	cols    []store.Column
	row     store.Row
	rels    []store.RelationCount
	cursor  int
	orphans orphanCounts
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
	case key.Matches(msg, k.Data.Orphans):
		if r.cursor < 0 || r.cursor >= len(r.rels) || r.orphans.busy() {
			return nil, nil
		}
		fk := r.rels[r.cursor].FK
		if fk.Origin == store.OriginFK {
			return notice{level: levelInfo, text: "a FOREIGN KEY: the server refuses orphans"}, nil
		}
		return nil, r.orphans.start(r.c, r.id(), []store.ForeignKey{fk})
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

// Update takes the orphan count it asked for.
func (r *relationsDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	if m, ok := msg.(orphansCountedMsg); ok {
		it, _ := r.orphans.take(m)
		return it, nil
	}
	return nil, nil
}

// Busy reports whether orphans are being counted (the spinner turns).
func (r *relationsDialog) Busy() bool { return r.orphans.busy() }

// ShortHelp is the menu's one-line help; counting orphans is offered
// when a relation has no constraint.
func (r *relationsDialog) ShortHelp(k *KeyMap) []key.Binding {
	if r.unchecked() {
		return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Data.Orphans, k.Nav.Back}
	}
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Nav.Back}
}

// unchecked reports whether a relation of the menu has no constraint.
func (r *relationsDialog) unchecked() bool {
	for _, rel := range r.rels {
		if rel.FK.Origin != store.OriginFK {
			return true
		}
	}
	return false
}

// relationLabel describes a relation: "→ users via user_id" for a parent,
// "← sessions.user_id" for children. Where it comes from is shown beside
// it (originLabel).
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
		lines = append(lines, s.Modal.Muted.Render("No relation leads to or from this row: no foreign key, none declared, none inferred."))
	}
	labelW, orphanW := 0, 0
	for _, rel := range r.rels {
		labelW = max(labelW, layout.Width(relationLabel(rel)))
		orphanW = max(orphanW, layout.Width(r.orphans.label(rel.FK)))
	}
	labelW = min(labelW, max(w-34-orphanW, 12))
	for i, rel := range r.rels {
		count := humanize.Plural(rel.Rows, "row")
		if rel.Rows < 0 {
			count = "? rows"
		}
		line := layout.Fit(relationLabel(rel), labelW) + "  " + layout.FitKnown(count, layout.Width(count), 12, true) +
			"  " + rel.FK.Origin.String()
		if r.orphans.any() {
			line += layout.Spaces(len("declared")-len(rel.FK.Origin.String())) + "  " + layout.Fit(r.orphans.label(rel.FK), orphanW)
		}
		if i == r.cursor {
			line = s.Modal.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	help := []key.Binding{k.Nav.Open}
	if r.unchecked() {
		lines = append(lines, "", s.Modal.Muted.Render("declared and inferred: no constraint; "+keyName(k.Data.Orphans)+" counts rows without a parent"))
		help = append(help, k.Data.Orphans)
	}
	lines = append(lines, "", s.Modal.Muted.Render(hints(append(help, k.Nav.Back)...)))
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
