package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// The foreign key picker of the cell editor: the column's value is one of
// the parent table's rows, searched by key or label as it is typed.

// search asks for the parent rows matching what is typed.
func (d *cellEditor) search() tea.Cmd {
	d.choiceSeq = d.c.nextID()
	d.searching = true
	return loadParentChoices(d.c, d.id(), d.choiceSeq, *d.fk, d.field.Value())
}

// parentKey moves in the list of parent rows and picks one; typing
// searches.
func (d *cellEditor) parentKey(msg tea.KeyPressMsg) (Intent, tea.Cmd, bool) {
	k := d.c.keys
	n := 0
	if d.choices != nil {
		n = len(d.choices.Choices)
	}
	switch {
	case key.Matches(msg, k.Nav.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Nav.Down):
		d.cursor = max(min(d.cursor+1, n-1), 0)
	case key.Matches(msg, k.Form.Confirm):
		if d.searching {
			return nil, nil, true
		}
		if n == 0 {
			d.err = "no row of " + d.fk.RefTable + " matches: a foreign key needs an existing row of " + d.fk.RefTable
			return nil, nil, true
		}
		ch := d.choices.Choices[d.cursor]
		it, cmd := d.save(store.InputText(&d.choices.KeyType, ch.Key))
		return it, cmd, true
	default:
		return nil, nil, false
	}
	return nil, nil, true
}

// parentLines are the search input and the parent rows it finds.
func (d *cellEditor) parentLines(w int) []string {
	s := d.c.styles
	ref := sanitize.Line(d.fk.RefTable)
	lines := []string{s.Modal.Muted.Render(layout.Truncate("→ "+ref+"."+sanitize.Line(strings.Join(d.fk.RefColumns, ",")+": type to search by key or label, pick a row"), w))}
	d.field.SetWidth(max(w-4, 10))
	lines = append(lines, d.field.View())
	switch {
	case d.choices == nil && d.searching:
		lines = append(lines, "  "+d.c.spin+" searching "+ref+"…")
	case d.choices == nil:
	case len(d.choices.Choices) == 0:
		lines = append(lines, s.Modal.Muted.Render("  no row of "+ref+" matches"))
	default:
		keyW := 0
		for _, ch := range d.choices.Choices {
			keyW = max(keyW, layout.Width(cellText(ch.Key, d.choices.KeyType)))
		}
		for i, ch := range d.choices.Choices {
			gutter := "  "
			if i == d.cursor {
				gutter = "▶ "
			}
			line := gutter + layout.Fit(cellText(ch.Key, d.choices.KeyType), keyW)
			if !ch.Label.Null {
				line += "  " + cellText(ch.Label, store.Column{DataType: "varchar"})
			}
			line = layout.Fit(line, w)
			if i == d.cursor {
				line = s.Modal.Selected.Render(line)
			}
			lines = append(lines, line)
		}
		if len(d.choices.Choices) == parentChoices {
			lines = append(lines, s.Modal.Muted.Render("  … type to narrow the list"))
		}
	}
	return lines
}
