package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// launcher opens a view or a dialog from a global key. Adding a top-level
// view or dialog is one line in builtinLaunchers plus its own file.
type launcher struct {
	// binding picks the key from the key map, so a remapped key works and
	// shows everywhere.
	binding func(k *KeyMap) *key.Binding
	// writes marks launchers that change the database: read-only
	// sessions and running actions disable them.
	writes bool
	// open returns what to show, given the table in focus ("" if none).
	open func(c *common, table string) (Intent, tea.Cmd)
}

// builtinLaunchers lists the views and dialogs global keys open.
func builtinLaunchers() []launcher {
	return []launcher{
		{binding: func(k *KeyMap) *key.Binding { return &k.Global.Push }, writes: true, open: openPush},
		{binding: func(k *KeyMap) *key.Binding { return &k.Global.Reset }, writes: true, open: openReset},
		{binding: func(k *KeyMap) *key.Binding { return &k.Global.Reseed }, writes: true, open: openReseed},
		{binding: func(k *KeyMap) *key.Binding { return &k.Global.Databases }, open: openSwitcher},
		{binding: func(k *KeyMap) *key.Binding { return &k.Global.Console }, open: openConsole},
	}
}

// launch opens what the key's launcher opens; ok is false when no launcher
// has the key. A disabled launcher says why instead.
func (m *Model) launch(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	for _, l := range m.launchers {
		b := l.binding(&m.c.keys)
		if key.Matches(msg, *b) {
			table := ""
			if m.focus == focusTables || m.top() == nil {
				if t, ok := m.tables.selected(); ok {
					table = t.Name
				}
			} else {
				table = m.top().Table()
			}
			it, cmd := l.open(m.c, table)
			return tea.Batch(m.apply(it), cmd), true
		}
		if pressedDisabled(msg, *b) {
			return m.notify(levelWarn, m.actionsOffReason()), true
		}
	}
	return nil, false
}

// enableLaunchers enables the launchers' keys that apply in ctx.
func (m *Model) enableLaunchers(ctx keyContext) {
	for _, l := range m.launchers {
		b := l.binding(&m.c.keys)
		b.SetEnabled(!l.writes || !(ctx.actionsOff || ctx.busy))
	}
}
