package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// A run: the statements the run keys chose, run one after the other by
// step, each once the previous one is done (never two at a time),
// stopping at the first error.

// runCursor runs the statement under the cursor, or the selected ones.
func (v *consoleView) runCursor() (Intent, tea.Cmd) {
	if sel, ok := v.ed.selection(); ok {
		return v.start(spanTexts(store.SplitStatements(sel)), false)
	}
	sp, ok := store.StatementAt(store.SplitStatements(v.ed.value()), v.ed.cursorOffset())
	if !ok {
		return notice{level: levelInfo, text: "nothing to run: type a statement"}, nil
	}
	return v.start([]string{sp.Text}, false)
}

// runAll runs every statement of the editor, in order.
func (v *consoleView) runAll() (Intent, tea.Cmd) {
	return v.start(spanTexts(store.SplitStatements(v.ed.value())), false)
}

// explainCursor shows the plan of the statement under the cursor.
func (v *consoleView) explainCursor() (Intent, tea.Cmd) {
	sp, ok := store.StatementAt(store.SplitStatements(v.ed.value()), v.ed.cursorOffset())
	if !ok {
		return notice{level: levelInfo, text: "nothing to explain: type a statement"}, nil
	}
	return v.start([]string{sp.Text}, true)
}

func spanTexts(spans []store.Span) []string {
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = sp.Text
	}
	return out
}

// start begins a run of texts.
func (v *consoleView) start(texts []string, explain bool) (Intent, tea.Cmd) {
	switch {
	case v.isRunning():
		return notice{level: levelWarn, text: "a statement is running: " + keyName(v.c.keys.Query.Results) + " cancels it"}, nil
	case len(texts) == 0:
		return notice{level: levelInfo, text: "nothing to run: type a statement"}, nil
	case v.c.openSession == nil:
		return failure{err: fmt.Errorf("the query console needs a database connection of its own, which this store cannot open")}, nil
	}
	v.queue, v.next, v.explain, v.confirmed, v.afterTx, v.runChanged = texts, 0, explain, false, false, 0
	v.log = nil
	run := strings.Join(texts, ";\n")
	v.ed.hist.add(run)
	var save tea.Cmd
	if v.histPath != "" {
		save = saveHistory(v.id, v.histPath, v.db, run)
	}
	it, cmd := v.step()
	return it, tea.Batch(save, cmd)
}

// step runs the next statement of the run, after what it needs first: the
// answer to a pending transaction before DDL, the confirmation of a
// statement that touches every row or the schema.
func (v *consoleView) step() (Intent, tea.Cmd) {
	if v.next >= len(v.queue) {
		return v.finish()
	}
	text := v.queue[v.next]
	st := store.Classify(text)
	if v.explain {
		return v.run(text)
	}
	if st.Kind == store.KindDDL && v.pendingTx {
		v.afterTx = true
		return v.askTx([]string{
			st.Verb + " is next: MySQL commits the open transaction along with it.",
			"End the transaction first (" + humanize.Plural(v.runChanged, "row") + " changed by this run so far):",
		})
	}
	if st.NeedsConfirmation() && !v.confirmed && !v.c.readOnly {
		if !v.loaded {
			v.queue = nil
			return notice{level: levelWarn, text: "the console is still loading the database name; run it again in a moment"}, nil
		}
		if st.Kind == store.KindWrite && len(st.Tables) > 0 {
			var prev ResultStream
			if v.pane != nil {
				prev = v.pane.stop()
			}
			_, seq := v.begin("counting the rows " + st.Verb + " touches…")
			return nil, countForConfirmation(v.c, v.id, seq, prev, st.Tables)
		}
		return v.confirm(st, nil)
	}
	v.confirmed = false
	return v.run(text)
}

// run starts one statement.
func (v *consoleView) run(text string) (Intent, tea.Cmd) {
	st := store.Classify(text)
	var prev ResultStream
	if v.pane != nil {
		// The previous result gives way to what this statement does.
		prev = v.pane.stop()
		v.pane = nil
	}
	what := "running " + st.Verb
	if v.explain {
		what = "explaining " + st.Verb
	}
	if len(v.queue) > 1 {
		what += fmt.Sprintf(" (%d of %d)", v.next+1, len(v.queue))
	}
	v.current = text
	ctx, seq := v.begin(what + "…")
	return nil, runStatement(v.c, ctx, v.id, seq, v.sess, prev, text, v.explain, v.clock)
}

// confirm asks for the database name before a statement that touches
// every row of its tables (counts, one per table) or the schema.
func (v *consoleView) confirm(st store.Classified, counts []int64) (Intent, tea.Cmd) {
	stmt := sanitize.Line(layout.Truncate(strings.Join(strings.Fields(st.Text), " "), 200))
	var title string
	var text, warnings []string
	switch st.Kind {
	case store.KindDDL:
		title = "DDL: " + st.Verb
		what := st.Verb
		if len(st.Tables) > 0 {
			what += " on " + sanitize.Line(strings.Join(st.Tables, ", "))
		} else if st.Database != "" {
			what += " of database " + sanitize.Line(st.Database)
		}
		text = append(text, what+":", "  "+stmt)
		warnings = append(warnings, "MySQL commits DDL at once: it cannot be rolled back.")
	default:
		title = st.Verb + " without WHERE"
		var parts []string
		for i, t := range st.Tables {
			if i < len(counts) {
				parts = append(parts, sanitize.Line(t)+" ("+humanize.Plural(counts[i], "row")+")")
			}
		}
		text = append(text, "This "+st.Verb+" has no WHERE clause: it touches every row of "+strings.Join(parts, ", ")+":", "  "+stmt,
			"It runs in a transaction: you can still roll it back afterwards.")
		if !st.Parsed {
			warnings = append(warnings, "the statement could not be analysed, so whether it has a WHERE clause is not known")
		}
	}
	if len(v.queue) > 1 {
		text = append(text, fmt.Sprintf("(statement %d of %d)", v.next+1, len(v.queue)))
	}
	proceed := func() (Intent, tea.Cmd) {
		v.confirmed = true
		return v.step()
	}
	cancel := func() (Intent, tea.Cmd) {
		v.queue = nil
		v.log = append(v.log, logLine{levelInfo, st.Verb + " not run: cancelled"})
		if v.pendingTx {
			return v.finish()
		}
		return notice{level: levelInfo, text: st.Verb + " cancelled: nothing changed"}, nil
	}
	want := v.db
	if want == "" {
		// No database is selected: the server's address stands in for it.
		want = v.host
	}
	d, cmd := newConfirmDialog(v.c, want, title, "run it", text, warnings, proceed, cancel)
	return openDialog{d: d}, cmd
}

func (v *consoleView) countedForConfirmation(msg rowsCountedForMsg) (Intent, tea.Cmd) {
	if !v.end(msg.seq) {
		return nil, nil
	}
	if msg.err != nil {
		v.queue = nil
		v.log = append(v.log, logLine{levelError, "could not count the rows it touches: " + errText(msg.err)})
		return failure{err: msg.err}, nil
	}
	if v.next >= len(v.queue) {
		return nil, nil
	}
	return v.confirm(store.Classify(v.queue[v.next]), msg.counts)
}

// statementRan takes what a statement did and goes on with the run.
func (v *consoleView) statementRan(msg statementRanMsg) (Intent, tea.Cmd) {
	if msg.sess != nil {
		if v.sess != nil || v.released {
			// The console left while the session was opening.
			return nil, closeSession(v.c, msg.sess, msg.res)
		}
		v.sess = msg.sess
		v.c.sessions.add(msg.sess)
	}
	if !v.end(msg.seq) {
		if msg.res != nil {
			return nil, closeResult(msg.res)
		}
		return nil, nil
	}
	for name, info := range msg.infos {
		v.c.catalog.put(name, info, msg.gen)
	}
	text := v.current
	if msg.err != nil {
		return v.failed(store.Classify(text), msg.err, msg.res)
	}
	res := msg.res
	st := res.Statement()
	last := v.next == len(v.queue)-1
	if len(res.Columns()) > 0 {
		if !last && !res.Done() {
			ctx, seq := v.begin("reading the rows of " + st.Verb + "…")
			return nil, drainResult(ctx, v.id, seq, res, v.clock)
		}
		if !last {
			v.log = append(v.log, logLine{levelSuccess, sanitize.Line(st.Verb) + ": " + humanize.Plural(int64(len(msg.rows)), "row")})
			v.next++
			it, cmd := v.step()
			return it, tea.Batch(closeResult(res), cmd)
		}
		v.showResult(text, res, msg.rows, msg.took, msg.infos)
		v.next++
		it, cmd := v.step()
		if it == nil && cmd == nil {
			// Fill the screen while the rows come slowly.
			cmd = v.moreRows()
		}
		return both(success{}, it), cmd
	}
	v.log = append(v.log, logLine{levelSuccess, outcome(res)})
	if res.InTransaction() {
		v.pendingTx = true
		v.runChanged += res.RowsAffected()
	}
	var it Intent = success{}
	switch {
	case st.Verb == "COMMIT" || st.Verb == "ROLLBACK":
		v.pendingTx = false
		it = refresh{quiet: true}
	case st.Kind == store.KindDDL:
		it = refresh{quiet: true}
	}
	v.next++
	next, cmd := v.step()
	return both(it, next), cmd
}

// showResult makes the result pane of a read.
func (v *consoleView) showResult(text string, res ResultStream, rows []store.Row, took time.Duration, infos map[string]*store.TableInfo) {
	p := newResultPane(v.c, v.c.pageSize)
	p.text, p.explain = text, v.explain
	p.resize(v.w, max(v.h-editorHeight(v.h)-1, 4))
	p.start(res, rows, took)
	if !v.explain {
		if rt := store.ResultTableOf(res.Statement(), res.Columns(), infos); rt != nil {
			p.table, p.info = rt, infos[rt.Table]
		}
	}
	v.pane = p
}

func (v *consoleView) resultDrained(msg resultDrainedMsg) (Intent, tea.Cmd) {
	if !v.end(msg.seq) {
		return nil, nil
	}
	st := store.Classify(v.current)
	if msg.err != nil {
		return v.failed(st, msg.err, nil)
	}
	v.log = append(v.log, logLine{levelSuccess, sanitize.Line(st.Verb) + ": " + humanize.Plural(msg.rows, "row")})
	v.next++
	return v.step()
}

// failed ends the run at a statement that failed; earlier writes of the
// transaction are then committed or rolled back.
func (v *consoleView) failed(st store.Classified, err error, res ResultStream) (Intent, tea.Cmd) {
	var closing tea.Cmd
	if res != nil {
		closing = closeResult(res)
	}
	v.queue = nil
	if cancelled(err) {
		v.log = append(v.log, logLine{levelWarn, st.Verb + ": cancelled, stopped on the server"})
	} else {
		v.log = append(v.log, logLine{levelError, st.Verb + ": " + errText(err)})
	}
	var it Intent = failure{err: err}
	if cancelled(err) {
		it = notice{level: levelInfo, text: "cancelled: the server stopped the query"}
	}
	if v.pendingTx {
		tx, cmd := v.askTx([]string{
			st.Verb + " failed: " + errText(err),
			"The statements before it changed " + humanize.Plural(v.runChanged, "row") + ", not yet committed.",
		})
		return both(it, tx), tea.Batch(closing, cmd)
	}
	return it, closing
}

// finish ends a run: with uncommitted changes it asks to commit or roll
// back.
func (v *consoleView) finish() (Intent, tea.Cmd) {
	v.queue = nil
	if !v.pendingTx {
		return nil, nil
	}
	text := []string{humanize.Plural(v.runChanged, "row") + " changed, not yet committed:"}
	for _, l := range v.log {
		if l.level == levelSuccess {
			text = append(text, "  "+l.text)
		}
	}
	return v.askTx(text)
}

// askTx opens the commit or roll back question.
func (v *consoleView) askTx(text []string) (Intent, tea.Cmd) {
	decide := func(commit bool) (Intent, tea.Cmd) {
		if v.sess == nil {
			return nil, nil
		}
		what := "rolling back…"
		if commit {
			what = "committing…"
		}
		v.begin(what)
		return nil, endTransaction(v.c, v.id, v.sess, commit)
	}
	return openDialog{d: newTxDialog(v.c, text, decide)}, nil
}

func (v *consoleView) txEnded(msg txEndedMsg) (Intent, tea.Cmd) {
	v.running, v.loading = "", false
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	if msg.err != nil {
		v.log = append(v.log, logLine{levelError, "ending the transaction failed: " + errText(msg.err)})
		v.queue, v.afterTx = nil, false
		return failure{err: msg.err}, nil
	}
	v.pendingTx = false
	var it Intent
	if msg.commit {
		v.log = append(v.log, logLine{levelSuccess, "committed: " + humanize.Plural(msg.rows, "row") + " changed"})
		it = intents{notice{level: levelSuccess, text: "committed: " + humanize.Plural(msg.rows, "row") + " changed"}, refresh{quiet: true}}
	} else {
		v.log = append(v.log, logLine{levelInfo, "rolled back: nothing changed"})
		it = notice{level: levelInfo, text: "rolled back: nothing changed"}
	}
	v.runChanged = 0
	if v.afterTx {
		v.afterTx = false
		next, cmd := v.step()
		return both(it, next), cmd
	}
	return it, nil
}

// closeResult closes a result nobody shows.
func closeResult(res ResultStream) tea.Cmd {
	return func() tea.Msg {
		_ = res.Close()
		return nil
	}
}
