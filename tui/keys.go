package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// GlobalKeys work whatever pane has the focus.
type GlobalKeys struct {
	Quit      key.Binding
	Interrupt key.Binding // ctrl+c: cancels a running action, else quits
	Help      key.Binding
	Messages  key.Binding // every status message, in full
	Switch    key.Binding // switch pane
	Refresh   key.Binding
	Push      key.Binding
	Reset     key.Binding
	Reseed    key.Binding
	Databases key.Binding // the database switcher
	Console   key.Binding // the query console
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
	Jump      key.Binding // open a grid at a row key
	Sort      key.Binding
	Structure key.Binding
	Count     key.Binding
	View      key.Binding // the whole value, scrollable
	Copy      key.Binding
	CopyRaw   key.Binding
	Relations key.Binding
	Export    key.Binding // every row shown, to a file
	// Orphans counts the rows of declared and inferred relations that
	// have no parent row (in the relations menu and the structure).
	Orphans key.Binding
}

// FormKeys answer dialogs and move between the fields of a form.
type FormKeys struct {
	Confirm key.Binding // enter: confirm or continue
	Cancel  key.Binding // esc alone, for text inputs where backspace edits
	Next    key.Binding
	Prev    key.Binding
	Yes     key.Binding // y in a y/N question; anything else is no
	Prune   key.Binding // the push plan: also drop what schema.sql does not name
	// ToggleSystem shows or hides the server's own schemas in the switcher.
	ToggleSystem key.Binding
}

// EditKeys stage changes to rows, review them and apply them.
type EditKeys struct {
	Edit       key.Binding // edit the cell under the cursor
	EditField  key.Binding // the record view: enter or e edits the field
	Insert     key.Binding
	Duplicate  key.Binding // insert a copy of the current row
	Delete     key.Binding
	Undo       key.Binding // drop the last staged change
	Review     key.Binding // review the staged changes and apply them
	SetNull    key.Binding // in an editor: NULL
	SetDefault key.Binding // in an editor: the column's DEFAULT
	Save       key.Binding // multi-line editors and the insert form: done
	Toggle     key.Binding // a SET member on or off
}

// QueryKeys work in the query console. ctrl+enter and ctrl+shift+r reach
// the program only from terminals that report them (the kitty keyboard
// protocol); in tmux and most terminals ctrl+r and alt+r are what work.
type QueryKeys struct {
	Run      key.Binding // the statement under the cursor, or the selected ones
	RunAll   key.Binding // every statement of the editor, in order
	Explain  key.Binding // EXPLAIN of the statement under the cursor
	Complete key.Binding
	History  key.Binding // for the help: up and down at the first or last line
	Results  key.Binding // from the editor: cancel a running query, else to the results
	Edit     key.Binding // from the results: back to the editor
	Commit   key.Binding // in the commit or roll back question
	Rollback key.Binding
}

// KeyMap is every binding of the TUI. The same values drive key handling
// (key.Matches), the help and every key hint on screen, and bindings that
// do not apply are disabled so that help never offers them.
type KeyMap struct {
	Global GlobalKeys
	Nav    NavKeys
	Data   DataKeys
	Form   FormKeys
	Edit   EditKeys
	Query  QueryKeys
}

// DefaultKeyMap returns the default key map.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Global: GlobalKeys{
			Quit:      b([]string{"q"}, "q", "quit"),
			Interrupt: b([]string{"ctrl+c"}, "ctrl+c", "cancel an action, or quit"),
			Help:      b([]string{"?"}, "?", "help"),
			Messages:  b([]string{"!"}, "!", "messages"),
			Switch:    b([]string{"tab", "shift+tab"}, "tab", "switch pane"),
			Refresh:   b([]string{"r"}, "r", "refresh"),
			Push:      b([]string{"P"}, "P", "push schema"),
			Reset:     b([]string{"X"}, "X", "reset: delete rows"),
			Reseed:    b([]string{"R"}, "R", "reseed"),
			Databases: b([]string{"D"}, "D", "switch database"),
			Console:   b([]string{":", "ctrl+e"}, ":", "query console"),
		},
		Nav: NavKeys{
			Up:       b([]string{"up", "k"}, "↑/k", "up"),
			Down:     b([]string{"down", "j"}, "↓/j", "down"),
			Left:     b([]string{"left", "h"}, "←/h", "column left"),
			Right:    b([]string{"right", "l"}, "→/l", "column right"),
			PageUp:   b([]string{"pgup", "ctrl+u"}, "pgup/ctrl+u", "page up"),
			PageDown: b([]string{"pgdown", "ctrl+d"}, "pgdn/ctrl+d", "page down"),
			Top:      b([]string{"g", "home"}, "g/home", "first"),
			Bottom:   b([]string{"G", "end"}, "G/end", "last"),
			Open:     b([]string{"enter"}, "enter", "open"),
			Back:     b([]string{"esc", "backspace"}, "esc/backspace", "back"),
		},
		Data: DataKeys{
			Filter:    b([]string{"/"}, "/", "filter"),
			Jump:      b([]string{"J"}, "J", "jump to a key"),
			Sort:      b([]string{"s"}, "s", "sort column"),
			Structure: b([]string{"i"}, "i", "structure"),
			Count:     b([]string{"c"}, "c", "exact count"),
			View:      b([]string{"v"}, "v", "view whole value"),
			Copy:      b([]string{"y"}, "y", "copy cell"),
			CopyRaw:   b([]string{"Y"}, "Y", "copy raw bytes"),
			Relations: b([]string{"o"}, "o", "relations"),
			Export:    b([]string{"E"}, "E", "export rows to a file"),
			Orphans:   b([]string{"O"}, "O", "count orphans"),
		},
		Form: FormKeys{
			Confirm:      b([]string{"enter"}, "enter", "confirm"),
			Cancel:       b([]string{"esc"}, "esc", "cancel"),
			Next:         b([]string{"tab", "down"}, "tab", "next field"),
			Prev:         b([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
			Yes:          b([]string{"y", "Y"}, "y", "yes"),
			Prune:        b([]string{"p"}, "p", "also drop unmanaged objects"),
			ToggleSystem: b([]string{"s"}, "s", "show system schemas"),
		},
		Edit: EditKeys{
			Edit:       b([]string{"e"}, "e", "edit cell"),
			EditField:  b([]string{"enter", "e"}, "enter/e", "edit field (record view; o opens relations)"),
			Insert:     b([]string{"a"}, "a", "add row"),
			Duplicate:  b([]string{"A"}, "A", "duplicate row"),
			Delete:     b([]string{"d"}, "d", "delete row"),
			Undo:       b([]string{"u"}, "u", "undo last change"),
			Review:     b([]string{"ctrl+s"}, "ctrl+s", "review & apply changes"),
			SetNull:    b([]string{"ctrl+n"}, "ctrl+n", "set NULL"),
			SetDefault: b([]string{"ctrl+o"}, "ctrl+o", "set DEFAULT"),
			Save:       b([]string{"ctrl+s"}, "ctrl+s", "save"),
			Toggle:     b([]string{"space"}, "space", "toggle a SET member"),
		},
		Query: QueryKeys{
			Run:      b([]string{"ctrl+r", "ctrl+enter"}, "ctrl+r", "run statement"),
			RunAll:   b([]string{"alt+r", "ctrl+shift+r"}, "alt+r", "run all"),
			Explain:  b([]string{"ctrl+x"}, "ctrl+x", "explain"),
			Complete: b([]string{"tab"}, "tab", "complete"),
			History:  b([]string{"up", "down"}, "↑/↓", "history (first/last line)"),
			Results:  b([]string{"esc"}, "esc", "cancel · results"),
			Edit:     b([]string{"e"}, "e", "edit SQL"),
			Commit:   b([]string{"c"}, "c", "commit"),
			Rollback: b([]string{"r"}, "r", "roll back"),
		},
	}
}

// keyName is what a binding's key is called on screen.
func keyName(b key.Binding) string { return b.Help().Key }

// hint is "key description", for key hints in text.
func hint(b key.Binding) string { return b.Help().Key + " " + b.Help().Desc }

// hints joins key hints with " · ".
func hints(bs ...key.Binding) string {
	parts := make([]string, 0, len(bs))
	for _, b := range bs {
		parts = append(parts, hint(b))
	}
	return strings.Join(parts, " · ")
}

// pressedDisabled reports whether msg is one of b's keys while b is
// disabled, so the TUI can say why nothing happens.
func pressedDisabled(msg tea.KeyPressMsg, b key.Binding) bool {
	return !b.Enabled() && slices.Contains(b.Keys(), msg.String())
}

// keyContext says which bindings apply right now. The root fills in what it
// knows (focus, dialogs, actions); the focused pane or view sets the rest.
type keyContext struct {
	focus      focus
	canOpen    bool
	canMove    bool // up/down/page/top/bottom move something
	canScrollX bool // left/right move between columns or scroll
	canFilter  bool
	canJump    bool
	canSort    bool
	canCopy    bool
	canRelate  bool
	canExport  bool // the view's rows can be exported
	canOrphans bool // relations without a constraint are shown
	hasTable   bool // a table is selected or shown
	actionsOff bool // read-only, or no Actions given
	busy       bool // a push/reset/reseed is planned or running
	dialog     bool // a dialog is open: it gets the navigation keys
	// canEdit: the view shows rows of a table that can be edited (a row
	// key, a writable connection); hasRow: one is under the cursor.
	canEdit, hasRow bool
	pending         bool // staged changes wait for review
	readOnly        bool // --read-only: no editing at all
	console         bool // the query console is shown
}

// apply enables exactly the bindings that make sense in ctx.
func (k *KeyMap) apply(ctx keyContext) {
	d := ctx.dialog
	for _, b := range []*key.Binding{&k.Nav.Up, &k.Nav.Down, &k.Nav.PageUp, &k.Nav.PageDown, &k.Nav.Top, &k.Nav.Bottom} {
		b.SetEnabled(ctx.canMove || d)
	}
	k.Nav.Left.SetEnabled(ctx.canScrollX || d)
	k.Nav.Right.SetEnabled(ctx.canScrollX || d)
	k.Nav.Open.SetEnabled(ctx.canOpen || d)
	k.Data.Filter.SetEnabled(ctx.canFilter)
	k.Data.Jump.SetEnabled(ctx.canJump)
	k.Data.Sort.SetEnabled(ctx.canSort)
	k.Data.Structure.SetEnabled(ctx.hasTable)
	k.Data.Count.SetEnabled(ctx.hasTable)
	k.Data.View.SetEnabled(ctx.canCopy)
	k.Data.Copy.SetEnabled(ctx.canCopy)
	k.Data.CopyRaw.SetEnabled(ctx.canCopy)
	k.Data.Relations.SetEnabled(ctx.canRelate)
	k.Data.Export.SetEnabled(ctx.canExport)
	k.Data.Orphans.SetEnabled(ctx.canOrphans || d)
	k.Edit.Edit.SetEnabled(ctx.canEdit && ctx.hasRow)
	k.Edit.EditField.SetEnabled(ctx.canEdit && ctx.hasRow)
	k.Edit.Insert.SetEnabled(ctx.canEdit)
	k.Edit.Duplicate.SetEnabled(ctx.canEdit && ctx.hasRow)
	k.Edit.Delete.SetEnabled(ctx.canEdit && ctx.hasRow)
	k.Edit.Undo.SetEnabled(ctx.pending && !ctx.readOnly)
	k.Edit.Review.SetEnabled(ctx.pending && !ctx.readOnly)
	for _, b := range []*key.Binding{&k.Query.Run, &k.Query.RunAll, &k.Query.Explain, &k.Query.Complete, &k.Query.History, &k.Query.Results, &k.Query.Edit} {
		b.SetEnabled(ctx.console)
	}
	k.Query.Commit.SetEnabled(ctx.console && d)
	k.Query.Rollback.SetEnabled(ctx.console && d)
}

// helpGroups is every binding in columns for the help dialog, disabled ones
// included (it dims them).
func (m *Model) helpGroups() [][]key.Binding {
	k := &m.c.keys
	actions := []key.Binding{k.Global.Refresh}
	for _, l := range m.launchers {
		actions = append(actions, *l.binding(k))
	}
	actions = append(actions, k.Global.Help, k.Global.Messages, k.Global.Quit, k.Global.Interrupt)
	return [][]key.Binding{
		{k.Nav.Up, k.Nav.Down, k.Nav.Left, k.Nav.Right, k.Nav.PageUp, k.Nav.PageDown, k.Nav.Top, k.Nav.Bottom, k.Nav.Open, k.Nav.Back, k.Global.Switch},
		{k.Data.Filter, k.Data.Jump, k.Data.Sort, k.Data.Relations, k.Data.Orphans, k.Data.Structure, k.Data.Count, k.Data.View, k.Data.Copy, k.Data.CopyRaw, k.Data.Export},
		actions,
		{k.Form.Confirm, k.Form.Cancel, k.Form.Next, k.Form.Prev, k.Form.Yes, k.Form.Prune, k.Form.ToggleSystem},
		{k.Edit.Edit, k.Edit.EditField, k.Edit.Insert, k.Edit.Duplicate, k.Edit.Delete, k.Edit.Undo, k.Edit.Review,
			k.Edit.SetNull, k.Edit.SetDefault, k.Edit.Save, k.Edit.Toggle},
		{k.Query.Run, k.Query.RunAll, k.Query.Explain, k.Query.Complete, k.Query.History, k.Query.Results, k.Query.Edit, k.Query.Commit, k.Query.Rollback},
	}
}
