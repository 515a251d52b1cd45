// Package tui is the terminal UI of demobots-tui: a table list, a rows grid
// with keyset paging, record, user, scores and structure views reached by
// drilling down (with a back stack), and push / reset / reseed driven from
// the keyboard. It reads through the Store interface and writes through
// Actions, both declared here, so tests run it on fakes.
//
// Only Model implements tea.Model. The table list, the views of the back
// stack and the dialogs are components (component.go): they handle their
// own keys and results and return Intents the root applies (intent.go). All
// database work runs in commands (cmds.go) whose results come back as
// messages addressed to the component that asked, with sequence numbers.
package tui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// focus says which pane gets the keys.
type focus int

const (
	focusTables focus = iota
	focusMain
)

// Minimum terminal size; below it the TUI shows a notice instead of a
// broken layout.
const (
	minWidth  = 60
	minHeight = 15
)

// Model is the root of the TUI. Create it with New.
type Model struct {
	c      *common
	cancel context.CancelFunc // ends every request: quitting
	width  int
	height int
	focus  focus
	tables *tablesPane
	stack  []View // the right pane's back stack; the last one is shown
	dialog Dialog

	launchers []launcher

	help     help.Model
	spinner  spinner.Model
	spinning bool
	status   statusLine
	messages []logged // every status message, for the messages view
	info     store.ServerInfo
	infoSeq  int
	offline  bool
	// choose opens the database switcher at start (a URL without a
	// database); warning stays in the status line (Deps.Warning).
	choose  bool
	warning string
}

// Model implements tea.Model.
var _ tea.Model = (*Model)(nil)

// New returns the root model. deps.Store is required.
func New(deps Deps) *Model { return newModel(deps) }

// newModel is New with launchers beyond the built-in ones (tests register
// views of their own this way).
func newModel(deps Deps, extra ...launcher) *Model {
	ctx := deps.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	deps.Context = ctx
	c := newCommon(deps)
	m := &Model{c: c, cancel: cancel, tables: newTablesPane(c), help: help.New(), choose: deps.ChooseDatabase, warning: deps.Warning}
	m.launchers = append(builtinLaunchers(), extra...)
	m.help.Styles = c.styles.Help
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.styles.Spinner))
	m.syncKeys()
	return m
}

// Run runs the TUI until the user quits or ctx ends. Extra options go to
// tea.NewProgram (the alternate screen is set by View, as v2 wants).
func Run(ctx context.Context, deps Deps, opts ...tea.ProgramOption) error {
	deps.Context = ctx
	m := New(deps)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)...)
	_, err := p.Run()
	m.shutdown()
	m.c.sessions.closeAll() // stops what the console still runs on the server
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// Init loads the server description and the table list, or, for a URL
// without a database, opens the database switcher.
func (m *Model) Init() tea.Cmd {
	m.infoSeq = m.c.nextID()
	if m.choose && m.c.openDatabase != nil {
		d, cmd := newSwitcher(m.c)
		m.dialog = d
		return tea.Batch(loadInfo(m.c, m.infoSeq), cmd, m.spin())
	}
	return tea.Batch(loadInfo(m.c, m.infoSeq), m.tables.load(), m.spin())
}

// Update routes one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.syncKeys()
	// Any message may have started a load (paging, a reload): keep the
	// spinner going while something is loading.
	if spin := m.spin(); spin != nil {
		cmd = tea.Batch(cmd, spin)
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		if m.dialog != nil {
			it, cmd := m.dialog.Update(msg)
			return tea.Batch(m.apply(it), cmd)
		}
		if top := m.top(); top != nil && m.focus == focusMain {
			it, cmd := top.Update(msg)
			return tea.Batch(m.applyFrom(top, it), cmd)
		}
		return nil
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.c.spin = m.spinner.View()
		return cmd
	case statusExpiredMsg:
		if msg.id == m.status.id {
			m.status.text = ""
		}
		return nil
	case infoLoadedMsg:
		if msg.seq != m.infoSeq {
			return nil
		}
		if msg.err != nil {
			return m.fail(msg.err)
		}
		m.info = *msg.info
		if m.info.Database != "" {
			m.c.dbName = m.info.Database
		}
		return m.succeeded()
	case tablesLoadedMsg, rowsCountedMsg, routinesLoadedMsg:
		it, cmd := m.tables.Update(msg)
		if _, ok := msg.(tablesLoadedMsg); ok {
			m.layout()
		}
		return tea.Batch(m.apply(it), cmd)
	case copyReadyMsg:
		if msg.err != nil {
			return m.fail(msg.err)
		}
		it, cmd := copyValue(m.c, msg.name, msg.col, msg.value, msg.raw)
		return tea.Batch(m.apply(it), cmd)
	case addressed:
		return m.deliver(msg)
	}
	return nil
}

// deliver hands a result to the dialog or view that asked for it; results
// for components that are gone are dropped.
func (m *Model) deliver(msg addressed) tea.Cmd {
	id := msg.to()
	if m.dialog != nil && m.dialog.id() == id {
		it, cmd := m.dialog.Update(msg)
		return tea.Batch(m.apply(it), cmd)
	}
	for _, v := range m.stack {
		if v.base().id == id {
			it, cmd := v.Update(msg)
			return tea.Batch(m.applyFrom(v, it), cmd)
		}
	}
	return nil
}

// handleKey routes a key: ctrl+c, the dialog, a focused text input, the
// global keys, then the focused pane (and what the view leaves, the keys
// every view shares).
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.c.keys
	if key.Matches(msg, k.Global.Interrupt) {
		if d, ok := m.dialog.(interruptible); ok {
			it, cmd := d.Interrupt()
			return tea.Batch(m.apply(it), cmd)
		}
		return m.quitOrAsk()
	}
	if m.tooSmall() {
		if key.Matches(msg, k.Global.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.dialog != nil {
		it, cmd := m.dialog.HandleKey(msg)
		return tea.Batch(m.apply(it), cmd)
	}
	top := m.top()
	if in, ok := top.(inputView); ok && m.focus == focusMain && in.CapturesKeys() {
		it, cmd := top.HandleKey(msg)
		return tea.Batch(m.applyFrom(top, it), cmd)
	}
	switch {
	case key.Matches(msg, k.Global.Quit):
		return m.quitOrAsk()
	case key.Matches(msg, k.Global.Help):
		m.dialog = newHelpDialog(m.c, m.helpGroups(), m.actionsOffReason())
		return nil
	case key.Matches(msg, k.Global.Messages):
		m.dialog = newMessagesDialog(m.c, m.messages)
		return nil
	case key.Matches(msg, k.Global.Switch):
		if m.focus == focusTables && top != nil {
			m.focus = focusMain
		} else {
			m.focus = focusTables
		}
		return nil
	case key.Matches(msg, k.Global.Refresh):
		return m.refresh(refresh{})
	}
	if cmd, ok := m.editKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.launch(msg); ok {
		return cmd
	}
	if m.focus == focusTables || top == nil {
		it, cmd := m.tables.HandleKey(msg)
		return tea.Batch(m.apply(it), cmd)
	}
	it, cmd := top.HandleKey(msg)
	if it != ignored {
		return tea.Batch(m.applyFrom(top, it), cmd)
	}
	switch table := top.Table(); {
	case key.Matches(msg, k.Nav.Back):
		return m.back()
	case key.Matches(msg, k.Data.Structure) && table != "":
		if _, ok := top.(*structureView); !ok {
			return m.push(newStructureView(m.c, table))
		}
	case key.Matches(msg, k.Data.Count) && table != "":
		return m.tables.count(table)
	}
	return cmd
}

// top is the view shown on the right, or nil.
func (m *Model) top() View {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

// rootView is the view at the bottom of the stack (the table opened from
// the list), or nil.
func (m *Model) rootView() View {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[0]
}

// rootTable is the table of the root view, or "".
func (m *Model) rootTable() string {
	if v := m.rootView(); v != nil {
		return v.Table()
	}
	return ""
}

// push shows v on top of the stack, focuses it and starts its load.
func (m *Model) push(v View) tea.Cmd {
	m.stack = append(m.stack, v)
	w, h := m.bodySize()
	v.SetSize(w, h)
	m.focus = focusMain
	return v.Reload()
}

// back pops the stack, restoring the previous view as it was; from the
// first view it moves the focus to the table list.
func (m *Model) back() tea.Cmd {
	if len(m.stack) <= 1 {
		m.focus = focusTables
		return nil
	}
	if m.askLeave(m.leaving(m.stack[:len(m.stack)-1]), "go back", popView{}) {
		return nil
	}
	gone := m.top()
	m.stack = m.stack[:len(m.stack)-1]
	top := m.top()
	w, h := m.bodySize()
	top.SetSize(w, h)
	if b := top.base(); b.stale || (b.err != nil && !b.loading) {
		return tea.Batch(released(gone), top.Reload())
	}
	return released(gone)
}

// released lets views that left the stack for good free what they hold
// (the console's session), in commands.
func released(views ...View) tea.Cmd {
	var cmds []tea.Cmd
	for _, v := range views {
		if r, ok := v.(releaser); ok {
			cmds = append(cmds, r.Release())
		}
	}
	return tea.Batch(cmds...)
}

// refresh reloads the table list, the server info and the shown view;
// other views of the stack reload when they are shown again.
func (m *Model) refresh(r refresh) tea.Cmd {
	m.c.catalog.invalidate()
	for _, v := range m.stack {
		v.base().stale = true
	}
	m.infoSeq = m.c.nextID()
	m.tables.recount = r.recount
	cmds := []tea.Cmd{m.tables.load(), loadInfo(m.c, m.infoSeq)}
	if top := m.top(); top != nil {
		if g, ok := top.(*grid); ok && r.fromTop {
			cmds = append(cmds, g.first())
		} else {
			cmds = append(cmds, top.Reload())
		}
	}
	if !r.quiet {
		cmds = append(cmds, m.notify(levelInfo, "refreshing…"))
	}
	return tea.Batch(cmds...)
}

// switchTo moves the session to another database: requests still in
// flight for the old one are dropped when they answer (their views are
// gone, their sequence numbers are old).
func (m *Model) switchTo(sw switchDatabase) tea.Cmd {
	m.tables.cancelCounts()
	m.c.store, m.c.actions, m.c.dbName = sw.store, sw.actions, sw.name
	m.c.openSession = sessionsOf(sw.store)
	if sw.label != "" {
		m.c.label = sw.label
	}
	gone := m.stack
	m.stack, m.focus = nil, focusTables
	m.tables.cursor, m.tables.top = 0, 0
	m.c.catalog.loaded, m.c.catalog.tables = false, nil
	m.info = store.ServerInfo{}
	return tea.Batch(released(gone...), m.refresh(refresh{quiet: true}), m.notify(levelSuccess, "switched to "+sw.name))
}

// quit stops what runs and ends the program.
func (m *Model) quit() tea.Cmd {
	m.shutdown()
	return tea.Quit
}

// shutdown cancels every request and action in flight.
func (m *Model) shutdown() {
	m.tables.cancelCounts()
	m.cancel()
}

// busy reports whether something is loading, which keeps the spinner going.
func (m *Model) busy() bool {
	if m.tables.busy() {
		return true
	}
	if d, ok := m.dialog.(busyDialog); ok && d.Busy() {
		return true
	}
	if top := m.top(); top != nil && top.base().busy() {
		return true
	}
	return false
}

// spin starts the spinner if something is loading and it is not running.
func (m *Model) spin() tea.Cmd {
	if m.spinning || m.c.noAnim || !m.busy() {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick
}

// keyContext describes the state the key map follows.
func (m *Model) keyContext() keyContext {
	ctx := keyContext{focus: m.focus, actionsOff: m.c.actionsOff(), dialog: m.dialog != nil,
		readOnly: m.c.readOnly, pending: m.c.edits.count() > 0}
	if _, ok := m.dialog.(*progressDialog); ok {
		ctx.busy = true
	}
	if p, ok := m.dialog.(*planDialog); ok && p.plan == nil {
		ctx.busy = true
	}
	if m.focus == focusTables || m.top() == nil {
		m.tables.Keys(&ctx)
		return ctx
	}
	top := m.top()
	ctx.hasTable = top.Table() != ""
	top.Keys(&ctx)
	return ctx
}

func (m *Model) syncKeys() {
	ctx := m.keyContext()
	m.c.keys.apply(ctx)
	m.enableLaunchers(ctx)
}

// Layout: the table list on the left, the current view on the right, the
// status line and the short help at the bottom.

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// leftWidth fits the longest table name and its count, within limits.
func (m *Model) leftWidth() int {
	want := 0
	for _, t := range m.c.catalog.tables {
		want = max(want, layout.Width(sanitize.Line(t.Name)))
	}
	return max(20, min(want+12, 32, m.width/3))
}

func (m *Model) paneHeight() int { return m.height - 2 }

// bodySize is the size of a view body: the right pane without its border
// and breadcrumb line.
func (m *Model) bodySize() (int, int) {
	return max(m.width-m.leftWidth()-2, 1), max(m.paneHeight()-3, 1)
}

func (m *Model) layout() {
	if m.tooSmall() {
		return
	}
	m.tables.SetSize(m.leftWidth()-2, m.paneHeight()-2)
	w, h := m.bodySize()
	for _, v := range m.stack {
		v.SetSize(w, h)
	}
	m.help.SetWidth(m.width - 1)
}

// View renders the screen in the alternate screen buffer.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	return v
}

func (m *Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		return m.tooSmallView()
	}
	s := m.c.styles
	ph := m.paneHeight()
	lw := m.leftWidth()
	rw := m.width - lw

	border, title := s.Pane.Border, s.Pane.Title
	if m.focus == focusTables {
		border, title = s.Pane.BorderActive, s.Pane.TitleActive
	}
	tt := "Tables"
	if m.c.catalog.loaded {
		tt += " (" + strconv.Itoa(len(m.c.catalog.tables)) + ")"
	}
	left := layout.Box(tt, m.tables.View(m.focus == focusTables, m.rootTable()), lw, ph, border, title)

	border, title = s.Pane.Border, s.Pane.Title
	if m.focus == focusMain {
		border, title = s.Pane.BorderActive, s.Pane.TitleActive
	}
	var body []string
	rt := "demobots-tui"
	if top := m.top(); top != nil {
		rt = top.Title()
		if top.base().busy() {
			rt += " " + m.c.spin
		}
		body = append([]string{" " + m.breadcrumb(rw-4)}, top.View()...)
	} else {
		body = m.welcome(rw - 2)
	}
	right := layout.Box(rt, body, rw, ph, border, title)

	lines := layout.JoinColumns(left, right)
	lines = append(lines, m.statusView(m.width), m.helpLine())
	if m.dialog == nil {
		return strings.Join(lines, "\n")
	}
	dv := m.dialog.View(m.width-4, ph)
	if len(dv) == 0 {
		return strings.Join(lines, "\n")
	}
	x := max((m.width-layout.Width(dv[0]))/2, 0)
	y := max((ph-len(dv))/2, 0)
	return layout.Overlay(lines, dv, x, y, m.width, m.height)
}

// breadcrumb joins the crumbs of the stack, dropping the oldest ones when
// they do not fit in w.
func (m *Model) breadcrumb(w int) string {
	s := m.c.styles
	sep := " › "
	parts := make([]string, len(m.stack))
	for i, v := range m.stack {
		parts[i] = v.base().crumb
	}
	start := 0
	for start < len(parts)-1 && layout.Width(strings.Join(parts[start:], sep))+2 > w {
		start++
	}
	var sb strings.Builder
	if start > 0 {
		sb.WriteString(s.Crumb.Render("…" + sep))
	}
	for i := start; i < len(parts); i++ {
		if i > start {
			sb.WriteString(s.Crumb.Render(sep))
		}
		if i == len(parts)-1 {
			sb.WriteString(s.CrumbLast.Render(parts[i]))
		} else {
			sb.WriteString(s.Crumb.Render(parts[i]))
		}
	}
	return layout.Truncate(sb.String(), w)
}

// welcome is the right pane before a table is opened; its key hints come
// from the key map.
func (m *Model) welcome(w int) []string {
	s := m.c.styles
	k := &m.c.keys
	para := func(style func(...string) string, text string) []string {
		var out []string
		for _, l := range layout.Wrap(text, w-2) {
			out = append(out, style(" "+l))
		}
		return out
	}
	plain := func(strs ...string) string { return strings.Join(strs, "") }
	lines := []string{""}
	lines = append(lines, para(plain, "Select a table and press "+keyName(k.Nav.Open)+" to see its rows.")...)
	lines = append(lines, "")
	if m.c.demobots {
		lines = append(lines, para(s.Muted.Render, "This is the demobots schema: "+keyName(k.Nav.Open)+" on a user opens the user view, "+keyName(k.Nav.Open)+" on a session its scores.")...)
		lines = append(lines, "")
	}
	lines = append(lines, para(s.Muted.Render, keyName(k.Global.Switch)+" switches pane · "+keyName(k.Global.Help)+" shows every key")...)
	if reason := m.actionsOffReason(); reason != "" {
		lines = append(lines, "")
		lines = append(lines, para(s.Status.ReadOnly.Render, reason)...)
	} else {
		lines = append(lines, para(s.Muted.Render, hint(k.Global.Push)+" · "+hint(k.Global.Reset)+" · "+hint(k.Global.Reseed))...)
	}
	return lines
}

func (m *Model) helpLine() string {
	var bindings []key.Binding
	if m.dialog != nil {
		bindings = m.dialog.ShortHelp(&m.c.keys)
	} else if top := m.top(); top != nil && m.focus == focusMain {
		bindings = top.ShortHelp(&m.c.keys)
	} else {
		bindings = m.tables.ShortHelp(&m.c.keys)
	}
	return layout.Fit(" "+m.help.ShortHelpView(bindings), m.width)
}

func (m *Model) tooSmallView() string {
	msg := []string{
		"terminal too small",
		strconv.Itoa(m.width) + "×" + strconv.Itoa(m.height) + ", needs " + strconv.Itoa(minWidth) + "×" + strconv.Itoa(minHeight),
		keyName(m.c.keys.Global.Quit) + " quits",
	}
	lines := make([]string, m.height)
	top := max((m.height-len(msg))/2, 0)
	for i, l := range msg {
		if top+i < len(lines) {
			pad := max((m.width-layout.Width(l))/2, 0)
			lines[top+i] = layout.Truncate(layout.Spaces(pad)+l, m.width)
		}
	}
	return strings.Join(lines, "\n")
}
