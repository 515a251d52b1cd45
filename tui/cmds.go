package tui

import (
	"context"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// Commands: every database call of the TUI runs here, in a tea.Cmd, with a
// context and a timeout made inside the command. Inputs are copied into
// locals before the closure is returned; closures never touch the model or
// a component. The store's errors already say what failed ("rows of users:
// …"), so they are passed on as they are.

func loadInfo(c *common, seq int) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		info, err := st.Info(ctx)
		if err == nil && info == nil {
			info = &store.ServerInfo{}
		}
		return infoLoadedMsg{seq: seq, info: info, err: err}
	})
}

func loadTables(c *common, seq int) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		tables, err := st.Tables(ctx)
		return tablesLoadedMsg{seq: seq, tables: tables, err: err}
	})
}

// countRows runs COUNT(*) under ctx, which the caller can cancel.
func countRows(c *common, ctx context.Context, seq int, table string) tea.Cmd {
	st, timeout := c.store, 4*c.timeout
	return timeoutCmd(ctx, timeout, func(ctx context.Context) tea.Msg {
		n, err := st.CountRows(ctx, table)
		return rowsCountedMsg{seq: seq, table: table, rows: n, err: err}
	})
}

// countMatches counts the rows a grid's filters select.
func countMatches(c *common, target, seq int, info *store.TableInfo, filters []store.Filter) tea.Cmd {
	st := c.store
	filters = append([]store.Filter(nil), filters...)
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		n, err := st.CountMatching(ctx, info, filters)
		return matchesCountedMsg{target: target, seq: seq, filters: len(filters), rows: n, err: err}
	})
}

// countPosition counts the rows before q.Before: where a grid's window is.
func countPosition(c *common, target, seq int, info *store.TableInfo, q store.RowQuery) tea.Cmd {
	st := c.store
	q.Filters = append([]store.Filter(nil), q.Filters...)
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		n, err := st.CountBefore(ctx, info, q)
		return positionCountedMsg{target: target, seq: seq, before: n, err: err}
	})
}

// fetchedPage is a page with the query that fetched it, so the window can be
// fetched again in place (refresh).
type fetchedPage struct {
	page  *store.RowPage
	query store.RowQuery
}

// loadRows fetches the page q asks for and, when n > 1, up to n-1 pages
// after it. Without info it describes the table first, once: every page
// after that is one query.
func loadRows(c *common, target, seq int, mode fetchMode, info *store.TableInfo, q store.RowQuery, n int) tea.Cmd {
	st, gen := c.store, c.catalog.gen
	q.Filters = append([]store.Filter(nil), q.Filters...)
	if q.Sort != nil {
		s := *q.Sort
		q.Sort = &s
	}
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		msg := rowsLoadedMsg{target: target, seq: seq, mode: mode, info: info, gen: gen}
		if msg.info == nil {
			if msg.info, msg.err = st.Describe(ctx, q.Table); msg.err != nil {
				return msg
			}
		}
		for len(msg.pages) < max(n, 1) {
			p, err := st.RowsOf(ctx, msg.info, q)
			if err != nil {
				msg.pages, msg.err = nil, err
				return msg
			}
			msg.pages = append(msg.pages, fetchedPage{page: p, query: q})
			if !p.HasNext {
				break
			}
			end := p.End
			q.After, q.Before, q.Last = &end, nil, false
		}
		return msg
	})
}

// loadRelations describes table (unless info is known) and counts the rows
// each relation of row leads to.
func loadRelations(c *common, target, seq int, table string, info *store.TableInfo, cols []store.Column, row store.Row) tea.Cmd {
	st, gen := c.store, c.catalog.gen
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		msg := relationsLoadedMsg{target: target, seq: seq, table: table, info: info, gen: gen, cols: cols, row: row}
		if msg.info == nil {
			if msg.info, msg.err = st.Describe(ctx, table); msg.err != nil {
				return msg
			}
		}
		rels, err := st.Relations(ctx, msg.info, cols, row)
		if err != nil && ctx.Err() == nil && !store.IsConnError(err) {
			// The relations are known from the catalog even when counting
			// fails: offer them with unknown counts and say why.
			msg.countErr = err
			rels = nil
			for _, fk := range msg.info.Outgoing {
				rels = append(rels, store.RelationCount{FK: fk, Rows: -1})
			}
			for _, fk := range msg.info.Incoming {
				rels = append(rels, store.RelationCount{FK: fk, Incoming: true, Rows: -1})
			}
			err = nil
		}
		msg.rels, msg.err = rels, err
		return msg
	})
}

// countOrphans counts the orphans of each of rels in turn, with the time
// an exact row count gets (each reads a whole table).
func countOrphans(c *common, target, seq int, rels []store.ForeignKey) tea.Cmd {
	st := c.store
	rels = slices.Clone(rels)
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		msg := orphansCountedMsg{target: target, seq: seq, rels: rels}
		for _, rel := range rels {
			n, err := st.Orphans(ctx, rel)
			if err != nil {
				msg.err = err
				break
			}
			msg.counts = append(msg.counts, n)
		}
		return msg
	})
}

func loadUser(c *common, target, seq int, userID int64) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		sum, err := st.UserSummary(ctx, userID)
		if err != nil {
			return userLoadedMsg{target: target, seq: seq, err: err}
		}
		points, err := st.UserScores(ctx, userID, userScoresLimit)
		return userLoadedMsg{target: target, seq: seq, summary: sum, points: points, err: err}
	})
}

func loadScores(c *common, target, seq int, sessionID int64) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		scores, err := st.SessionScores(ctx, sessionID)
		return scoresLoadedMsg{target: target, seq: seq, scores: scores, err: err}
	})
}

func loadStructure(c *common, target, seq int, table string) tea.Cmd {
	st, gen := c.store, c.catalog.gen
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		info, err := st.Describe(ctx, table)
		if err != nil {
			return structureLoadedMsg{target: target, seq: seq, err: err}
		}
		ddl, err := st.CreateTableSQL(ctx, table)
		if err != nil {
			return structureLoadedMsg{target: target, seq: seq, info: info, gen: gen, err: err}
		}
		// An engine without triggers answers with an error or nothing;
		// the structure is shown either way.
		triggers, _ := st.Triggers(ctx, table)
		return structureLoadedMsg{target: target, seq: seq, info: info, gen: gen, ddl: ddl, triggers: triggers}
	})
}

// loadRoutines lists the stored routines; failures (an engine without
// them) give an empty list.
func loadRoutines(c *common, seq int) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		rs, err := st.Routines(ctx)
		return routinesLoadedMsg{seq: seq, routines: rs, err: err}
	})
}

// planPush plans a push under ctx, which the plan dialog cancels.
func planPush(c *common, ctx context.Context, target int, prune bool) tea.Cmd {
	act := c.actions
	return timeoutCmd(ctx, planTimeout, func(ctx context.Context) tea.Msg {
		plan, err := act.PlanPush(ctx, prune)
		return planLoadedMsg{target: target, plan: plan, err: err}
	})
}

// expireStatus clears status message id after d.
func expireStatus(id int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return statusExpiredMsg{id: id} })
}

// timeoutCmd is a command that calls run with a context that ends after
// timeout (or with parent) and is released when run returns. The commands
// that make their own deadline (nearly every database call of the TUI)
// go through it, so none can forget to cancel, and each says only what it
// reads and what message it answers with.
func timeoutCmd(parent context.Context, timeout time.Duration, run func(ctx context.Context) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		return run(ctx)
	}
}
