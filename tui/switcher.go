package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// openSwitcher opens the database switcher.
func openSwitcher(c *common, _ string) (Intent, tea.Cmd) {
	if c.openDatabase == nil {
		return notice{level: levelWarn, text: "this session cannot switch databases"}, nil
	}
	if ask := askBefore(c, "switch databases", func() (Intent, tea.Cmd) { return openSwitcher(c, "") }); ask != nil {
		return openDialog{d: ask}, nil
	}
	d, cmd := newSwitcher(c)
	return openDialog{d: d}, cmd
}

// switcherDialog lists the server's databases with their table counts and
// sizes (the server's own schemas last, hidden until asked for) and
// switches to the chosen one: the table list, the status line and the
// target of push, reset and reseed follow, and the back stack starts over.
type switcherDialog struct {
	dialogBase
	c          *common
	dbs        []store.Database
	loaded     bool
	err        error
	showSystem bool
	cursor     int
	top        int
	opening    string // the database being opened
}

// databasesLoadedMsg is the switcher's list.
type databasesLoadedMsg struct {
	target int
	dbs    []store.Database
	err    error
}

// databaseOpenedMsg is a database opened by the switcher.
type databaseOpenedMsg struct {
	target  int
	name    string
	store   Store
	actions Actions
	label   string
	err     error
}

func (m databasesLoadedMsg) to() int { return m.target }
func (m databaseOpenedMsg) to() int  { return m.target }

func newSwitcher(c *common) (*switcherDialog, tea.Cmd) {
	d := &switcherDialog{dialogBase: newDialogBase(c), c: c}
	st, target := c.store, d.id()
	return d, timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		dbs, err := st.Databases(ctx)
		return databasesLoadedMsg{target: target, dbs: dbs, err: err}
	})
}

// shown is the list as shown: system schemas only when asked for.
func (d *switcherDialog) shown() []store.Database {
	if d.showSystem {
		return d.dbs
	}
	var out []store.Database
	for _, db := range d.dbs {
		if !db.System {
			out = append(out, db)
		}
	}
	return out
}

// Busy is true while the list loads or a database opens.
func (d *switcherDialog) Busy() bool { return !d.loaded || d.opening != "" }

// Update takes the list and the opened database.
func (d *switcherDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case databasesLoadedMsg:
		d.loaded, d.dbs, d.err = true, msg.dbs, msg.err
		// Start on the current database.
		for i, db := range d.shown() {
			if db.Name == d.c.database() {
				d.cursor = i
			}
		}
		if msg.err != nil {
			return failure{err: msg.err}, nil
		}
		return success{}, nil
	case databaseOpenedMsg:
		d.opening = ""
		if msg.err != nil {
			d.err = msg.err
			return failure{err: msg.err}, nil
		}
		return intents{closeDialog{}, switchDatabase{store: msg.store, actions: msg.actions, label: msg.label, name: msg.name}}, nil
	}
	return nil, nil
}

// HandleKey moves, toggles the system schemas and switches.
func (d *switcherDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	n := len(d.shown())
	switch {
	case key.Matches(msg, k.Form.Cancel), key.Matches(msg, k.Global.Quit):
		if d.c.database() == "" {
			return notice{level: levelWarn, text: "choose a database: the URL names none"}, nil
		}
		return closeDialog{}, nil
	case key.Matches(msg, k.Nav.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Nav.Down):
		d.cursor = min(d.cursor+1, n-1)
	case key.Matches(msg, k.Nav.Top):
		d.cursor = 0
	case key.Matches(msg, k.Nav.Bottom):
		d.cursor = n - 1
	case key.Matches(msg, k.Form.ToggleSystem):
		d.showSystem = !d.showSystem
		d.cursor = min(d.cursor, max(len(d.shown())-1, 0))
	case key.Matches(msg, k.Form.Confirm):
		if d.cursor < 0 || d.cursor >= n || d.opening != "" {
			return nil, nil
		}
		name := d.shown()[d.cursor].Name
		d.opening, d.err = name, nil
		open, parent, timeout, target := d.c.openDatabase, d.c.ctx, d.c.timeout, d.id()
		return nil, timeoutCmd(parent, timeout, func(ctx context.Context) tea.Msg {
			st, act, label, err := open(ctx, name)
			return databaseOpenedMsg{target: target, name: name, store: st, actions: act, label: label, err: err}
		})
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (d *switcherDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Form.Confirm, k.Form.ToggleSystem, k.Form.Cancel}
}

// View renders the list.
func (d *switcherDialog) View(w, h int) []string {
	s := d.c.styles
	k := d.c.keys
	var lines []string
	switch {
	case !d.loaded:
		lines = append(lines, d.c.spin+" listing the databases…")
	case len(d.shown()) == 0:
		lines = append(lines, s.Modal.Muted.Render("no databases you can see"))
	}
	dbs := d.shown()
	nameW := 8
	for _, db := range dbs {
		nameW = max(nameW, layout.Width(sanitize.Line(db.Name)))
	}
	nameW = min(nameW, max(w-30, 12))
	room := max(h-8, 3)
	d.top = max(0, min(d.top, len(dbs)-room))
	d.top = keepVisible(d.top, d.cursor, room)
	for i := d.top; i < len(dbs) && i < d.top+room; i++ {
		db := dbs[i]
		mark := "  "
		if db.Name == d.c.database() {
			mark = "● "
		}
		line := mark + layout.Fit(sanitize.Line(db.Name), nameW) + "  " +
			layout.Fit(humanize.Plural(db.Tables, "table"), 12) + " " + layout.Fit(humanize.Bytes(db.Bytes), 10)
		if db.System {
			line += s.Modal.Muted.Render(" system")
		}
		if i == d.cursor {
			line = s.Modal.Selected.Render(layout.Fit(line, nameW+30))
		}
		lines = append(lines, line)
	}
	if d.opening != "" {
		lines = append(lines, "", d.c.spin+" opening "+sanitize.Line(d.opening)+"…")
	}
	if d.err != nil && d.loaded {
		for _, l := range layout.Wrap(sanitize.Line(d.err.Error()), max(w-8, 20)) {
			lines = append(lines, s.Modal.Destructive.Render(l))
		}
	}
	toggle := "show"
	if d.showSystem {
		toggle = "hide"
	}
	lines = append(lines, "", s.Modal.Muted.Render(strings.Join([]string{
		keyName(k.Form.Confirm) + " switch", keyName(k.Form.ToggleSystem) + " " + toggle + " system schemas", keyName(k.Form.Cancel) + " close"}, " · ")))
	return layout.Dialog("Databases", lines, w, s.Pane.BorderActive, s.Modal.Title)
}
