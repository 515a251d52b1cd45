package tui

import (
	"charm.land/bubbles/v2/key"
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
