package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/highlight"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// routinesView lists the stored procedures and functions; enter shows one's
// definition.
type routinesView struct {
	viewBase
	c        *common
	routines []store.Routine
	cursor   int
	top      int
}

func newRoutinesView(c *common, rs []store.Routine) *routinesView {
	return &routinesView{viewBase: newBase(c, "routines"), c: c, routines: rs}
}

// Title names the view.
func (v *routinesView) Title() string { return "Routines" }

// SetSize sets the body size.
func (v *routinesView) SetSize(w, h int) { v.w, v.h = w, h; v.scroll() }

// Reload has nothing to read: the list came with the table list.
func (v *routinesView) Reload() tea.Cmd { v.stale = false; return nil }

func (v *routinesView) scroll() {
	h := max(v.h-2, 1)
	v.cursor = max(0, min(v.cursor, len(v.routines)-1))
	v.top = keepVisible(v.top, v.cursor, h)
}

// HandleKey moves and opens.
func (v *routinesView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := v.c.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		v.cursor--
	case key.Matches(msg, k.Nav.Down):
		v.cursor++
	case key.Matches(msg, k.Nav.Top):
		v.cursor = 0
	case key.Matches(msg, k.Nav.Bottom):
		v.cursor = len(v.routines) - 1
	case key.Matches(msg, k.Nav.Open):
		if v.cursor < len(v.routines) {
			return pushView{v: newRoutineView(v.c, v.routines[v.cursor])}, nil
		}
		return nil, nil
	default:
		return ignored, nil
	}
	v.scroll()
	return nil, nil
}

// Keys enables moving and opening.
func (v *routinesView) Keys(ctx *keyContext) {
	ctx.canMove, ctx.canOpen = len(v.routines) > 0, len(v.routines) > 0
}

// ShortHelp is the list's help.
func (v *routinesView) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Nav.Back, k.Global.Help, k.Global.Quit}
}

// View renders the list.
func (v *routinesView) View() []string {
	s := v.c.styles
	lines := []string{s.Grid.Header.Render(layout.Fit("  type       name", v.w)), s.Grid.Sep.Render(strings.Repeat("─", v.w))}
	for i := v.top; i < len(v.routines) && i < v.top+v.h-2; i++ {
		r := v.routines[i]
		line := layout.Fit(strings.ToLower(r.Type), 10) + " " + sanitize.Line(r.Name)
		if i == v.cursor {
			lines = append(lines, s.Grid.CursorRow.Render(layout.Fit("▶ "+line, v.w)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return lines
}

// routineView shows the definition of one routine.
type routineView struct {
	viewBase
	c       *common
	routine store.Routine
	ddl     string
	loaded  bool
	vp      viewport.Model
}

// routineLoadedMsg is a routine's definition.
type routineLoadedMsg struct {
	target, seq int
	ddl         string
	err         error
}

func (m routineLoadedMsg) to() int { return m.target }

func newRoutineView(c *common, r store.Routine) *routineView {
	return &routineView{viewBase: newBase(c, sanitize.Line(r.Name)), c: c, routine: r, vp: viewport.New()}
}

// Title names the view.
func (v *routineView) Title() string { return "Routine" }

// SetSize sets the body size.
func (v *routineView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.vp.SetWidth(w)
	v.vp.SetHeight(h)
	v.render()
}

func (v *routineView) render() {
	if v.loaded {
		v.vp.SetContentLines(layout.Wrap(highlight.SQL(sanitize.Lines(v.ddl), v.c.styles.Code), max(v.w-1, 10)))
	}
}

// Reload reads the definition.
func (v *routineView) Reload() tea.Cmd {
	st, parent, timeout, r, target, seq := v.c.store, v.c.ctx, v.c.timeout, v.routine, v.id, v.begin(v.c)
	return timeoutCmd(parent, timeout, func(ctx context.Context) tea.Msg {
		ddl, err := st.RoutineSQL(ctx, r)
		return routineLoadedMsg{target: target, seq: seq, ddl: ddl, err: err}
	})
}

// Update takes the definition.
func (v *routineView) Update(msg tea.Msg) (Intent, tea.Cmd) {
	m, ok := msg.(routineLoadedMsg)
	if !ok || !v.accept(m.seq, m.err) {
		return nil, nil
	}
	if m.err != nil {
		return failure{err: m.err}, nil
	}
	v.ddl, v.loaded = m.ddl, true
	v.render()
	return success{}, nil
}

// HandleKey scrolls.
func (v *routineView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	if !scrollViewport(&v.vp, &v.c.keys.Nav, msg, false) {
		return ignored, nil
	}
	return nil, nil
}

// Keys enables scrolling.
func (v *routineView) Keys(ctx *keyContext) { ctx.canMove = v.loaded }

// ShortHelp is the view's help.
func (v *routineView) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Back, k.Global.Help, k.Global.Quit}
}

// View renders the definition.
func (v *routineView) View() []string {
	switch {
	case !v.loaded && v.err != nil:
		return errorLines(v.c, v.err, v.w)
	case !v.loaded:
		return loadingLines(v.c, "the definition of "+sanitize.Line(v.routine.Name))
	}
	return strings.Split(v.vp.View(), "\n")
}
