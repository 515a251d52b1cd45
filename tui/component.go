package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// View is one entry of the right pane's back stack: a grid of rows, a
// record, a user, a structure... Each is a self-contained component: it
// owns its title, the table it shows, its keys and its help; it handles
// its own keys and the results of its own requests; and it asks the root
// for anything beyond itself (show another view, go back, open a dialog,
// show a status) by returning an Intent next to its tea.Cmd. A view never
// holds the root model. Each keeps its own cursor and scroll position, so
// going back restores them.
type View interface {
	base() *viewBase
	// Title names the view in the pane's border.
	Title() string
	// Table is the table the view shows, or "": the structure (i) and
	// count (c) keys act on it.
	Table() string
	// SetSize sets the body size (inside the pane border, below the
	// breadcrumb).
	SetSize(w, h int)
	// Reload fetches the view's data again, keeping its position where it
	// can.
	Reload() tea.Cmd
	// HandleKey handles a key; it returns ignored for a key it does not
	// use, which the root then handles (esc goes back, i shows the
	// structure...).
	HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd)
	// Update handles a message addressed to the view: the result of one of
	// its requests.
	Update(msg tea.Msg) (Intent, tea.Cmd)
	// View renders the body: at most h lines, each at most w wide.
	View() []string
	// Keys says which bindings apply to the view right now.
	Keys(ctx *keyContext)
	// ShortHelp is the view's part of the one-line help.
	ShortHelp(k *KeyMap) []key.Binding
}

// viewBase is the state every view has, and the defaults of the View
// methods a view may leave out.
type viewBase struct {
	id      int
	crumb   string // its part of the breadcrumb, sanitised
	w, h    int
	loading bool
	seq     int   // the request whose result the view waits for
	err     error // the last load error, shown in the body
	stale   bool  // data changed underneath: reload when shown again
	relSeq  int   // the relations request in flight (see relations.go)
}

func newBase(c *common, crumb string) viewBase {
	return viewBase{id: c.nextID(), crumb: crumb}
}

func (b *viewBase) base() *viewBase { return b }

// Table is "" unless the view shows a table.
func (b *viewBase) Table() string { return "" }

// Update ignores messages by default.
func (b *viewBase) Update(tea.Msg) (Intent, tea.Cmd) { return nil, nil }

// Keys enables nothing beyond the defaults.
func (b *viewBase) Keys(*keyContext) {}

// busy reports whether the view waits for its data or for a side request.
func (b *viewBase) busy() bool { return b.loading || b.relSeq != 0 }

// begin starts a request and returns its seq.
func (b *viewBase) begin(c *common) int {
	b.seq = c.nextID()
	b.loading = true
	b.stale = false
	return b.seq
}

// accept reports whether a result with seq is the one the view waits for,
// and if so ends the loading state.
func (b *viewBase) accept(seq int, err error) bool {
	if seq != b.seq {
		return false
	}
	b.loading = false
	b.err = err
	return true
}

// Dialog is drawn over the panes and gets every key but ctrl+c while it is
// open. Like a view, it handles its own keys and the results of its own
// requests, and tells the root what it wants by returning intents (close
// itself, open another dialog, push a view, show a status).
type Dialog interface {
	id() int
	HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd)
	// Update handles pastes and the results addressed to the dialog.
	Update(msg tea.Msg) (Intent, tea.Cmd)
	// View renders the dialog at most w wide and h high.
	View(w, h int) []string
	// ShortHelp is the one-line help while the dialog is open.
	ShortHelp(k *KeyMap) []key.Binding
}

// dialogBase gives a dialog its id and default methods.
type dialogBase struct{ did int }

func newDialogBase(c *common) dialogBase { return dialogBase{did: c.nextID()} }

func (d *dialogBase) id() int { return d.did }

// Update ignores messages by default.
func (d *dialogBase) Update(tea.Msg) (Intent, tea.Cmd) { return nil, nil }

// ShortHelp is empty by default.
func (d *dialogBase) ShortHelp(*KeyMap) []key.Binding { return nil }

// busyDialog is a dialog with work in flight (the spinner turns).
type busyDialog interface{ Busy() bool }

// interruptible is a dialog that ctrl+c cancels instead of quitting.
type interruptible interface {
	Interrupt() (Intent, tea.Cmd)
}

// releaser is a view that holds something open (the console's session):
// Release frees it when the view leaves the stack for good.
type releaser interface{ Release() tea.Cmd }

// inputView is a view whose text input takes every key while focused.
type inputView interface{ CapturesKeys() bool }

// addressed is a message meant for one view or dialog: the root delivers
// it to the component with that id, if it is still there.
type addressed interface{ to() int }
