package tui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// consoleView is the query console: a SQL editor above the result of the
// last statement run. It runs SQL on a session of its own (a dedicated
// connection, opened on the first run and closed when the console leaves
// the stack), one statement at a time: the statement under the cursor,
// the selected ones, or all of them in order, stopping at the first error.
// Reads stream into the result grid; writes run in a transaction and end
// with a commit or roll back question; an UPDATE or DELETE without WHERE
// and DDL are confirmed first by typing the database name.
type consoleView struct {
	viewBase
	c       *common
	ed      sqlEditor
	editing bool // the editor has the focus (else the result)
	clock   func() time.Time

	loaded   bool // the server, history and columns came
	db       string
	host     string // typed to confirm when no database is selected
	flavor   store.Flavor
	histPath string

	sess Session
	pane *resultPane
	log  []logLine // what the last run did

	// The run: statements to run in order, the next one, and what is
	// known of the current one.
	queue      []string
	next       int
	current    string // the statement running or last run
	explain    bool
	confirmed  bool // the next statement was confirmed
	afterTx    bool // the run goes on once the transaction is ended
	pendingTx  bool // the session holds uncommitted changes
	runChanged int64

	released bool // the console left the stack: what it opens is closed

	opSeq   int                // the command whose result the console waits for
	cancel  context.CancelFunc // ends that command (esc)
	running string             // what runs, for the status line; "" when idle
	started time.Time
}

// logLine is one line of what a run did.
type logLine struct {
	level level
	text  string
}

// openConsole opens a new query console.
func openConsole(c *common, _ string) (Intent, tea.Cmd) {
	return pushView{v: newConsole(c)}, nil
}

func newConsole(c *common) *consoleView {
	v := &consoleView{viewBase: newBase(c, "console"), c: c, ed: newSQLEditor(c), editing: true, clock: time.Now}
	if c.consoleDraft != "" {
		v.ed.setValue(c.consoleDraft, false)
	}
	return v
}

// Title names the view.
func (v *consoleView) Title() string { return "Query console" }

// CapturesKeys is true while the editor has the focus: it takes every key.
func (v *consoleView) CapturesKeys() bool { return v.editing }

// editorHeight is how many lines the editor takes of a body h high.
func editorHeight(h int) int { return max(3, min(10, h/3)) }

// SetSize lays out the editor, the status line and the result.
func (v *consoleView) SetSize(w, h int) {
	v.w, v.h = w, h
	eh := editorHeight(h)
	v.ed.setSize(w, eh)
	if v.pane != nil {
		v.pane.resize(w, max(h-eh-1, 4))
	}
}

// Reload loads the server description, the history and the column names
// (again after a refresh: the schema may have changed). It never runs a
// statement again: that is what the run keys are for.
func (v *consoleView) Reload() tea.Cmd {
	v.stale = false
	v.loading = true
	return loadConsole(v.c, v.id)
}

// Release closes the session when the console leaves for good; the text
// stays for the next console.
func (v *consoleView) Release() tea.Cmd {
	v.released = true
	v.c.consoleDraft = v.ed.value()
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	var res ResultStream
	if v.pane != nil {
		res = v.pane.stop()
	}
	sess := v.sess
	v.sess = nil
	if sess == nil && res == nil {
		return nil
	}
	return closeSession(v.c, sess, res)
}

// busy reports whether a command of the console is in flight.
func (v *consoleView) isRunning() bool { return v.running != "" }

// begin starts a command that Esc can cancel; it returns its context and
// seq.
func (v *consoleView) begin(what string) (context.Context, int) {
	ctx, cancel := context.WithCancel(v.c.ctx)
	v.cancel = cancel
	v.opSeq = v.c.nextID()
	v.running = what
	v.started = v.clock()
	v.loading = true
	return ctx, v.opSeq
}

// end ends the command with seq; false when the message is stale.
func (v *consoleView) end(seq int) bool {
	if seq != v.opSeq || v.running == "" {
		return false
	}
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	v.running = ""
	v.loading = false
	return true
}

// cancelRun stops what runs (the store stops it on the server) and the
// rest of the run.
func (v *consoleView) cancelRun() (Intent, tea.Cmd) {
	if v.cancel != nil {
		v.cancel()
	}
	v.queue = nil
	return notice{level: levelInfo, text: "cancelling…"}, nil
}

// HandleKey edits, runs, and moves in the result.
func (v *consoleView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := v.c.keys
	switch {
	case keyMatches(msg, k.Query.Run):
		return v.runCursor()
	case keyMatches(msg, k.Query.RunAll):
		return v.runAll()
	case keyMatches(msg, k.Query.Explain):
		return v.explainCursor()
	}
	if v.editing {
		if keyMatches(msg, k.Query.Results) {
			switch {
			case v.isRunning():
				return v.cancelRun()
			case v.ed.completing():
				v.ed.endCompletion()
				return nil, nil
			case v.pane != nil || len(v.log) > 0:
				v.editing = false
				return nil, nil
			}
			return popView{}, nil
		}
		v.ed.handleKey(msg)
		return nil, nil
	}
	if key.Matches(msg, k.Query.Edit) {
		v.editing = true
		return nil, nil
	}
	if key.Matches(msg, k.Nav.Back) && msg.Code == tea.KeyEscape && v.isRunning() {
		return v.cancelRun()
	}
	if v.pane == nil {
		return ignored, nil
	}
	return v.resultKey(msg)
}

// Update takes the results of the console's commands, and pastes.
func (v *consoleView) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if v.editing {
			v.ed.paste(msg)
		}
		return nil, nil
	case consoleLoadedMsg:
		return v.consoleLoaded(msg)
	case statementRanMsg:
		return v.statementRan(msg)
	case resultDrainedMsg:
		return v.resultDrained(msg)
	case rowsStreamedMsg:
		return v.rowsStreamed(msg)
	case resultRepositionedMsg:
		return v.repositioned(msg)
	case rowsCountedForMsg:
		return v.countedForConfirmation(msg)
	case txEndedMsg:
		return v.txEnded(msg)
	case historySavedMsg:
		if msg.err != nil {
			return notice{level: levelWarn, text: "the query history was not saved: " + errText(msg.err)}, nil
		}
		return nil, nil
	}
	return nil, nil
}

func (v *consoleView) consoleLoaded(msg consoleLoadedMsg) (Intent, tea.Cmd) {
	v.loading = v.isRunning()
	if msg.info != nil {
		v.db, v.host, v.flavor = msg.info.Database, msg.info.Host, msg.info.Flavor
	}
	if msg.columns != nil {
		names := make([]string, 0, len(msg.columns))
		for _, t := range v.c.catalog.tables {
			names = append(names, t.Name)
		}
		v.ed.setCatalog(names, msg.columns)
	}
	if !v.loaded && msg.path != "" {
		v.histPath = msg.path
		v.ed.hist.entries = msg.history
		v.ed.hist.pos = len(msg.history)
	}
	v.loaded = v.loaded || msg.info != nil
	if msg.err != nil {
		return notice{level: levelWarn, text: "console: " + errText(msg.err)}, nil
	}
	return nil, nil
}

// Keys enables what applies in the console.
func (v *consoleView) Keys(ctx *keyContext) {
	ctx.console = true
	if v.editing || v.pane == nil {
		return
	}
	has := len(v.pane.rows) > 0
	ctx.canMove, ctx.canCopy, ctx.canOpen = has, has, has
	ctx.canScrollX = len(v.pane.columns) > 1
	ctx.canRelate = has && v.pane.table != nil
	ctx.canExport = has && !v.pane.explain && v.pane.stmt.Kind == store.KindRead
}

// ShortHelp is the console's one-line help.
func (v *consoleView) ShortHelp(k *KeyMap) []key.Binding {
	if v.editing {
		return []key.Binding{k.Query.Run, k.Query.RunAll, k.Query.Explain, k.Query.Complete, k.Query.Results, k.Global.Interrupt}
	}
	return []key.Binding{k.Nav.Open, k.Data.Relations, k.Data.View, k.Data.Copy, k.Query.Edit, k.Query.Run, k.Nav.Back, k.Global.Quit}
}

// View draws the editor, a status line and the result (or what the last
// run did).
func (v *consoleView) View() []string {
	out := v.ed.lines(v.editing)
	out = append(out, v.statusLine())
	var body []string
	switch {
	case v.pane != nil:
		body = v.pane.view(v.isRunning() && !v.pane.done, v.c.spin)
	case len(v.log) > 0:
		body = v.logLines(len(v.log))
	default:
		body = v.welcome()
	}
	for _, l := range body {
		if len(out) >= v.h {
			break
		}
		out = append(out, layout.Truncate(l, v.w))
	}
	for len(out) < v.h {
		out = append(out, "")
	}
	return out[:v.h]
}

// statusLine is the rule between editor and result: what runs, the
// completion candidates, or the keys.
func (v *consoleView) statusLine() string {
	s := v.c.styles
	k := v.c.keys
	var text string
	switch {
	case v.isRunning():
		text = v.c.spin + " " + sanitize.Line(v.running) + " " + humanize.Elapsed(v.clock().Sub(v.started)) + " · " + keyName(k.Query.Results) + " cancels"
	case v.ed.completing():
		text = v.ed.candidateLine(v.w - 4)
	case v.pendingTx:
		text = s.Status.Warn.Render("uncommitted changes")
	case v.pane != nil && len(v.log) > 0:
		// A run of several statements: what the last one before the
		// result did (the body shows the result).
		text = sanitize.Line(v.log[len(v.log)-1].text)
	case v.editing:
		text = hints(k.Query.Run, k.Query.RunAll, k.Query.Explain)
	default:
		text = hint(k.Query.Edit)
	}
	line := s.Grid.Sep.Render("── ") + text + " "
	return layout.Fit(line+s.Grid.Sep.Render(strings.Repeat("─", max(v.w-layout.Width(line), 0))), v.w)
}

// logLines are the last n lines of the run's log.
func (v *consoleView) logLines(n int) []string {
	s := v.c.styles
	var out []string
	for _, l := range v.log[max(len(v.log)-n, 0):] {
		mark, style := "✔ ", s.Status.Success
		switch l.level {
		case levelError:
			mark, style = "✖ ", s.Status.Error
		case levelWarn:
			mark, style = "⚠ ", s.Status.Warn
		case levelInfo:
			mark, style = "· ", s.Status.Info
		}
		for _, w := range layout.Wrap(mark+l.text, max(v.w-2, 10)) {
			out = append(out, " "+style.Render(w))
		}
	}
	return out
}

// welcome says what the console does before the first run.
func (v *consoleView) welcome() []string {
	s := v.c.styles
	k := v.c.keys
	text := []string{
		"",
		keyName(k.Query.Run) + " runs the statement under the cursor (or the selected ones); " + keyName(k.Query.RunAll) + " runs every statement in order, stopping at the first error.",
		"",
		"Reads stream into a grid (" + keyName(k.Nav.Open) + " opens a row). Writes run in a transaction and ask to commit or roll back; an UPDATE or DELETE without WHERE, and DDL, ask for the database name first.",
		"",
		keyName(k.Query.Complete) + " completes keywords, tables and columns; " + keyName(k.Query.History) + " at the first or last line walks the history; " + keyName(k.Query.Results) + " cancels a running query.",
	}
	var out []string
	for _, t := range text {
		if t == "" {
			out = append(out, "")
			continue
		}
		for _, l := range layout.Wrap(t, max(v.w-2, 10)) {
			out = append(out, " "+s.Muted.Render(l))
		}
	}
	return out
}
