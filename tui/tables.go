package tui

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// tablesPane is the left pane: the tables in alphabetical order with their
// row counts ("~" marks an estimate).
type tablesPane struct {
	c       *common
	tables  []store.Table
	cursor  int
	top     int
	w, h    int // inner size
	loading bool
	loaded  bool
	seq     int
	err     error
	// counting holds the exact counts in flight, by table; Esc cancels.
	counting map[string]countJob
}

type countJob struct {
	seq    int
	cancel context.CancelFunc
	quiet  bool // a recount after an action: no status message of its own
}

func newTablesPane(c *common) *tablesPane {
	return &tablesPane{c: c, counting: map[string]countJob{}}
}

// SetSize sets the inner size.
func (p *tablesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.scrollTo()
}

// selected returns the table under the cursor.
func (p *tablesPane) selected() (store.Table, bool) {
	if p.cursor < 0 || p.cursor >= len(p.tables) {
		return store.Table{}, false
	}
	return p.tables[p.cursor], true
}

// load starts reading the table list.
func (p *tablesPane) load() tea.Cmd {
	p.seq = p.c.nextSeq()
	p.loading = true
	return loadTables(p.c, p.seq)
}

// setTables takes a loaded list, keeping the cursor on the same table and
// exact counts of tables that still have them.
func (p *tablesPane) setTables(ts []store.Table) {
	cur, _ := p.selected()
	exact := map[string]int64{}
	for _, t := range p.tables {
		if t.Exact {
			exact[t.Name] = t.Rows
		}
	}
	ts = append([]store.Table(nil), ts...)
	sort.SliceStable(ts, func(i, j int) bool { return strings.ToLower(ts[i].Name) < strings.ToLower(ts[j].Name) })
	p.tables = ts
	p.loaded = true
	p.cursor = 0
	for i, t := range ts {
		if t.Name == cur.Name {
			p.cursor = i
		}
	}
	p.scrollTo()
}

// setCount records an exact count.
func (p *tablesPane) setCount(table string, n int64) {
	for i := range p.tables {
		if p.tables[i].Name == table {
			p.tables[i].Rows, p.tables[i].Exact = n, true
		}
	}
}

// table returns the list entry of a table.
func (p *tablesPane) table(name string) (store.Table, bool) {
	for _, t := range p.tables {
		if t.Name == name {
			return t, true
		}
	}
	return store.Table{}, false
}

// count starts an exact count of table; counting it again restarts it.
func (p *tablesPane) count(table string) tea.Cmd { return p.startCount(table, false) }

// recountAll counts every table whose count is an estimate, quietly. After
// a reset or a reseed InnoDB's estimates are far off for a while (a
// cancelled load of 100,000 users is rolled back in the background, and
// the estimates count its rows until then), while COUNT(*) sees only
// committed rows.
func (p *tablesPane) recountAll() tea.Cmd {
	var cmds []tea.Cmd
	for _, t := range p.tables {
		if !t.Exact {
			cmds = append(cmds, p.startCount(t.Name, true))
		}
	}
	return tea.Batch(cmds...)
}

func (p *tablesPane) startCount(table string, quiet bool) tea.Cmd {
	if job, ok := p.counting[table]; ok {
		job.cancel()
	}
	ctx, cancel := context.WithCancel(p.c.ctx)
	seq := p.c.nextSeq()
	p.counting[table] = countJob{seq: seq, cancel: cancel, quiet: quiet}
	return countRows(p.c, ctx, seq, table)
}

// counted ends a count; it reports false for a result nobody waits for.
func (p *tablesPane) counted(msg rowsCountedMsg) (countJob, bool) {
	job, ok := p.counting[msg.table]
	if !ok || job.seq != msg.seq {
		return countJob{}, false
	}
	job.cancel()
	delete(p.counting, msg.table)
	return job, true
}

// cancelCounts stops every count in flight; it reports whether there was one.
func (p *tablesPane) cancelCounts() bool {
	n := len(p.counting)
	for t, job := range p.counting {
		job.cancel()
		delete(p.counting, t)
	}
	return n > 0
}

func (p *tablesPane) move(d int) {
	p.cursor = max(0, min(len(p.tables)-1, p.cursor+d))
	p.scrollTo()
}

func (p *tablesPane) scrollTo() {
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.h > 0 && p.cursor >= p.top+p.h {
		p.top = p.cursor - p.h + 1
	}
	p.top = max(0, min(p.top, len(p.tables)-p.h))
}

// HandleKey handles keys while the list has the focus.
func (p *tablesPane) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		p.move(-1)
	case key.Matches(msg, k.Nav.Down):
		p.move(1)
	case key.Matches(msg, k.Nav.PageUp):
		p.move(-max(p.h-1, 1))
	case key.Matches(msg, k.Nav.PageDown):
		p.move(max(p.h-1, 1))
	case key.Matches(msg, k.Nav.Top):
		p.move(-len(p.tables))
	case key.Matches(msg, k.Nav.Bottom):
		p.move(len(p.tables))
	case key.Matches(msg, k.Nav.Open):
		if t, ok := p.selected(); ok {
			return m.openTable(t.Name)
		}
	case key.Matches(msg, k.Data.Count):
		if t, ok := p.selected(); ok {
			return tea.Batch(p.count(t.Name), m.spin())
		}
	case key.Matches(msg, k.Data.Structure):
		if t, ok := p.selected(); ok {
			return m.openStructure(t.Name)
		}
	case key.Matches(msg, k.Nav.Back):
		if p.cancelCounts() {
			return m.notify(levelInfo, "count cancelled")
		}
	}
	return nil
}

// View renders the list body (h lines of width w).
func (p *tablesPane) View(m *Model, focused bool) []string {
	s := p.c.styles
	switch {
	case p.loading && !p.loaded:
		return []string{" " + m.spinner.View() + s.Muted.Render(" loading…")}
	case p.err != nil && !p.loaded:
		return append([]string{s.Error.Render(" ✖ no table list")}, wrapLines(s.Muted.Render(" press r to retry"), p.w)...)
	case len(p.tables) == 0:
		return []string{s.Muted.Render(" no tables")}
	}
	open := ""
	if v := m.rootGrid(); v != nil {
		open = v.table
	}
	lines := make([]string, 0, p.h)
	for i := p.top; i < len(p.tables) && i < p.top+p.h; i++ {
		t := p.tables[i]
		count := compactCount(t.Rows)
		if !t.Exact {
			count = "~" + count
		}
		if _, ok := p.counting[t.Name]; ok {
			count = m.spinner.View()
		}
		marker := " "
		if t.Name == open {
			marker = s.Tables.Open.Render("▸")
		}
		cw := ansiWidth(count)
		nameW := max(p.w-cw-3, 1)
		name := fitKnown(sanitize(t.Name), ansiWidth(sanitize(t.Name)), nameW, false)
		line := name + " " + s.Tables.Count.Render(count) + " "
		if i == p.cursor {
			st := s.Tables.CursorBl
			if focused {
				st = s.Tables.Cursor
			}
			line = st.Render(name + " " + count + " ")
		}
		lines = append(lines, marker+line)
	}
	return lines
}
