package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// messagesDialog shows every status message of the session in full,
// wrapped, newest last: the status line shortens long ones.
type messagesDialog struct {
	dialogBase
	c    *common
	msgs []logged
	top  int // first line shown; -1 until the first View puts it at the end
}

func newMessagesDialog(c *common, msgs []logged) *messagesDialog {
	return &messagesDialog{dialogBase: newDialogBase(c), c: c, msgs: append([]logged(nil), msgs...), top: -1}
}

// HandleKey scrolls; any other key closes.
func (d *messagesDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	if !scrollOverlay(&d.top, &d.c.keys.Nav, msg) {
		return closeDialog{}, nil
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (d *messagesDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down}
}

// View renders the messages, scrolled to the newest at first.
func (d *messagesDialog) View(w, h int) []string {
	s := d.c.styles
	inner := max(w-6, 20)
	var lines []string
	if len(d.msgs) == 0 {
		lines = append(lines, s.Modal.Muted.Render("no messages yet"))
	}
	for _, m := range d.msgs {
		style := s.Status.Info
		switch m.level {
		case levelSuccess:
			style = s.Status.Success
		case levelWarn:
			style = s.Status.Warn
		case levelError:
			style = s.Status.Error
		}
		stamp := m.at.Format("15:04:05") + " "
		for i, l := range layout.Wrap(sanitize.Line(m.text), inner-len(stamp)) {
			prefix := layout.Spaces(len(stamp))
			if i == 0 {
				prefix = s.Modal.Muted.Render(stamp)
			}
			lines = append(lines, prefix+style.Render(l))
		}
	}
	room := max(h-4, 3)
	if d.top < 0 || d.top > len(lines)-room {
		d.top = max(len(lines)-room, 0)
	}
	lines = lines[d.top:min(len(lines), d.top+room)]
	lines = append(lines, "", s.Modal.Muted.Render(keyName(d.c.keys.Nav.Up)+" "+keyName(d.c.keys.Nav.Down)+" scroll · any other key closes"))
	return layout.Dialog("Messages", lines, w, s.Pane.BorderActive, s.Modal.Title)
}
