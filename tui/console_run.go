package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// How the console reads a result: the first rows show as soon as they
// come (after at most firstRowsWait once one has come), then a block at
// a time as the cursor reaches the end of what is held.
const (
	firstRowsWait = 200 * time.Millisecond
	// countTimeout bounds counting the rows a statement will touch.
	countTimeout = time.Minute
)

// Messages of the console's commands; all carry the console's id.
type (
	// consoleLoadedMsg: the server, the history and the column names.
	consoleLoadedMsg struct {
		target  int
		info    *store.ServerInfo
		path    string
		history []string
		columns map[string][]string
		err     error
	}
	// statementRanMsg: one statement of the run ran (and a read's first
	// rows came), or failed.
	statementRanMsg struct {
		target, seq int
		sess        Session // opened for this statement
		res         ResultStream
		rows        []store.Row
		infos       map[string]*store.TableInfo
		gen         int
		took        time.Duration
		err         error
	}
	// resultDrainedMsg: a read of a run that was not its last statement,
	// read to the end and counted.
	resultDrainedMsg struct {
		target, seq int
		rows        int64
		took        time.Duration
		err         error
	}
	// rowsStreamedMsg: more rows of the shown result.
	rowsStreamedMsg struct {
		target, seq int
		res         ResultStream
		rows        []store.Row
		done        bool
		took        time.Duration
		err         error
	}
	// resultRepositionedMsg: the shown result ran again from its start
	// (to go back) or was read to its end (G), with the rows of the new
	// window.
	resultRepositionedMsg struct {
		target, seq int
		res         ResultStream // open again after a re-run, or nil
		origin      int64
		rows        []store.Row
		done        bool
		at          int64 // where the cursor goes
		took        time.Duration
		err         error
	}
	// rowsCountedForMsg: the row counts of the tables a statement touches,
	// for its confirmation.
	rowsCountedForMsg struct {
		target, seq int
		counts      []int64
		err         error
	}
	// txEndedMsg: the transaction was committed or rolled back.
	txEndedMsg struct {
		target int
		commit bool
		rows   int64
		err    error
	}
	// historySavedMsg: a statement was added to the history file.
	historySavedMsg struct {
		target int
		err    error
	}
)

func (m consoleLoadedMsg) to() int      { return m.target }
func (m statementRanMsg) to() int       { return m.target }
func (m resultDrainedMsg) to() int      { return m.target }
func (m rowsStreamedMsg) to() int       { return m.target }
func (m resultRepositionedMsg) to() int { return m.target }
func (m rowsCountedForMsg) to() int     { return m.target }
func (m txEndedMsg) to() int            { return m.target }
func (m historySavedMsg) to() int       { return m.target }

// loadConsole reads the server description, the history of its database
// and every table's columns (for completion).
func loadConsole(c *common, target int) tea.Cmd {
	st, file := c.store, c.historyFile
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		msg := consoleLoadedMsg{target: target}
		if msg.info, msg.err = st.Info(ctx); msg.err != nil {
			return msg
		}
		msg.columns, msg.err = st.ColumnNames(ctx)
		if msg.err != nil {
			return msg
		}
		path := file
		if path == "" {
			var err error
			if path, err = historyPath(os.Getenv); err != nil {
				msg.err = err
				return msg
			}
		}
		msg.path = path
		msg.history, msg.err = loadHistory(path, msg.info.Database)
		return msg
	})
}

// saveHistory appends a run to the history file.
func saveHistory(target int, path, db, sql string) tea.Cmd {
	return func() tea.Msg {
		return historySavedMsg{target: target, err: appendHistory(path, db, sql)}
	}
}

// runStatement runs one statement under ctx (Esc ends it: the store stops
// it on the server), after closing the previous result and opening the
// session if there is none. A read's first rows come with the result; the
// tables it reads are described first, to know whether its rows are a
// table's.
func runStatement(c *common, ctx context.Context, target, seq int, sess Session, prev ResultStream, text string, explain bool, clock func() time.Time) tea.Cmd {
	st, open, gen, block := c.store, c.openSession, c.catalog.gen, c.pageSize
	stmt := store.Classify(text)
	known := map[string]*store.TableInfo{}
	var describe []string
	if stmt.Kind == store.KindRead && !explain {
		for _, t := range stmt.Tables {
			if info := c.catalog.info(t); info != nil {
				known[t] = info
			} else if !strings.Contains(t, ".") {
				describe = append(describe, t)
			}
		}
	}
	timeout := c.timeout
	return func() tea.Msg {
		msg := statementRanMsg{target: target, seq: seq, infos: known, gen: gen}
		if prev != nil {
			_ = prev.Close()
		}
		if sess == nil {
			if open == nil {
				msg.err = errors.New("the query console needs a database connection of its own, which this store cannot open")
				return msg
			}
			octx, cancel := context.WithTimeout(ctx, timeout)
			s, err := open(octx)
			cancel()
			if err != nil {
				msg.err = err
				return msg
			}
			sess, msg.sess = s, s
		}
		for _, t := range describe {
			dctx, cancel := context.WithTimeout(ctx, timeout)
			if info, err := st.Describe(dctx, t); err == nil {
				msg.infos[t] = info
			}
			cancel()
		}
		start := clock()
		res, err := runOn(ctx, sess, text, explain)
		if err == nil && len(res.Columns()) > 0 {
			msg.rows, err = res.NextWithin(ctx, block, firstRowsWait)
		}
		msg.res, msg.took, msg.err = res, clock().Sub(start), err
		return msg
	}
}

// runOn runs text on sess, or EXPLAINs it when explain is set: a
// statement's first run and the run again that repositions its result
// must ask the same of the server.
func runOn(ctx context.Context, sess Session, text string, explain bool) (ResultStream, error) {
	if explain {
		return sess.Explain(ctx, text)
	}
	return sess.Query(ctx, text)
}

// drainResult reads a result to its end, holding none of its rows.
func drainResult(ctx context.Context, target, seq int, res ResultStream, clock func() time.Time) tea.Cmd {
	return func() tea.Msg {
		start := clock()
		n, err := res.Skip(ctx, -1)
		_ = res.Close()
		return resultDrainedMsg{target: target, seq: seq, rows: n, took: clock().Sub(start), err: err}
	}
}

// fetchRows reads the next rows of the shown result.
func fetchRows(ctx context.Context, target, seq int, res ResultStream, n int, clock func() time.Time) tea.Cmd {
	return func() tea.Msg {
		start := clock()
		rows, err := res.NextWithin(ctx, n, firstRowsWait)
		return rowsStreamedMsg{target: target, seq: seq, res: res, rows: rows, done: res.Done(), took: clock().Sub(start), err: err}
	}
}

// rerunResult runs the shown statement again, skips to row from and reads
// n rows: the way back to rows the window dropped.
func rerunResult(ctx context.Context, target, seq int, sess Session, prev ResultStream, text string, explain bool, from int64, n int, at int64, clock func() time.Time) tea.Cmd {
	return func() tea.Msg {
		msg := resultRepositionedMsg{target: target, seq: seq, origin: from, at: at}
		if prev != nil {
			_ = prev.Close()
		}
		start := clock()
		res, err := runOn(ctx, sess, text, explain)
		if err != nil {
			msg.err = err
			return msg
		}
		if skipped, err := res.Skip(ctx, from); err != nil || skipped < from {
			// Fewer rows than before (the data changed): start where the
			// rows end.
			msg.origin = skipped
			if err != nil {
				_ = res.Close()
				msg.err = err
				return msg
			}
		}
		msg.rows, msg.err = res.NextWithin(ctx, n, 0)
		msg.done = res.Done()
		if msg.done {
			_ = res.Close()
		} else {
			msg.res = res
		}
		msg.took = clock().Sub(start)
		return msg
	}
}

// readToEnd reads the shown result to its end, keeping only its last keep
// rows (G): the total is then known, the memory still bounded.
func readToEnd(ctx context.Context, target, seq int, res ResultStream, origin int64, held []store.Row, block, keep int, clock func() time.Time) tea.Cmd {
	held = append([]store.Row(nil), held...)
	return func() tea.Msg {
		start := clock()
		msg := resultRepositionedMsg{target: target, seq: seq}
		rows, total := held, origin+int64(len(held))
		for !res.Done() {
			more, err := res.NextWithin(ctx, block, 0)
			rows = append(rows, more...)
			total += int64(len(more))
			if len(rows) > keep {
				rows = append([]store.Row(nil), rows[len(rows)-keep:]...)
			}
			if err != nil {
				msg.err = err
				break
			}
		}
		_ = res.Close()
		msg.origin, msg.rows, msg.done, msg.at = total-int64(len(rows)), rows, msg.err == nil, total-1
		msg.took = clock().Sub(start)
		return msg
	}
}

// countForConfirmation counts the rows of the tables an UPDATE or DELETE
// without WHERE will touch, after closing the previous result (the
// embedded engine runs one statement at a time).
func countForConfirmation(c *common, target, seq int, prev ResultStream, tables []string) tea.Cmd {
	st, parent := c.store, c.ctx
	return func() tea.Msg {
		if prev != nil {
			_ = prev.Close()
		}
		ctx, cancel := context.WithTimeout(parent, countTimeout)
		defer cancel()
		msg := rowsCountedForMsg{target: target, seq: seq}
		for _, t := range tables {
			n, err := st.CountRows(ctx, t)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.counts = append(msg.counts, n)
		}
		return msg
	}
}

// endTransaction commits or rolls back the session's transaction.
func endTransaction(c *common, target int, sess Session, commit bool) tea.Cmd {
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		var n int64
		var err error
		if commit {
			n, err = sess.Commit(ctx)
		} else {
			n, err = sess.Rollback(ctx)
		}
		return txEndedMsg{target: target, commit: commit, rows: n, err: err}
	})
}

// closeSession closes what a console holds when it leaves for good.
func closeSession(c *common, sess Session, res ResultStream) tea.Cmd {
	return func() tea.Msg {
		if res != nil {
			_ = res.Close()
		}
		if sess != nil {
			_ = sess.Close()
			c.sessions.remove(sess)
		}
		return nil
	}
}

// outcome describes what a statement did, for the console's log.
func outcome(res ResultStream) string {
	st := res.Statement()
	verb := sanitize.Line(st.Verb)
	if verb == "" {
		verb = "statement"
	}
	if len(st.Tables) > 0 {
		verb += " " + sanitize.Line(strings.Join(st.Tables, ", "))
	}
	switch {
	case res.InTransaction() && st.Kind == store.KindTransaction:
		return verb + ": transaction open"
	case res.InTransaction():
		return verb + ": " + humanize.Plural(res.RowsAffected(), "row") + " changed, not yet committed"
	case st.Verb == "COMMIT":
		return "committed: " + humanize.Plural(res.RowsAffected(), "row") + " changed"
	case st.Verb == "ROLLBACK":
		return "rolled back: the changes to " + humanize.Plural(res.RowsAffected(), "row") + " are undone"
	case st.Kind == store.KindDDL:
		return verb + ": done (DDL is committed at once)"
	}
	if n := res.RowsAffected(); n > 0 {
		return verb + ": " + humanize.Plural(n, "row") + " affected"
	}
	return verb + ": done"
}

// cancelled reports whether err is a cancellation (Esc).
func cancelled(err error) bool {
	return errors.Is(err, store.ErrCanceled) || errors.Is(err, context.Canceled)
}

// errText is err as one line for the console's log.
func errText(err error) string { return sanitize.Line(fmt.Sprint(err)) }
