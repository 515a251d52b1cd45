package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// jumpDialog asks for the row key of the row a grid should open at: one
// field per key column. The grid then fetches the one page that starts
// there, wherever the row is.
type jumpDialog struct {
	dialogBase
	c *common
	g *grid
	formFields
	keys []string
	err  string
}

func newJumpDialog(c *common, g *grid, keys []string) (*jumpDialog, tea.Cmd) {
	d := &jumpDialog{dialogBase: newDialogBase(c), c: c, g: g, keys: keys}
	for _, k := range keys {
		d.inputs = append(d.inputs, newField(c, k, ""))
	}
	return d, d.inputs[0].Focus()
}

// HandleKey edits the fields; enter on the last one jumps.
func (d *jumpDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	if key.Matches(msg, k.Form.Cancel) {
		return closeDialog{}, nil
	}
	if cmd, ok := d.moveFocus(&k.Form, msg); ok {
		return nil, cmd
	}
	if key.Matches(msg, k.Form.Confirm) {
		values := make([]string, len(d.inputs))
		for i := range d.inputs {
			values[i] = d.inputs[i].Value()
		}
		cur, err := d.c.store.CursorAt(d.g.info, values)
		if err != nil {
			d.err = err.Error()
			return nil, nil
		}
		return closeDialog{}, d.g.jump(cur)
	}
	d.err = ""
	return nil, d.inputs[d.focus].Update(msg)
}

// Update pastes into the focused field.
func (d *jumpDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	return nil, d.paste(msg)
}

// ShortHelp is the dialog's one-line help.
func (d *jumpDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Confirm, k.Form.Cancel}
}

// View renders the fields.
func (d *jumpDialog) View(w, _ int) []string {
	s := d.c.styles
	k := d.c.keys
	lines := []string{"Open " + sanitize.Line(d.g.table) + " at the row whose key is:", ""}
	nw := 0
	for _, name := range d.keys {
		nw = max(nw, layout.Width(sanitize.Line(name)))
	}
	for i, name := range d.keys {
		d.inputs[i].SetWidth(max(min(w-nw-12, 40), 10))
		lines = append(lines, layout.Fit(sanitize.Line(name), nw)+"  "+d.inputs[i].View())
	}
	if d.err != "" {
		for _, l := range layout.Wrap(sanitize.Line(d.err), max(w-8, 20)) {
			lines = append(lines, s.Modal.Destructive.Render(l))
		}
	}
	lines = append(lines, "", s.Modal.Muted.Render(keyName(k.Form.Confirm)+" jump · "+keyName(k.Form.Cancel)+" cancel"))
	return layout.Dialog("Jump to a key", lines, w, s.Pane.BorderActive, s.Modal.Title)
}

// positionCountedMsg is the number of rows before a grid's window.
type positionCountedMsg struct {
	target, seq int
	before      int64
	err         error
}

func (m positionCountedMsg) to() int { return m.target }
