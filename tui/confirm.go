package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// confirmDialog asks for the database name typed before something that
// can lose data — a reset, a reseed, a destructive push, a console
// statement that touches every row or the schema — and only then goes on.
type confirmDialog struct {
	dialogBase
	c        *common
	want     string
	title    string
	verb     string // what Enter does: "confirm", "run it"
	text     []string
	warnings []string
	input    textinput.Model
	mismatch bool
	proceed  func() (Intent, tea.Cmd)
	cancel   func() (Intent, tea.Cmd)
}

func newConfirmDialog(c *common, database, title, verb string, text, warnings []string, proceed, cancel func() (Intent, tea.Cmd)) (*confirmDialog, tea.Cmd) {
	d := &confirmDialog{dialogBase: newDialogBase(c), c: c, want: database, title: title, verb: verb, text: text, warnings: warnings,
		input: newInput(c, "database name"), proceed: proceed, cancel: cancel}
	return d, d.input.Focus()
}

// confirmAction is the confirmation of a push, reset or reseed: confirmed,
// it starts the action in a progress dialog.
func confirmAction(c *common, kind actionKind, title string, text, warnings []string, plan *seeder.Plan, opts seeder.Options) (*confirmDialog, tea.Cmd) {
	proceed := func() (Intent, tea.Cmd) {
		p, cmd := newProgressDialog(c, kind, plan, opts)
		return openDialog{d: p}, cmd
	}
	cancel := func() (Intent, tea.Cmd) {
		return notice{level: levelInfo, text: kind.String() + " cancelled: nothing changed"}, nil
	}
	return newConfirmDialog(c, c.actions.DatabaseName(), title, "confirm", text, warnings, proceed, cancel)
}

// HandleKey edits the name; Enter goes on when it matches.
func (d *confirmDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Form.Cancel):
		it, cmd := d.cancel()
		return intents{closeDialog{}, it}, cmd
	case key.Matches(msg, k.Form.Confirm):
		if d.input.Value() != d.want {
			d.mismatch = true
			return nil, nil
		}
		it, cmd := d.proceed()
		return intents{closeDialog{}, it}, cmd
	}
	d.mismatch = false
	return nil, updateInput(&d.input, msg)
}

// Update pastes into the name.
func (d *confirmDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	if p, ok := msg.(tea.PasteMsg); ok {
		return nil, updateInput(&d.input, p)
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (d *confirmDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Confirm, k.Form.Cancel}
}

// View renders what will happen and the name to type.
func (d *confirmDialog) View(w, _ int) []string {
	s := d.c.styles
	k := d.c.keys
	var lines []string
	for _, t := range d.text {
		lines = append(lines, layout.Wrap(t, max(w-6, 20))...)
	}
	for _, wn := range d.warnings {
		for _, l := range layout.Wrap("⚠ "+wn, max(w-6, 20)) {
			lines = append(lines, s.Modal.Warning.Render(l))
		}
	}
	d.input.SetWidth(max(min(w-12, 40), 10))
	lines = append(lines, "", "Type "+s.Modal.Destructive.Render(sanitize.Line(d.want))+" to "+d.verb+":", d.input.View())
	if d.mismatch {
		lines = append(lines, s.Modal.Destructive.Render(notTheName))
	}
	lines = append(lines, "", s.Modal.Muted.Render(keyName(k.Form.Confirm)+" "+d.verb+" · "+keyName(k.Form.Cancel)+" cancel"))
	return layout.Dialog(d.title, lines, w, s.Pane.BorderActive, s.Modal.Title)
}

// notTheName says a typed confirmation did not match.
const notTheName = "that is not the database name"
