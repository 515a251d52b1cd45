package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpModal is the full help: every binding of the key map in columns.
// Bindings that do not apply right now are dimmed; push, reset and reseed
// say why they are off.
type helpModal struct{}

// HandleKey closes the help on any key.
func (h *helpModal) HandleKey(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	m.modal = nil
	return nil
}

// View renders the columns.
func (h *helpModal) View(m *Model, w, _ int) []string {
	s := m.c.styles
	k := &m.c.keys
	groups := k.fullHelp()
	cols := make([][]string, len(groups))
	for i, g := range groups {
		kw := 0
		for _, b := range g {
			kw = max(kw, ansiWidth(b.Help().Key))
		}
		for _, b := range g {
			cols[i] = append(cols[i], helpEntry(m, b, kw))
		}
	}
	// Pack the columns side by side in bands as wide as the dialog allows.
	var lines []string
	var band [][]string
	bandW := 0
	flush := func() {
		if len(band) == 0 {
			return
		}
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, sideBySide(band)...)
		band, bandW = nil, 0
	}
	for _, c := range cols {
		cw := 0
		for _, l := range c {
			cw = max(cw, ansiWidth(l))
		}
		if len(band) > 0 && bandW+4+cw > w-4 {
			flush()
		}
		band = append(band, c)
		bandW += cw + 4
	}
	flush()
	if reason := m.actionsOffReason(); reason != "" {
		lines = append(lines, "", s.Modal.Warning.Render(reason))
	}
	lines = append(lines, "", s.Modal.Muted.Render("dimmed keys do not apply here · any key closes"))
	return modalBox(s, "Keys", lines, w)
}

func helpEntry(m *Model, b key.Binding, kw int) string {
	s := m.c.styles
	h := b.Help()
	if b.Enabled() {
		return s.HelpKey.Render(fit(h.Key, kw)) + " " + h.Desc
	}
	return s.Muted.Render(fit(h.Key, kw) + " " + h.Desc)
}

// actionsOffReason says why push, reset and reseed are disabled, or "".
func (m *Model) actionsOffReason() string {
	switch {
	case m.c.readOnly:
		return "push, reset and reseed are disabled: the connection is read-only (--read-only)"
	case m.c.actions == nil:
		return "push, reset and reseed are not available in this session"
	case m.action != nil:
		return m.action.kind.String() + " is running; esc cancels it"
	case m.planning:
		return "a push is being planned"
	}
	return ""
}

// sideBySide lays columns of lines next to each other, four spaces apart.
func sideBySide(cols [][]string) []string {
	n := 0
	widths := make([]int, len(cols))
	for i, c := range cols {
		n = max(n, len(c))
		for _, l := range c {
			widths[i] = max(widths[i], ansiWidth(l))
		}
	}
	out := make([]string, n)
	for r := range out {
		var sb strings.Builder
		for i, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			if i < len(cols)-1 {
				sb.WriteString(fit(cell, widths[i]) + "    ")
			} else {
				sb.WriteString(cell)
			}
		}
		out[r] = sb.String()
	}
	return out
}
