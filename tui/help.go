package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/tui/internal/layout"
)

// helpDialog is the full help: every binding of the key map in columns.
// Bindings that do not apply right now are dimmed; push, reset and reseed
// say why they are off.
type helpDialog struct {
	dialogBase
	c      *common
	groups [][]key.Binding
	reason string
	top    int // first line shown, when the help is taller than the screen
}

func newHelpDialog(c *common, groups [][]key.Binding, reason string) *helpDialog {
	return &helpDialog{dialogBase: newDialogBase(c), c: c, groups: groups, reason: reason}
}

// HandleKey scrolls with the up and down keys and closes on any other.
func (h *helpDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	if !scrollOverlay(&h.top, &h.c.keys.Nav, msg) {
		return closeDialog{}, nil
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (h *helpDialog) ShortHelp(k *KeyMap) []key.Binding { return []key.Binding{k.Nav.Up, k.Nav.Down} }

// View renders the columns, scrolled when they do not fit.
func (h *helpDialog) View(w, height int) []string {
	s := h.c.styles
	k := h.c.keys
	cols := make([][]string, len(h.groups))
	for i, g := range h.groups {
		kw := 0
		for _, b := range g {
			kw = max(kw, layout.Width(b.Help().Key))
		}
		for _, b := range g {
			cols[i] = append(cols[i], h.entry(b, kw))
		}
	}
	// Pack the columns side by side in bands as wide as the dialog allows.
	var lines []string
	if h.reason != "" {
		for _, l := range layout.Wrap(h.reason, w-6) {
			lines = append(lines, s.Modal.Warning.Render(l))
		}
		lines = append(lines, "")
	}
	var band [][]string
	bandW := 0
	flush := func() {
		if len(band) == 0 {
			return
		}
		if len(lines) > 0 && lines[len(lines)-1] != "" {
			lines = append(lines, "")
		}
		lines = append(lines, layout.SideBySide(band, 4)...)
		band, bandW = nil, 0
	}
	for _, c := range cols {
		cw := 0
		for _, l := range c {
			cw = max(cw, layout.Width(l))
		}
		if len(band) > 0 && bandW+4+cw > w-4 {
			flush()
		}
		band = append(band, c)
		bandW += cw + 4
	}
	flush()
	foot := "dimmed keys do not apply here · any key closes"
	if room := max(height-4, 3); len(lines) > room {
		h.top = max(0, min(h.top, len(lines)-room))
		lines = lines[h.top : h.top+room]
		foot = keyName(k.Nav.Up) + " " + keyName(k.Nav.Down) + " scroll · " + foot
	}
	lines = append(lines, "", s.Modal.Muted.Render(foot))
	return layout.Dialog("Keys", lines, w, s.Pane.BorderActive, s.Modal.Title)
}

func (h *helpDialog) entry(b key.Binding, kw int) string {
	s := h.c.styles
	hb := b.Help()
	if b.Enabled() {
		return s.HelpKey.Render(layout.Fit(hb.Key, kw)) + " " + hb.Desc
	}
	return s.Muted.Render(layout.Fit(hb.Key, kw) + " " + hb.Desc)
}

// actionsOffReason says why push, reset and reseed are disabled, or "".
func (m *Model) actionsOffReason() string {
	switch {
	case m.c.readOnly:
		return "push, reset and reseed are disabled: the connection is read-only (--read-only)"
	case m.c.actions == nil:
		return "push, reset and reseed are not available in this session"
	}
	switch d := m.dialog.(type) {
	case *progressDialog:
		return d.kind.String() + " is running; " + keyName(m.c.keys.Form.Cancel) + " cancels it"
	case *planDialog:
		if d.plan == nil {
			return "a push is being planned"
		}
	}
	return ""
}
