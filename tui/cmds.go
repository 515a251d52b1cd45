package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// Commands: every database call of the TUI runs here, in a tea.Cmd, with a
// context and a timeout made inside the command (A4). Inputs are copied into
// locals before the closure is returned; closures never touch the model (A3).

func loadInfo(c *common) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		info, err := st.Info(ctx)
		if err == nil && info == nil {
			info = &store.ServerInfo{}
		}
		return infoLoadedMsg{info: info, err: err}
	}
}

func loadTables(c *common, seq int) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		tables, err := st.Tables(ctx)
		if err != nil {
			err = fmt.Errorf("list tables: %w", err)
		}
		return tablesLoadedMsg{seq: seq, tables: tables, err: err}
	}
}

// countRows runs COUNT(*) under ctx, which the caller can cancel.
func countRows(c *common, ctx context.Context, seq int, table string) tea.Cmd {
	st, timeout := c.store, 4*c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		n, err := st.CountRows(ctx, table)
		if err != nil {
			err = fmt.Errorf("count rows of %s: %w", table, err)
		}
		return rowsCountedMsg{seq: seq, table: table, rows: n, err: err}
	}
}

func describeTable(c *common, table string) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		info, err := st.Describe(ctx, table)
		if err != nil {
			err = fmt.Errorf("describe %s: %w", table, err)
		}
		return tableDescribedMsg{table: table, info: info, err: err}
	}
}

// fetchedPage is a page with the query that fetched it, so the window can be
// fetched again in place (refresh).
type fetchedPage struct {
	page  *store.RowPage
	query store.RowQuery
}

// loadRows fetches the page q asks for and, when n > 1, up to n-1 pages
// after it.
func loadRows(c *common, viewID, seq int, mode fetchMode, q store.RowQuery, n int) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	q.Filters = append([]store.Filter(nil), q.Filters...)
	if q.Sort != nil {
		s := *q.Sort
		q.Sort = &s
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		var pages []fetchedPage
		for len(pages) < max(n, 1) {
			p, err := st.Rows(ctx, q)
			if err != nil {
				return rowsLoadedMsg{viewID: viewID, seq: seq, mode: mode, err: fmt.Errorf("read rows of %s: %w", q.Table, err)}
			}
			pages = append(pages, fetchedPage{page: p, query: q})
			if !p.HasNext {
				break
			}
			end := p.End
			q.After, q.Before, q.Last = &end, nil, false
		}
		return rowsLoadedMsg{viewID: viewID, seq: seq, mode: mode, pages: pages}
	}
}

// loadRelations describes table (unless info is known) and counts the rows
// each relation of row leads to.
func loadRelations(c *common, viewID, seq int, table string, info *store.TableInfo, cols []store.Column, row store.Row) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		msg := relationsLoadedMsg{viewID: viewID, seq: seq, table: table, info: info, cols: cols, row: row}
		if msg.info == nil {
			i, err := st.Describe(ctx, table)
			if err != nil {
				msg.err = fmt.Errorf("describe %s: %w", table, err)
				return msg
			}
			msg.info = i
		}
		rels, err := st.Relations(ctx, msg.info, cols, row)
		if err != nil && ctx.Err() == nil && !isConnErr(err) {
			// The relations are known from the catalog even when counting
			// fails: offer them with unknown counts and say why.
			msg.countErr = fmt.Errorf("count related rows of %s: %w", table, err)
			for _, fk := range msg.info.Outgoing {
				rels = append(rels, store.RelationCount{FK: fk, Rows: -1})
			}
			for _, fk := range msg.info.Incoming {
				rels = append(rels, store.RelationCount{FK: fk, Incoming: true, Rows: -1})
			}
			err = nil
		}
		if err != nil {
			msg.err = fmt.Errorf("relations of %s: %w", table, err)
		}
		msg.rels = rels
		return msg
	}
}

func loadUser(c *common, viewID, seq int, userID int64) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		sum, err := st.UserSummary(ctx, userID)
		if err != nil {
			return userLoadedMsg{viewID: viewID, seq: seq, err: fmt.Errorf("load user %d: %w", userID, err)}
		}
		points, err := st.UserScores(ctx, userID, userScoresLimit)
		if err != nil {
			return userLoadedMsg{viewID: viewID, seq: seq, summary: sum, err: fmt.Errorf("load scores of user %d: %w", userID, err)}
		}
		return userLoadedMsg{viewID: viewID, seq: seq, summary: sum, points: points}
	}
}

func loadScores(c *common, viewID, seq int, sessionID int64) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		scores, err := st.SessionScores(ctx, sessionID)
		if err != nil {
			err = fmt.Errorf("load scores of session %d: %w", sessionID, err)
		}
		return scoresLoadedMsg{viewID: viewID, seq: seq, scores: scores, err: err}
	}
}

func loadStructure(c *common, viewID, seq int, table string) tea.Cmd {
	st, parent, timeout := c.store, c.ctx, c.timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		info, err := st.Describe(ctx, table)
		if err != nil {
			return structureLoadedMsg{viewID: viewID, seq: seq, err: fmt.Errorf("describe %s: %w", table, err)}
		}
		ddl, err := st.CreateTableSQL(ctx, table)
		if err != nil {
			return structureLoadedMsg{viewID: viewID, seq: seq, info: info, err: fmt.Errorf("show create table %s: %w", table, err)}
		}
		return structureLoadedMsg{viewID: viewID, seq: seq, info: info, ddl: ddl}
	}
}

func planPush(c *common, seq int) tea.Cmd {
	act, parent := c.actions, c.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, planTimeout)
		defer cancel()
		plan, err := act.PlanPush(ctx)
		if err != nil {
			err = fmt.Errorf("plan push: %w", err)
		}
		return planLoadedMsg{seq: seq, plan: plan, err: err}
	}
}

// expireStatus clears status message id after d.
func expireStatus(id int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return statusExpiredMsg{id: id} })
}
