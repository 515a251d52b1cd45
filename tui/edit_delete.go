package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// deleteDialog shows what deleting a row would do before the delete is
// staged: every foreign key that references the row (and, through ON
// DELETE CASCADE, the rows it deletes), its rule and how many rows it
// touches. A RESTRICT or NO ACTION key with rows refuses the delete up
// front. Staging asks y, anything else keeps the row.
type deleteDialog struct {
	dialogBase
	c       *common
	t       editTarget
	label   string
	preview *store.DeletePreview // nil while it is read
}

func newDeleteDialog(c *common, t editTarget) (*deleteDialog, tea.Cmd) {
	d := &deleteDialog{dialogBase: newDialogBase(c), c: c, t: t, label: store.KeyLabel(t.info, t.cols, t.row)}
	return d, previewDelete(c, d.id(), t.info, t.cols, t.row)
}

// Busy is true while the preview is read.
func (d *deleteDialog) Busy() bool { return d.preview == nil }

// Update takes the preview.
func (d *deleteDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	m, ok := msg.(deletePreviewedMsg)
	if !ok {
		return nil, nil
	}
	if m.err != nil {
		return intents{closeDialog{}, failure{err: m.err}}, nil
	}
	d.preview = m.preview
	return nil, nil
}

// HandleKey stages the delete on y; anything else keeps the row.
func (d *deleteDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	if d.preview != nil && len(d.preview.Blocked()) == 0 && key.Matches(msg, d.c.keys.Form.Yes) {
		what := d.c.edits.remove(d.t.info, d.t.cols, d.t.row, d.preview)
		return intents{closeDialog{}, stagedNotice(d.c, what)}, nil
	}
	return intents{closeDialog{}, notice{level: levelInfo, text: "delete not staged: " + d.t.table + " " + d.label + " stays"}}, nil
}

// ShortHelp is the dialog's one-line help.
func (d *deleteDialog) ShortHelp(k *KeyMap) []key.Binding {
	if d.preview == nil || len(d.preview.Blocked()) > 0 {
		return []key.Binding{k.Form.Cancel}
	}
	return []key.Binding{k.Form.Yes, k.Form.Cancel}
}

// View draws the preview and the question.
func (d *deleteDialog) View(w, _ int) []string {
	s := d.c.styles
	inner := max(min(w-4, 100), 30)
	title := "Delete " + sanitize.Line(d.t.table) + " " + sanitize.Line(d.label)
	if d.preview == nil {
		lines := []string{d.c.spin + " looking for rows that reference it…", "", s.Modal.Muted.Render(hint(d.c.keys.Form.Cancel))}
		return layout.Dialog(title, lines, inner+4, s.Pane.BorderActive, s.Modal.Title)
	}
	lines := cascadeLines(d.c, d.preview, inner)
	if blocked := d.preview.Blocked(); len(blocked) > 0 {
		lines = append(lines, "")
		for _, b := range blocked {
			msg := fmt.Sprintf("refused: %s of %s reference it through %s (ON DELETE %s); delete or re-point them first",
				humanize.Plural(b.Rows, "row"), sanitize.Line(b.FK.Table), sanitize.Line(b.FK.Name), b.Rule)
			if b.Depth > 1 {
				msg = fmt.Sprintf("refused: %s of %s reference rows the delete would cascade to (%s, ON DELETE %s); delete or re-point them first",
					humanize.Plural(b.Rows, "row"), sanitize.Line(b.FK.Table), sanitize.Line(b.FK.Name), b.Rule)
			}
			for _, l := range layout.Wrap("✖ "+msg, inner) {
				lines = append(lines, s.Modal.Destructive.Render(l))
			}
		}
		lines = append(lines, "", s.Modal.Muted.Render("any key closes"))
		return layout.Dialog(title, lines, inner+4, s.Pane.BorderActive, s.Modal.Title)
	}
	q := "Stage the delete of this row"
	if n := d.preview.Deleted(); n > 0 {
		q += s.Modal.Destructive.Render(" and " + humanize.Plural(n, "more row"))
	}
	q += "? " + keyName(d.c.keys.Form.Yes) + " / N  (nothing is deleted until the review)"
	lines = append(lines, "")
	lines = append(lines, layout.Wrap(q, inner)...)
	return layout.Dialog(title, lines, inner+4, s.Pane.BorderActive, s.Modal.Title)
}

// cascadeLines describes a delete preview: one line per foreign key,
// indented by depth.
func cascadeLines(c *common, p *store.DeletePreview, w int) []string {
	s := c.styles
	if len(p.Effects) == 0 {
		return []string{s.Modal.Muted.Render("No foreign key references this row: only the row itself is deleted.")}
	}
	lines := []string{s.Modal.Muted.Render("Foreign keys that reference it:")}
	for _, e := range p.Effects {
		what := cascadeVerb(e)
		line := strings.Repeat("  ", e.Depth) + "← " + sanitize.Line(e.FK.Table) + "." + sanitize.Line(strings.Join(e.FK.Columns, ",")) +
			"  " + e.Rule + "  " + what
		line = layout.Truncate(line, w)
		switch {
		case e.Blocks():
			line = s.Modal.Destructive.Render(line)
		case e.Rule == "CASCADE" && e.Rows > 0:
			line = s.Modal.Warning.Render(line)
		case e.Rows == 0:
			line = s.Modal.Muted.Render(line)
		}
		lines = append(lines, line)
	}
	if p.Deeper {
		lines = append(lines, s.Modal.Warning.Render(layout.Truncate(fmt.Sprintf("cascades go deeper than %d levels: more rows may go", store.MaxCascadeDepth), w)))
	}
	return lines
}

// cascadeVerb says what a key does to its rows: "deletes 5 rows".
func cascadeVerb(e store.CascadeEffect) string {
	n := humanize.Plural(e.Rows, "row")
	switch e.Rule {
	case "CASCADE":
		return "deletes " + n
	case "SET NULL":
		return "sets " + n + " to NULL"
	}
	switch e.Rows {
	case 0:
		return "no rows: nothing blocks"
	case 1:
		return n + " blocks the delete"
	}
	return n + " block the delete"
}
