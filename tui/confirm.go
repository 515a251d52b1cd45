package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// confirmDialog asks the user to type the database name before something
// that can lose data (a reset, a reseed, a destructive push) and then
// starts it.
type confirmDialog struct {
	dialogBase
	c        *common
	kind     actionKind
	plan     *seeder.Plan // a push's plan
	opts     seeder.Options
	want     string
	title    string
	text     []string
	warnings []string
	input    textinput.Model
	mismatch bool
}

func newConfirmDialog(c *common, kind actionKind, title string, text, warnings []string) (*confirmDialog, tea.Cmd) {
	d := &confirmDialog{dialogBase: newDialogBase(c), c: c, kind: kind, want: c.actions.DatabaseName(),
		title: title, text: text, warnings: warnings, input: newInput(c, "database name")}
	return d, d.input.Focus()
}

// HandleKey edits the name; Enter starts the action when it matches.
func (d *confirmDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Form.Cancel):
		return intents{closeDialog{}, notice{level: levelInfo, text: d.kind.String() + " cancelled: nothing changed"}}, nil
	case key.Matches(msg, k.Form.Confirm):
		if d.input.Value() != d.want {
			d.mismatch = true
			return nil, nil
		}
		p, cmd := newProgressDialog(d.c, d.kind, d.plan, d.opts)
		return openDialog{d: p}, cmd
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

// View renders the question.
func (d *confirmDialog) View(w, _ int) []string {
	s := d.c.styles
	k := d.c.keys
	var lines []string
	for _, t := range d.text {
		lines = append(lines, layout.Wrap(t, w-6)...)
	}
	for _, wn := range d.warnings {
		for _, l := range layout.Wrap("⚠ "+wn, w-6) {
			lines = append(lines, s.Modal.Warning.Render(l))
		}
	}
	d.input.SetWidth(max(min(w-12, 40), 10))
	lines = append(lines, "", "Type "+s.Modal.Destructive.Render(sanitize.Line(d.want))+" to confirm:", d.input.View())
	if d.mismatch {
		lines = append(lines, s.Modal.Destructive.Render("that is not the database name"))
	}
	lines = append(lines, "", s.Modal.Muted.Render(keyName(k.Form.Confirm)+" confirm · "+keyName(k.Form.Cancel)+" cancel"))
	return layout.Dialog(d.title, lines, w, s.Pane.BorderActive, s.Modal.Title)
}
