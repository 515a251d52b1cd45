// Package tui is the terminal UI of demobots-tui: a table list, a rows grid
// with keyset paging, record, user, scores and structure views reached by
// drilling down (with a back stack), and push / reset / reseed driven from
// the keyboard. It reads through the Store interface and writes through
// Actions, both declared here, so tests run it on fakes.
//
// Only Model implements tea.Model (C2). Panes and views are plain structs
// with SetSize, HandleKey and View; all database work runs in commands
// (cmds.go) whose results come back as messages with sequence numbers.
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
)

// focus says which pane gets the keys.
type focus int

const (
	focusTables focus = iota
	focusMain
)

// modal is a dialog drawn over the panes; while one is open it gets every
// key but ctrl+c.
type modal interface {
	HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd
	View(m *Model, w, h int) []string
}

// paster is a modal with a text input that takes pasted text.
type paster interface {
	HandlePaste(msg tea.PasteMsg) tea.Cmd
}

// Model is the root of the TUI. Create it with New.
type Model struct {
	c      *common
	width  int
	height int
	focus  focus
	tables *tablesPane
	stack  []view // the right pane's back stack; the last one is shown
	modal  modal

	help     help.Model
	spinner  spinner.Model
	spinning bool
	status   statusLine
	info     store.ServerInfo
	offline  bool
	// recount asks for exact counts of the listed tables when they next
	// load (after a reset or a reseed).
	recount bool

	relSeq  int // the relations request in flight
	relView int // the view that asked for it

	planning bool
	planSeq  int
	action   *actionRun
	opSeq    int
}

// Model implements tea.Model.
var _ tea.Model = (*Model)(nil)

// New returns the root model. deps.Store is required.
func New(deps Deps) *Model {
	c := newCommon(deps)
	m := &Model{c: c, tables: newTablesPane(c), help: help.New()}
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
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// Init loads the server description and the table list.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(loadInfo(m.c), m.tables.load(), m.spin())
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
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		if p, ok := m.modal.(paster); ok {
			return p.HandlePaste(msg)
		}
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case statusExpiredMsg:
		if msg.id == m.status.id {
			m.status.text = ""
		}
	case infoLoadedMsg:
		if msg.err != nil {
			return m.fail(msg.err)
		}
		m.info = *msg.info
		return m.succeeded()
	case tablesLoadedMsg:
		return m.tablesLoaded(msg)
	case rowsCountedMsg:
		return m.rowsCounted(msg)
	case tableDescribedMsg:
		if msg.err != nil {
			return m.fail(msg.err)
		}
		m.c.infos[msg.table] = msg.info
		m.layout()
	case rowsLoadedMsg:
		if g, ok := m.findView(msg.viewID).(*grid); ok {
			return g.setRows(m, msg)
		}
	case relationsLoadedMsg:
		return m.relationsLoaded(msg)
	case userLoadedMsg:
		if u, ok := m.findView(msg.viewID).(*userView); ok {
			return u.setUser(m, msg)
		}
	case scoresLoadedMsg:
		if v, ok := m.findView(msg.viewID).(*scoresView); ok {
			return v.setScores(m, msg)
		}
	case structureLoadedMsg:
		if v, ok := m.findView(msg.viewID).(*structureView); ok {
			return v.setStructure(m, msg)
		}
	case planLoadedMsg:
		return m.planLoaded(msg)
	case progressReportedMsg:
		return m.progressReported(msg)
	case actionFinishedMsg:
		return m.actionFinished(msg)
	}
	return nil
}

// handleKey routes a key (C5): ctrl+c, the modal, global keys, the pane.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.c.keys
	if key.Matches(msg, k.interrupt) {
		if m.action != nil {
			return m.cancelAction()
		}
		return m.quit()
	}
	if m.tooSmall() {
		if key.Matches(msg, k.Global.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.modal != nil {
		return m.modal.HandleKey(m, msg)
	}
	switch {
	case key.Matches(msg, k.Global.Quit):
		return m.quit()
	case key.Matches(msg, k.Global.Help):
		m.modal = &helpModal{}
		return nil
	case key.Matches(msg, k.Global.Switch):
		if m.focus == focusTables && len(m.stack) > 0 {
			m.focus = focusMain
		} else {
			m.focus = focusTables
		}
		return nil
	case key.Matches(msg, k.Global.Refresh):
		return m.refresh(false, false)
	case key.Matches(msg, k.Global.Push):
		return m.startPush()
	case key.Matches(msg, k.Global.Reset):
		return m.startReset()
	case key.Matches(msg, k.Global.Reseed):
		return m.startReseed()
	case pressedDisabled(msg, k.Global.Push), pressedDisabled(msg, k.Global.Reset), pressedDisabled(msg, k.Global.Reseed):
		return m.notify(levelWarn, m.actionsOffReason())
	}
	if m.focus == focusTables {
		return m.tables.HandleKey(m, msg)
	}
	top := m.top()
	if top == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Nav.Back):
		return m.back()
	case key.Matches(msg, k.Data.Structure):
		if t := m.currentTable(); t != "" && top.kind() != viewStructure {
			return m.openStructure(t)
		}
		return nil
	case key.Matches(msg, k.Data.Count):
		if t := m.currentTable(); t != "" {
			return tea.Batch(m.tables.count(t), m.spin())
		}
		return nil
	}
	return top.HandleKey(m, msg)
}

func (m *Model) tablesLoaded(msg tablesLoadedMsg) tea.Cmd {
	if msg.seq != m.tables.seq {
		return nil
	}
	m.tables.loading = false
	m.tables.err = msg.err
	if msg.err != nil {
		return m.fail(msg.err)
	}
	m.tables.setTables(msg.tables)
	m.c.demobots = store.IsDemobots(msg.tables)
	m.layout()
	var recount tea.Cmd
	if m.recount {
		m.recount = false
		recount = m.tables.recountAll()
	}
	return tea.Batch(m.succeeded(), recount)
}

func (m *Model) rowsCounted(msg rowsCountedMsg) tea.Cmd {
	job, ok := m.tables.counted(msg)
	if !ok {
		return nil
	}
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) || errors.Is(msg.err, store.ErrCanceled) || job.quiet {
			return nil
		}
		return m.fail(msg.err)
	}
	m.tables.setCount(msg.table, msg.rows)
	if job.quiet {
		return m.succeeded()
	}
	return tea.Batch(m.succeeded(), m.notify(levelInfo, sanitize(msg.table)+": "+plural(msg.rows, "row")))
}

func (m *Model) relationsLoaded(msg relationsLoadedMsg) tea.Cmd {
	if msg.seq != m.relSeq {
		return nil
	}
	m.relSeq = 0
	if msg.info != nil {
		m.c.infos[msg.table] = msg.info
	}
	if msg.err != nil {
		return m.fail(msg.err)
	}
	if top := m.top(); top == nil || top.base().id != msg.viewID || m.modal != nil {
		return m.succeeded() // the user moved on
	}
	m.modal = newRelationsModal(msg)
	if msg.countErr != nil {
		return tea.Batch(m.succeeded(), m.notify(levelWarn, msg.countErr.Error()))
	}
	return m.succeeded()
}

// top is the view shown on the right, or nil.
func (m *Model) top() view {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

// rootGrid is the grid at the bottom of the stack (the table opened from
// the list), or nil.
func (m *Model) rootGrid() *grid {
	if len(m.stack) == 0 {
		return nil
	}
	g, _ := m.stack[0].(*grid)
	return g
}

func (m *Model) findView(id int) view {
	for _, v := range m.stack {
		if v.base().id == id {
			return v
		}
	}
	return nil
}

// currentTable is the table the structure and count keys act on.
func (m *Model) currentTable() string {
	if m.focus == focusTables {
		t, _ := m.tables.selected()
		return t.Name
	}
	switch v := m.top().(type) {
	case *grid:
		return v.table
	case *recordView:
		return v.table
	case *structureView:
		return v.table
	case *userView:
		return "users"
	case *scoresView:
		return "scores"
	}
	return ""
}

// push shows v on top of the stack, focuses it and starts its load.
func (m *Model) push(v view) tea.Cmd {
	m.stack = append(m.stack, v)
	w, h := m.bodySize()
	v.SetSize(w, h)
	m.focus = focusMain
	return tea.Batch(v.Reload(m), m.spin())
}

// back pops the stack, restoring the previous view as it was; from the
// first view it moves the focus to the table list.
func (m *Model) back() tea.Cmd {
	if len(m.stack) <= 1 {
		m.focus = focusTables
		return nil
	}
	m.stack = m.stack[:len(m.stack)-1]
	top := m.top()
	w, h := m.bodySize()
	top.SetSize(w, h)
	if top.base().stale || (top.base().err != nil && !top.base().loading) {
		return tea.Batch(top.Reload(m), m.spin())
	}
	return nil
}

// openTable shows a table's rows, or focuses them if they are shown.
func (m *Model) openTable(name string) tea.Cmd {
	if g := m.rootGrid(); g != nil && g.table == name && len(g.filters) == 0 {
		m.focus = focusMain
		return nil
	}
	m.stack = nil
	cmds := []tea.Cmd{m.push(newGrid(m.c, name, nil, ""))}
	if m.c.infos[name] == nil {
		cmds = append(cmds, describeTable(m.c, name))
	}
	return tea.Batch(cmds...)
}

// openRow drills into a grid row: the user view for demobots users, the
// scores of a demobots session, the record view otherwise.
func (m *Model) openRow(g *grid, row store.Row) tea.Cmd {
	if m.c.demobots {
		switch g.table {
		case "users":
			if id, ok := intColumn(g.columns, row, "id"); ok {
				return m.push(newUserView(m.c, id, g.columns, row))
			}
		case "sessions":
			if id, ok := intColumn(g.columns, row, "id"); ok {
				return m.push(newScoresView(m.c, id))
			}
		}
	}
	cmds := []tea.Cmd{m.push(newRecordView(m.c, g.table, g.columns, row))}
	if m.c.infos[g.table] == nil {
		cmds = append(cmds, describeTable(m.c, g.table))
	}
	return tea.Batch(cmds...)
}

// intColumn reads an integer column of a row.
func intColumn(cols []store.Column, row store.Row, name string) (int64, bool) {
	for i, c := range cols {
		if c.Name == name && i < len(row) && !row[i].Null {
			n, err := strconv.ParseInt(string(row[i].Bytes), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

func (m *Model) openStructure(table string) tea.Cmd {
	return m.push(newStructureView(m.c, table))
}

// openRelations loads the relations of a row; the menu opens when they
// arrive.
func (m *Model) openRelations(table string, cols []store.Column, row store.Row) tea.Cmd {
	top := m.top()
	if top == nil {
		return nil
	}
	m.relSeq = m.c.nextSeq()
	m.relView = top.base().id
	return tea.Batch(loadRelations(m.c, m.relView, m.relSeq, table, m.c.infos[table], cols, row), m.spin())
}

// copyValue puts a value on the clipboard (OSC 52).
func (m *Model) copyValue(col store.Column, v store.Value) tea.Cmd {
	text := copyText(v, col)
	what := "copied " + plural(int64(len([]rune(text))), "character")
	if v.Null {
		what = "copied NULL (as empty text)"
	}
	return tea.Batch(tea.SetClipboard(text), m.notify(levelInfo, what))
}

// refresh reloads the table list, the server info and the shown view;
// other views of the stack reload when they are shown again.
func (m *Model) refresh(all, fromTop bool) tea.Cmd {
	m.c.infos = map[string]*store.TableInfo{}
	for _, v := range m.stack {
		v.base().stale = true
	}
	cmds := []tea.Cmd{m.tables.load(), loadInfo(m.c)}
	if top := m.top(); top != nil {
		if g, ok := top.(*grid); ok && fromTop {
			cmds = append(cmds, g.first())
		} else {
			cmds = append(cmds, top.Reload(m))
		}
	}
	if !all {
		cmds = append(cmds, m.notify(levelInfo, "refreshing…"))
	}
	return tea.Batch(append(cmds, m.spin())...)
}

// refreshAll is refresh after a write: everything visible is read again,
// the open grid from its first page when fromTop is set.
func (m *Model) refreshAll(fromTop bool) tea.Cmd { return m.refresh(true, fromTop) }

// quit stops what runs and ends the program.
func (m *Model) quit() tea.Cmd {
	m.shutdown()
	return tea.Quit
}

// shutdown cancels every request and action in flight.
func (m *Model) shutdown() {
	if m.action != nil && !m.action.cancelling {
		m.action.cancelling = true
		m.action.cancel()
	}
	m.tables.cancelCounts()
}

// busy reports whether something is loading, which keeps the spinner going.
func (m *Model) busy() bool {
	if m.tables.loading || len(m.tables.counting) > 0 || m.planning || m.action != nil || m.relSeq != 0 {
		return true
	}
	if top := m.top(); top != nil && top.base().loading {
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
	ctx := keyContext{focus: m.focus, actionsOff: m.c.actionsOff(), busy: m.action != nil || m.planning,
		hasTable: m.currentTable() != "", modal: m.modal != nil}
	if m.focus == focusTables {
		ctx.canOpen = len(m.tables.tables) > 0
		return ctx
	}
	top := m.top()
	if top == nil {
		return ctx
	}
	ctx.view = top.kind()
	switch v := top.(type) {
	case *grid:
		ctx.canFilter = len(v.columns) > 0
		has := len(v.rows) > 0
		ctx.canCopy, ctx.canRelate, ctx.canOpen = has, has, has
	case *recordView:
		ctx.canCopy, ctx.canRelate, ctx.canOpen = true, true, true
	case *userView:
		ctx.canOpen = len(v.sessions()) > 0
		ctx.canRelate = v.row != nil
	}
	return ctx
}

func (m *Model) syncKeys() { m.c.keys.apply(m.keyContext()) }

// Layout: the table list on the left, the current view on the right, the
// status line and the short help at the bottom.

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// leftWidth fits the longest table name and its count, within limits.
func (m *Model) leftWidth() int {
	want := 0
	for _, t := range m.tables.tables {
		want = max(want, ansiWidth(sanitize(t.Name)))
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
	if m.tables.loaded {
		tt += " (" + strconv.Itoa(len(m.tables.tables)) + ")"
	}
	left := box(tt, m.tables.View(m, m.focus == focusTables), lw, ph, border, title)

	border, title = s.Pane.Border, s.Pane.Title
	if m.focus == focusMain {
		border, title = s.Pane.BorderActive, s.Pane.TitleActive
	}
	var body []string
	rt := "demobots-tui"
	if top := m.top(); top != nil {
		rt = viewTitle(top.kind())
		if top.base().loading {
			rt += " " + m.spinner.View()
		}
		body = append([]string{" " + m.breadcrumb(rw-4)}, top.View(m)...)
	} else {
		body = m.welcome()
	}
	right := box(rt, body, rw, ph, border, title)

	lines := joinColumns(left, right)
	if m.modal != nil {
		mv := m.modal.View(m, m.width-4, ph)
		if len(mv) > 0 {
			x := max((m.width-ansiWidth(mv[0]))/2, 0)
			y := max((ph-len(mv))/2, 0)
			lines = overlay(lines, mv, x, y)
		}
	}
	lines = append(lines, m.statusView(m.width), m.helpLine())
	return strings.Join(lines, "\n")
}

func viewTitle(k viewKind) string {
	switch k {
	case viewGrid:
		return "Rows"
	case viewRecord:
		return "Record"
	case viewUser:
		return "User"
	case viewScores:
		return "Scores"
	case viewStructure:
		return "Structure"
	}
	return ""
}

func (m *Model) welcome() []string {
	s := m.c.styles
	lines := []string{"", " Select a table and press enter to see its rows.", ""}
	if m.c.demobots {
		lines = append(lines, s.Muted.Render(" This is the demobots schema: enter on a user opens the"),
			s.Muted.Render(" user view, enter on a session its scores."), "")
	}
	lines = append(lines, s.Muted.Render(" tab switches pane · ? shows every key"))
	if reason := m.actionsOffReason(); reason != "" && m.action == nil && !m.planning {
		w, _ := m.bodySize()
		lines = append(lines, "")
		for _, l := range wrapLines(reason, w-2) {
			lines = append(lines, s.Status.ReadOnly.Render(" "+l))
		}
	} else {
		lines = append(lines, s.Muted.Render(" P push schema.sql · X reset · R reseed"))
	}
	return lines
}

func (m *Model) helpLine() string {
	return fit(" "+m.help.ShortHelpView(m.c.keys.shortHelp(m.keyContext())), m.width)
}

func (m *Model) tooSmallView() string {
	msg := []string{
		"terminal too small",
		strconv.Itoa(m.width) + "×" + strconv.Itoa(m.height) + ", needs " + strconv.Itoa(minWidth) + "×" + strconv.Itoa(minHeight),
		"q quits",
	}
	lines := make([]string, m.height)
	top := max((m.height-len(msg))/2, 0)
	for i, l := range msg {
		if top+i < len(lines) {
			pad := max((m.width-ansiWidth(l))/2, 0)
			lines[top+i] = truncate(spaces(pad)+l, m.width)
		}
	}
	return strings.Join(lines, "\n")
}
