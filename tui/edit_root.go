package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// The root's part of editing: undo and review work from any pane, and
// nothing staged is lost silently — leaving the last view of a table with
// pending changes, opening another table or quitting asks first.

// editKey handles undo and review; ok is false for other keys.
func (m *Model) editKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := &m.c.keys
	switch {
	case key.Matches(msg, k.Edit.Review):
		it, cmd := openReview(m.c)
		return tea.Batch(m.apply(it), cmd), true
	case key.Matches(msg, k.Edit.Undo):
		what, ok := m.c.edits.undoLast()
		if !ok {
			return m.notify(levelInfo, "nothing to undo"), true
		}
		return m.notify(levelInfo, "undone: "+what+" · "+humanize.PluralOf(int64(m.c.edits.count()), "pending change", "pending changes")), true
	case pressedDisabled(msg, k.Edit.Review), pressedDisabled(msg, k.Edit.Undo):
		if m.c.readOnly {
			return m.notify(levelWarn, "editing is disabled: the connection is read-only (--read-only)"), true
		}
		return m.notify(levelInfo, "no pending changes"), true
	}
	return nil, false
}

// leaving returns the tables whose pending changes would be lost if the
// stack became keep: those no view of keep shows.
func (m *Model) leaving(keep []View) []string {
	var out []string
	for _, t := range m.c.edits.tables() {
		shown := false
		for _, v := range keep {
			if v.Table() == t {
				shown = true
			}
		}
		if !shown {
			out = append(out, t)
		}
	}
	return out
}

// askLeave opens the question before an action that would drop the
// pending changes of tables; then is what to do if the answer is yes
// (after the changes are discarded). It returns false when nothing would
// be lost, so the caller goes ahead.
func (m *Model) askLeave(tables []string, what string, then Intent) bool {
	if len(tables) == 0 {
		return false
	}
	m.dialog = newLeaveDialog(m.c, tables, what, then)
	return true
}

// askBefore returns the question to ask before opening what next opens
// when changes are pending (nil when none are): next runs after yes.
func askBefore(c *common, what string, next func() (Intent, tea.Cmd)) Dialog {
	if c.edits.count() == 0 {
		return nil
	}
	d := newLeaveDialog(c, c.edits.tables(), what, nil)
	d.next = next
	return d
}

// quitOrAsk quits, or asks first when changes are pending.
func (m *Model) quitOrAsk() tea.Cmd {
	if m.askLeave(m.c.edits.tables(), "quit", quitApp{}) {
		return nil
	}
	return m.quit()
}

// quitApp ends the program (the answer to "quit and discard?").
type quitApp struct{}

func (quitApp) isIntent() {}

// discardEdits drops the pending changes of tables.
type discardEdits struct{ tables []string }

func (discardEdits) isIntent() {}

// leaveDialog asks whether to discard pending changes: y discards them
// and goes on, the review key reviews them instead, anything else stays.
// ctrl+c quits anyway when the question was about quitting.
type leaveDialog struct {
	dialogBase
	c      *common
	tables []string
	what   string
	then   Intent
	// next, when set, is what to open after the answer yes, with the
	// command that loads it.
	next func() (Intent, tea.Cmd)
}

func newLeaveDialog(c *common, tables []string, what string, then Intent) *leaveDialog {
	return &leaveDialog{dialogBase: newDialogBase(c), c: c, tables: tables, what: what, then: then}
}

func (d *leaveDialog) pending() int {
	n := 0
	for _, t := range d.tables {
		n += d.c.edits.countTable(t)
	}
	return n
}

// HandleKey answers the question.
func (d *leaveDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Form.Yes):
		if d.next != nil {
			// Discard before next looks at what is pending.
			n := d.c.edits.discard(d.tables...)
			it, cmd := d.next()
			return intents{closeDialog{}, notice{level: levelInfo, text: "discarded " + humanize.PluralOf(int64(n), "pending change", "pending changes")}, it}, cmd
		}
		return intents{closeDialog{}, discardEdits{tables: d.tables}, d.then}, nil
	case key.Matches(msg, k.Edit.Review):
		it, cmd := openReview(d.c)
		return it, cmd
	}
	return intents{closeDialog{}, notice{level: levelInfo, text: "kept " + humanize.PluralOf(int64(d.pending()), "pending change", "pending changes")}}, nil
}

// Interrupt quits when the question was about quitting.
func (d *leaveDialog) Interrupt() (Intent, tea.Cmd) {
	if _, ok := d.then.(quitApp); ok {
		return intents{closeDialog{}, discardEdits{tables: d.tables}, quitApp{}}, nil
	}
	return closeDialog{}, nil
}

// ShortHelp is the question's one-line help.
func (d *leaveDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Yes, k.Edit.Review, k.Form.Cancel}
}

// View draws the question.
func (d *leaveDialog) View(w, _ int) []string {
	s := d.c.styles
	k := d.c.keys
	names := make([]string, len(d.tables))
	for i, t := range d.tables {
		names[i] = sanitize.Line(t)
	}
	n := humanize.PluralOf(int64(d.pending()), "pending change", "pending changes")
	text := n + " to " + strings.Join(names, ", ") + " would be lost: they were never applied."
	lines := layout.Wrap(text, min(w-6, 70))
	lines = append(lines, "",
		s.Modal.Destructive.Render(keyName(k.Form.Yes)+" discard them and "+d.what),
		keyName(k.Edit.Review)+" review and apply them",
		s.Modal.Muted.Render("any other key: stay"))
	return layout.Dialog("Discard "+n+"?", lines, w, s.Pane.BorderActive, s.Modal.Title)
}
