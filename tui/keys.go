package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// GlobalKeys work whatever pane has the focus.
type GlobalKeys struct {
	Quit    key.Binding
	Help    key.Binding
	Switch  key.Binding // switch pane
	Refresh key.Binding
	Push    key.Binding
	Reset   key.Binding
	Reseed  key.Binding
}

// NavKeys move the cursor in lists, grids and scrollable views.
type NavKeys struct {
	Up       key.Binding
	Down     key.Binding
	Left     key.Binding
	Right    key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding // open / drill down
	Back     key.Binding
}

// DataKeys act on tables, rows and cells.
type DataKeys struct {
	Filter    key.Binding
	Sort      key.Binding
	Structure key.Binding
	Count     key.Binding
	Copy      key.Binding
	Relations key.Binding
}

// KeyMap is every binding of the TUI. The same values drive key handling
// (key.Matches) and the help views, and bindings that do not apply are
// disabled so that help never offers them.
type KeyMap struct {
	Global GlobalKeys
	Nav    NavKeys
	Data   DataKeys

	// interrupt is ctrl+c alone: it cancels a running action before it
	// quits. It is not shown in help (Quit is).
	interrupt key.Binding
	// cancel is esc alone, for text inputs where backspace edits.
	cancel key.Binding
	// next and prev move between the fields of a form.
	next, prev key.Binding
	// yes and no answer a y/N confirmation; anything else but yes is no.
	yes, no key.Binding
}

// DefaultKeyMap returns the default key map of issue 4 §2, plus o for the
// relations menu (Enter also opens it from the record view).
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Global: GlobalKeys{
			Quit:    b([]string{"q", "ctrl+c"}, "q", "quit"),
			Help:    b([]string{"?"}, "?", "help"),
			Switch:  b([]string{"tab", "shift+tab"}, "tab", "switch pane"),
			Refresh: b([]string{"r"}, "r", "refresh"),
			Push:    b([]string{"P"}, "P", "push schema"),
			Reset:   b([]string{"X"}, "X", "reset: delete rows"),
			Reseed:  b([]string{"R"}, "R", "reseed"),
		},
		Nav: NavKeys{
			Up:       b([]string{"up", "k"}, "↑/k", "up"),
			Down:     b([]string{"down", "j"}, "↓/j", "down"),
			Left:     b([]string{"left", "h"}, "←/h", "column left"),
			Right:    b([]string{"right", "l"}, "→/l", "column right"),
			PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup", "page up (ctrl+u)"),
			PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down (ctrl+d)"),
			Top:      b([]string{"g", "home"}, "g", "first"),
			Bottom:   b([]string{"G", "end"}, "G", "last"),
			Open:     b([]string{"enter"}, "enter", "open"),
			Back:     b([]string{"esc", "backspace"}, "esc", "back"),
		},
		Data: DataKeys{
			Filter:    b([]string{"/"}, "/", "filter"),
			Sort:      b([]string{"s"}, "s", "sort column"),
			Structure: b([]string{"i"}, "i", "structure"),
			Count:     b([]string{"c"}, "c", "exact count"),
			Copy:      b([]string{"y"}, "y", "copy cell"),
			Relations: b([]string{"o"}, "o", "relations"),
		},
		interrupt: key.NewBinding(key.WithKeys("ctrl+c")),
		cancel:    key.NewBinding(key.WithKeys("esc")),
		next:      key.NewBinding(key.WithKeys("tab", "down")),
		prev:      key.NewBinding(key.WithKeys("shift+tab", "up")),
		yes:       key.NewBinding(key.WithKeys("y", "Y")),
		no:        key.NewBinding(key.WithKeys("n", "N", "esc", "enter", "q")),
	}
}

// pressedDisabled reports whether msg is one of b's keys while b is
// disabled, so the TUI can say why nothing happens.
func pressedDisabled(msg tea.KeyPressMsg, b key.Binding) bool {
	return !b.Enabled() && slices.Contains(b.Keys(), msg.String())
}

// keyContext says which bindings apply right now.
type keyContext struct {
	focus      focus
	view       viewKind // viewNone when the right pane is empty
	canFilter  bool
	canCopy    bool
	canRelate  bool
	canOpen    bool
	hasTable   bool // a table is selected or shown
	actionsOff bool // read-only, or no Actions given
	busy       bool // a push/reset/reseed is running
	modal      bool // a dialog is open: it gets the navigation keys
}

// apply enables exactly the bindings that make sense in ctx.
func (k *KeyMap) apply(ctx keyContext) {
	main := ctx.focus == focusMain && ctx.view != viewNone
	grid := main && ctx.view == viewGrid
	k.Nav.Left.SetEnabled(grid || (main && ctx.view == viewStructure) || ctx.modal)
	k.Nav.Right.SetEnabled(grid || (main && ctx.view == viewStructure) || ctx.modal)
	k.Nav.Open.SetEnabled(ctx.canOpen || ctx.modal)
	k.Nav.Back.SetEnabled(true)
	k.Data.Filter.SetEnabled(grid && ctx.canFilter)
	k.Data.Sort.SetEnabled(grid)
	k.Data.Structure.SetEnabled(ctx.hasTable)
	k.Data.Count.SetEnabled(ctx.hasTable)
	k.Data.Copy.SetEnabled(main && ctx.canCopy)
	k.Data.Relations.SetEnabled(main && ctx.canRelate)
	off := ctx.actionsOff || ctx.busy
	k.Global.Push.SetEnabled(!off)
	k.Global.Reset.SetEnabled(!off)
	k.Global.Reseed.SetEnabled(!off)
}

// shortHelp is the one-line help for the focused pane.
func (k *KeyMap) shortHelp(ctx keyContext) []key.Binding {
	if ctx.focus == focusTables {
		return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Data.Count, k.Data.Structure, k.Global.Switch, k.Global.Help, k.Global.Quit}
	}
	switch ctx.view {
	case viewGrid:
		return []key.Binding{k.Nav.Open, k.Nav.Back, k.Data.Filter, k.Data.Sort, k.Data.Relations, k.Data.Structure, k.Global.Help, k.Global.Quit}
	case viewRecord:
		return []key.Binding{k.Nav.Up, k.Nav.Down, k.Data.Copy, k.Nav.Open, k.Nav.Back, k.Global.Help, k.Global.Quit}
	}
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Nav.Back, k.Global.Switch, k.Global.Help, k.Global.Quit}
}

// fullHelp is every binding in columns, disabled ones included (the help
// view marks them and says why).
func (k *KeyMap) fullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Nav.Up, k.Nav.Down, k.Nav.Left, k.Nav.Right, k.Nav.PageUp, k.Nav.PageDown, k.Nav.Top, k.Nav.Bottom},
		{k.Nav.Open, k.Nav.Back, k.Global.Switch, k.Data.Filter, k.Data.Sort, k.Data.Relations, k.Data.Structure, k.Data.Count, k.Data.Copy},
		{k.Global.Refresh, k.Global.Push, k.Global.Reset, k.Global.Reseed, k.Global.Help, k.Global.Quit},
	}
}
