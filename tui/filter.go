package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// filterModal builds one filter in three steps: the column, the operator
// (store.Ops) and the value. Values are sent as placeholders by the store.
type filterModal struct {
	g      *grid
	step   int // 0 column, 1 operator, 2 value
	clear  bool
	colIdx int // index into items: with clear, item 0 clears the filters
	opIdx  int
	input  field
}

func newFilterModal(m *Model, g *grid) *filterModal {
	f := &filterModal{g: g, clear: len(g.filters) > g.fixed, input: newField(m.c, "value")}
	f.colIdx = g.col
	if f.clear {
		f.colIdx++
	}
	return f
}

func (f *filterModal) items() []string {
	var out []string
	if f.clear {
		out = append(out, "✕ clear filters")
	}
	for _, c := range f.g.columns {
		out = append(out, sanitize(c.Name))
	}
	return out
}

// HandleKey drives the three steps.
func (f *filterModal) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if f.step == 2 {
		switch {
		case key.Matches(msg, k.cancel):
			f.step = 1
			f.input.Blur()
			return nil
		case key.Matches(msg, k.Nav.Open):
			return f.apply(m)
		}
		f.input.Update(msg)
		return nil
	}
	n := len(f.items())
	if f.step == 1 {
		n = len(store.Ops)
	}
	idx := &f.colIdx
	if f.step == 1 {
		idx = &f.opIdx
	}
	switch {
	case key.Matches(msg, k.Nav.Up):
		*idx = max(*idx-1, 0)
	case key.Matches(msg, k.Nav.Down):
		*idx = min(*idx+1, n-1)
	case key.Matches(msg, k.Nav.Top):
		*idx = 0
	case key.Matches(msg, k.Nav.Bottom):
		*idx = n - 1
	case key.Matches(msg, k.Nav.Back), key.Matches(msg, k.Global.Quit):
		if f.step == 0 {
			m.modal = nil
		} else {
			f.step--
		}
	case key.Matches(msg, k.Nav.Open):
		if f.step == 0 {
			if f.clear && f.colIdx == 0 {
				m.modal = nil
				f.g.filters = f.g.filters[:f.g.fixed]
				return tea.Batch(f.g.first(), m.spin())
			}
			f.step = 1
			return nil
		}
		if op := store.Ops[f.opIdx]; op == store.OpIsNull || op == store.OpNotNull {
			return f.apply(m)
		}
		f.step = 2
		f.input.Focus()
		return nil
	}
	return nil
}

// HandlePaste pastes into the value.
func (f *filterModal) HandlePaste(msg tea.PasteMsg) tea.Cmd {
	if f.step != 2 {
		return nil
	}
	f.input.Update(msg)
	return nil
}

func (f *filterModal) column() store.Column {
	i := f.colIdx
	if f.clear {
		i--
	}
	return f.g.columns[max(0, min(i, len(f.g.columns)-1))]
}

// apply adds the filter and reloads the grid from its first page.
func (f *filterModal) apply(m *Model) tea.Cmd {
	flt := store.Filter{Column: f.column().Name, Op: store.Ops[f.opIdx]}
	if flt.Op != store.OpIsNull && flt.Op != store.OpNotNull {
		flt.Value = f.input.Value()
	}
	m.modal = nil
	f.g.filters = append(f.g.filters, flt)
	return tea.Batch(f.g.first(), m.spin())
}

// View renders the current step.
func (f *filterModal) View(m *Model, w, h int) []string {
	s := m.c.styles
	var lines []string
	list := func(items []string, cur int) {
		top := max(0, min(cur-(h-8)/2, len(items)-(h-8)))
		for i := top; i < len(items) && i < top+max(h-8, 3); i++ {
			line := "  " + items[i]
			if i == cur {
				line = s.Modal.Selected.Render("▶ " + items[i])
			}
			lines = append(lines, line)
		}
	}
	switch f.step {
	case 0:
		lines = append(lines, s.Modal.Muted.Render("Column:"))
		list(f.items(), f.colIdx)
	case 1:
		lines = append(lines, "Column: "+sanitize(f.column().Name), s.Modal.Muted.Render("Operator:"))
		ops := make([]string, len(store.Ops))
		for i, op := range store.Ops {
			ops[i] = string(op)
		}
		list(ops, f.opIdx)
	case 2:
		lines = append(lines, "Column: "+sanitize(f.column().Name)+"  "+string(store.Ops[f.opIdx]), s.Modal.Muted.Render("Value:"))
		f.input.SetWidth(max(min(w-12, 50), 10))
		lines = append(lines, f.input.View())
		if store.Ops[f.opIdx] == store.OpLike {
			lines = append(lines, s.Modal.Muted.Render("% matches any text, _ one character"))
		}
	}
	lines = append(lines, "", s.Modal.Muted.Render("enter next · esc back"))
	return modalBox(s, "Filter "+sanitize(f.g.table), lines, w)
}
