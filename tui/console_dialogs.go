package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// txDialog asks whether to commit or roll back what the console's
// statements changed. Rollback is the default: Enter on the untouched
// question, Esc, and r all roll back.
type txDialog struct {
	dialogBase
	c      *common
	text   []string
	commit bool // the button selected: false is Rollback
	// decide carries out the answer in the console that asked.
	decide func(commit bool) (Intent, tea.Cmd)
}

func newTxDialog(c *common, text []string, decide func(commit bool) (Intent, tea.Cmd)) *txDialog {
	return &txDialog{dialogBase: newDialogBase(c), c: c, text: text, decide: decide}
}

// HandleKey moves between the buttons and answers.
func (d *txDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	answer := func(commit bool) (Intent, tea.Cmd) {
		it, cmd := d.decide(commit)
		return intents{closeDialog{}, it}, cmd
	}
	switch {
	case key.Matches(msg, k.Nav.Left), key.Matches(msg, k.Nav.Right), key.Matches(msg, k.Form.Next), key.Matches(msg, k.Form.Prev):
		d.commit = !d.commit
	case key.Matches(msg, k.Query.Commit):
		return answer(true)
	case key.Matches(msg, k.Query.Rollback), key.Matches(msg, k.Form.Cancel):
		return answer(false)
	case key.Matches(msg, k.Form.Confirm):
		return answer(d.commit)
	}
	return nil, nil
}

// ShortHelp is the question's one-line help.
func (d *txDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Query.Commit, k.Query.Rollback, k.Form.Confirm}
}

// View renders the question and the two buttons.
func (d *txDialog) View(w, _ int) []string {
	s := d.c.styles
	k := d.c.keys
	var lines []string
	for _, t := range d.text {
		lines = append(lines, layout.Wrap(sanitize.Line(t), max(w-6, 20))...)
	}
	commit, rollback := "[ Commit ]", "[ Roll back ]"
	if d.commit {
		commit = s.Modal.Selected.Render(commit)
	} else {
		rollback = s.Modal.Selected.Render(rollback)
	}
	lines = append(lines, "", commit+"   "+rollback, "",
		s.Modal.Muted.Render(hint(k.Query.Commit)+" · "+hint(k.Query.Rollback)+" · "+keyName(k.Form.Confirm)+" the selected one · "+keyName(k.Form.Cancel)+" rolls back"))
	return layout.Dialog("Commit or roll back?", lines, w, s.Pane.BorderActive, s.Modal.Title)
}

// dangerDialog shows what a statement will touch (every row of a table,
// or the schema) and runs it only once the database name is typed, as
// reset does.
type dangerDialog struct {
	dialogBase
	c        *common
	want     string
	title    string
	text     []string
	warnings []string
	input    textinput.Model
	mismatch bool
	proceed  func() (Intent, tea.Cmd)
	cancel   func() (Intent, tea.Cmd)
}

func newDangerDialog(c *common, database, title string, text, warnings []string, proceed, cancel func() (Intent, tea.Cmd)) (*dangerDialog, tea.Cmd) {
	d := &dangerDialog{dialogBase: newDialogBase(c), c: c, want: database, title: title, text: text, warnings: warnings,
		input: newInput(c, "database name"), proceed: proceed, cancel: cancel}
	return d, d.input.Focus()
}

// HandleKey edits the name; Enter runs the statement when it matches.
func (d *dangerDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
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
func (d *dangerDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	if p, ok := msg.(tea.PasteMsg); ok {
		return nil, updateInput(&d.input, p)
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (d *dangerDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Confirm, k.Form.Cancel}
}

// View renders what the statement touches and the name to type.
func (d *dangerDialog) View(w, _ int) []string {
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
	lines = append(lines, "", "Type "+s.Modal.Destructive.Render(sanitize.Line(d.want))+" to run it:", d.input.View())
	if d.mismatch {
		lines = append(lines, s.Modal.Destructive.Render("that is not the database name"))
	}
	lines = append(lines, "", s.Modal.Muted.Render(keyName(k.Form.Confirm)+" run · "+keyName(k.Form.Cancel)+" cancel"))
	return layout.Dialog(d.title, lines, w, s.Pane.BorderActive, s.Modal.Title)
}
