package tui

import (
	"context"
	"errors"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// tablesPane is the left pane: the tables in alphabetical order with their
// row counts ("~" marks an estimate). The list itself lives in the shared
// catalog, where views read the counts too.
type tablesPane struct {
	c       *common
	cursor  int
	top     int
	w, h    int // inner size
	loading bool
	seq     int
	err     error
	// counting holds the exact counts in flight, by table; Esc cancels.
	counting map[string]countJob
	// recount asks for exact counts of every table when the list next
	// loads (after a reset or a reseed).
	recount bool
	// routines are the stored procedures and functions: an entry after
	// the tables opens them.
	routines   []store.Routine
	routineSeq int
}

type countJob struct {
	seq    int
	cancel context.CancelFunc
	quiet  bool // a recount after an action: no status message of its own
}

func newTablesPane(c *common) *tablesPane {
	return &tablesPane{c: c, counting: map[string]countJob{}}
}

func (p *tablesPane) tables() []store.Table { return p.c.catalog.tables }

// SetSize sets the inner size.
func (p *tablesPane) SetSize(w, h int) {
	p.w, p.h = w, h
	p.scrollTo()
}

// entries is the number of lines of the list: the tables, then the
// routines entry when there are routines.
func (p *tablesPane) entries() int {
	n := len(p.tables())
	if len(p.routines) > 0 {
		n++
	}
	return n
}

// selected returns the table under the cursor.
func (p *tablesPane) selected() (store.Table, bool) {
	ts := p.tables()
	if p.cursor < 0 || p.cursor >= len(ts) {
		return store.Table{}, false
	}
	return ts[p.cursor], true
}

// onRoutines reports whether the cursor is on the routines entry.
func (p *tablesPane) onRoutines() bool {
	return len(p.routines) > 0 && p.cursor == len(p.tables())
}

// busy reports whether the list or a count is loading.
func (p *tablesPane) busy() bool { return p.loading || len(p.counting) > 0 }

// load starts reading the table list and the routines.
func (p *tablesPane) load() tea.Cmd {
	p.seq = p.c.nextID()
	p.routineSeq = p.c.nextID()
	p.loading = true
	return tea.Batch(loadTables(p.c, p.seq), loadRoutines(p.c, p.routineSeq))
}

// Update takes the list and the counts.
func (p *tablesPane) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case tablesLoadedMsg:
		return p.loaded(msg)
	case rowsCountedMsg:
		return p.counted(msg)
	case routinesLoadedMsg:
		if msg.seq == p.routineSeq {
			// An engine without routines fails or lists none: either
			// way there is no entry.
			p.routines = msg.routines
			p.cursor = min(p.cursor, max(p.entries()-1, 0))
		}
	}
	return nil, nil
}

func (p *tablesPane) loaded(msg tablesLoadedMsg) (Intent, tea.Cmd) {
	if msg.seq != p.seq {
		return nil, nil
	}
	p.loading = false
	p.err = msg.err
	if msg.err != nil {
		return failure{err: msg.err}, nil
	}
	p.setTables(msg.tables)
	p.c.demobots = store.IsDemobots(msg.tables)
	var recount tea.Cmd
	if p.recount {
		p.recount = false
		recount = p.recountAll()
	}
	return success{}, recount
}

// setTables takes a loaded list, keeping the cursor on the same table and
// exact counts of tables that still have them.
func (p *tablesPane) setTables(ts []store.Table) {
	cur, _ := p.selected()
	ts = append([]store.Table(nil), ts...)
	sort.SliceStable(ts, func(i, j int) bool { return strings.ToLower(ts[i].Name) < strings.ToLower(ts[j].Name) })
	p.c.catalog.tables = ts
	p.c.catalog.loaded = true
	p.cursor = 0
	for i, t := range ts {
		if t.Name == cur.Name {
			p.cursor = i
		}
	}
	p.scrollTo()
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
	for _, t := range p.tables() {
		if !t.Exact && !t.View {
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
	seq := p.c.nextID()
	p.counting[table] = countJob{seq: seq, cancel: cancel, quiet: quiet}
	return countRows(p.c, ctx, seq, table)
}

// counted ends a count.
func (p *tablesPane) counted(msg rowsCountedMsg) (Intent, tea.Cmd) {
	job, ok := p.counting[msg.table]
	if !ok || job.seq != msg.seq {
		return nil, nil
	}
	job.cancel()
	delete(p.counting, msg.table)
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) || errors.Is(msg.err, store.ErrCanceled) || job.quiet {
			return nil, nil
		}
		return failure{err: msg.err}, nil
	}
	p.c.catalog.setCount(msg.table, msg.rows)
	if job.quiet {
		return success{}, nil
	}
	return intents{success{}, notice{level: levelInfo, text: sanitize.Line(msg.table) + ": " + humanize.Plural(msg.rows, "row")}}, nil
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
	p.cursor = max(0, min(p.entries()-1, p.cursor+d))
	p.scrollTo()
}

func (p *tablesPane) scrollTo() {
	p.top = keepVisible(p.top, p.cursor, p.h)
	p.top = max(0, min(p.top, p.entries()-p.h))
}

// HandleKey handles keys while the list has the focus.
func (p *tablesPane) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
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
		p.move(-p.entries())
	case key.Matches(msg, k.Nav.Bottom):
		p.move(p.entries())
	case key.Matches(msg, k.Nav.Open):
		if t, ok := p.selected(); ok {
			return openRoot{v: newGrid(p.c, t.Name, nil, "")}, nil
		}
		if p.onRoutines() {
			return openRoot{v: newRoutinesView(p.c, p.routines)}, nil
		}
	case key.Matches(msg, k.Data.Count):
		if t, ok := p.selected(); ok && !t.View {
			return nil, p.count(t.Name)
		}
	case key.Matches(msg, k.Data.Structure):
		if t, ok := p.selected(); ok {
			return pushView{v: newStructureView(p.c, t.Name)}, nil
		}
	case key.Matches(msg, k.Nav.Back):
		if p.cancelCounts() {
			return notice{level: levelInfo, text: "count cancelled"}, nil
		}
	}
	return nil, nil
}

// Keys enables what applies to the list.
func (p *tablesPane) Keys(ctx *keyContext) {
	_, ok := p.selected()
	ctx.canOpen, ctx.canMove, ctx.hasTable = ok || p.onRoutines(), p.entries() > 0, ok
}

// ShortHelp is the list's one-line help.
func (p *tablesPane) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Data.Count, k.Data.Structure, k.Global.Switch, k.Global.Help, k.Global.Quit}
}

// View renders the list body (h lines of width w); open is the table shown
// on the right.
func (p *tablesPane) View(focused bool, open string) []string {
	s := p.c.styles
	ts := p.tables()
	switch {
	case p.loading && !p.c.catalog.loaded:
		return []string{" " + p.c.spin + s.Muted.Render(" loading…")}
	case p.err != nil && !p.c.catalog.loaded:
		return append([]string{s.Error.Render(" ✖ no table list")}, layout.Wrap(s.Muted.Render(" press "+keyName(p.c.keys.Global.Refresh)+" to retry"), p.w)...)
	case p.entries() == 0:
		return []string{s.Muted.Render(" no tables")}
	}
	lines := make([]string, 0, p.h)
	for i := p.top; i < p.entries() && i < p.top+p.h; i++ {
		if i == len(ts) {
			lines = append(lines, p.routinesLine(i == p.cursor, focused))
			continue
		}
		t := ts[i]
		count := humanize.Compact(t.Rows)
		switch {
		case t.View:
			count = "view"
		case !t.Exact:
			count = "~" + count
		}
		if _, ok := p.counting[t.Name]; ok {
			count = p.c.spin
		}
		marker := " "
		if t.Name == open {
			marker = s.Tables.Open.Render("▸")
		}
		cw := layout.Width(count)
		nameW := max(p.w-cw-3, 1)
		name := sanitize.Line(t.Name)
		name = layout.FitKnown(name, layout.Width(name), nameW, false)
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

// routinesLine is the list entry that opens the stored routines.
func (p *tablesPane) routinesLine(cursor, focused bool) string {
	s := p.c.styles
	text := layout.Fit("ƒ routines ("+humanize.Thousands(int64(len(p.routines)))+")", max(p.w-1, 1))
	if cursor {
		st := s.Tables.CursorBl
		if focused {
			st = s.Tables.Cursor
		}
		return " " + st.Render(text)
	}
	return " " + s.Muted.Render(text)
}
