package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
)

// Intent is what a pane, view or dialog asks of the root model. The root
// applies intents in the same Update call that produced them; components
// never mutate the root themselves.
type Intent interface{ isIntent() }

// The intents.
type (
	// pushView shows a view on top of the stack and focuses it.
	pushView struct{ v View }
	// openRoot starts the stack again with v (a table opened from the list).
	openRoot struct{ v View }
	// popView goes back to the previous view.
	popView struct{}
	// openDialog opens a dialog, replacing any open one.
	openDialog struct{ d Dialog }
	// closeDialog closes the open dialog.
	closeDialog struct{}
	// notice shows a message in the status line; sticky keeps it over
	// "connection restored".
	notice struct {
		level  level
		text   string
		sticky bool
	}
	// failure shows an error in the status line and notes when it means
	// the server is unreachable.
	failure struct {
		err    error
		sticky bool
	}
	// success says a request worked: the server is there.
	success struct{}
	// refresh reloads the table list, the server info and the shown view;
	// fromTop restarts the open grid at its first row (the data was
	// replaced), recount counts every table exactly.
	refresh struct{ fromTop, recount, quiet bool }
	// focusList moves the focus to the table list.
	focusList struct{}
	// countTable counts a table's rows exactly.
	countTable struct{ table string }
	// intents is several intents, applied in order.
	intents []Intent
	// ignoredKey says a key was not used.
	ignoredKey struct{}
	// switchDatabase moves the session to another database: its store,
	// actions and label replace the current ones and everything shown
	// starts over.
	switchDatabase struct {
		store   Store
		actions Actions
		label   string
		name    string
	}
)

func (pushView) isIntent()       {}
func (openRoot) isIntent()       {}
func (popView) isIntent()        {}
func (openDialog) isIntent()     {}
func (closeDialog) isIntent()    {}
func (notice) isIntent()         {}
func (failure) isIntent()        {}
func (success) isIntent()        {}
func (refresh) isIntent()        {}
func (focusList) isIntent()      {}
func (countTable) isIntent()     {}
func (intents) isIntent()        {}
func (ignoredKey) isIntent()     {}
func (switchDatabase) isIntent() {}

// ignored is what HandleKey returns for a key it does not use.
var ignored Intent = ignoredKey{}

// both combines two intents, either of which may be nil.
func both(a, b Intent) Intent {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return intents{a, b}
}

// navigation reports whether an intent changes what is shown; those are
// dropped when they come from a view that is no longer on top (its result
// arrived after the user moved on).
func navigation(it Intent) bool {
	switch it.(type) {
	case pushView, openRoot, popView, openDialog, focusList:
		return true
	}
	return false
}

// apply carries out an intent.
func (m *Model) apply(it Intent) tea.Cmd {
	switch it := it.(type) {
	case nil, ignoredKey:
		return nil
	case intents:
		cmds := make([]tea.Cmd, 0, len(it))
		for _, one := range it {
			cmds = append(cmds, m.apply(one))
		}
		return tea.Batch(cmds...)
	case pushView:
		return m.push(it.v)
	case openRoot:
		if g, ok := m.rootView().(*grid); ok && g.table == it.v.Table() && len(g.filters) == 0 {
			m.focus = focusMain // the table is open already: go back to it as it was
			return nil
		}
		if m.askLeave(m.leaving([]View{it.v}), "open "+it.v.Table(), it) {
			return nil
		}
		gone := m.stack
		m.stack = nil
		return tea.Batch(released(gone...), m.push(it.v))
	case popView:
		return m.back()
	case openDialog:
		m.dialog = it.d
		return nil
	case closeDialog:
		m.dialog = nil
		return nil
	case notice:
		cmd := m.notify(it.level, it.text)
		m.status.sticky = it.sticky
		return cmd
	case failure:
		cmd := m.fail(it.err)
		if it.sticky {
			m.status.sticky = true
		}
		return cmd
	case success:
		return m.succeeded()
	case refresh:
		return m.refresh(it)
	case focusList:
		m.focus = focusTables
		return nil
	case countTable:
		return m.tables.count(it.table)
	case discardEdits:
		if n := m.c.edits.discard(it.tables...); n > 0 {
			return m.notify(levelInfo, "discarded "+humanize.PluralOf(int64(n), "pending change", "pending changes"))
		}
		return nil
	case quitApp:
		return m.quit()
	case switchDatabase:
		return m.switchTo(it)
	}
	return nil
}

// applyFrom applies what a view asked for; navigation from a view that is
// not on top any more is dropped.
func (m *Model) applyFrom(v View, it Intent) tea.Cmd {
	if v != m.top() {
		it = withoutNavigation(it)
	}
	return m.apply(it)
}

func withoutNavigation(it Intent) Intent {
	if list, ok := it.(intents); ok {
		var keep intents
		for _, one := range list {
			if one = withoutNavigation(one); one != nil {
				keep = append(keep, one)
			}
		}
		return keep
	}
	if navigation(it) {
		return nil
	}
	return it
}
