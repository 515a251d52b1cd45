package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// filterDialog builds one filter for a grid in three steps: the column, the
// operator (store.Ops) and the value. Values are sent as placeholders by
// the store.
type filterDialog struct {
	dialogBase
	c      *common
	g      *grid
	step   int // 0 column, 1 operator, 2 value
	colIdx int // index into items: the removal entries come first
	opIdx  int
	input  textinput.Model
	err    string // why the value was refused
}

func newFilterDialog(c *common, g *grid) *filterDialog {
	f := &filterDialog{dialogBase: newDialogBase(c), c: c, g: g, input: newInput(c, "value")}
	// The value is checked, not cut: a value over the limit is refused
	// with the limit named.
	f.input.CharLimit = 0
	f.colIdx = len(f.removals()) + g.col
	return f
}

// removals are the first entries of the column step: clear all the
// filters the user added, then remove each alone.
func (f *filterDialog) removals() []string {
	own := f.g.filters[f.g.fixed:]
	if len(own) == 0 {
		return nil
	}
	out := []string{"✕ clear all filters"}
	if len(own) > 1 {
		for _, flt := range own {
			out = append(out, "✕ remove "+filterText(f.g.info, flt))
		}
	}
	return out
}

func (f *filterDialog) items() []string {
	out := f.removals()
	for _, c := range f.g.columns {
		out = append(out, sanitize.Line(c.Name))
	}
	return out
}

// HandleKey drives the three steps.
func (f *filterDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := f.c.keys
	if f.step == 2 {
		switch {
		case key.Matches(msg, k.Form.Cancel):
			f.step = 1
			f.input.Blur()
			return nil, nil
		case key.Matches(msg, k.Form.Confirm):
			return f.apply()
		}
		f.err = ""
		return nil, updateInput(&f.input, msg)
	}
	n := len(f.items())
	idx := &f.colIdx
	if f.step == 1 {
		n, idx = len(store.Ops), &f.opIdx
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
			return closeDialog{}, nil
		}
		f.step--
	case key.Matches(msg, k.Form.Confirm):
		if f.step == 0 {
			switch r := len(f.removals()); {
			case f.colIdx == 0 && r > 0:
				f.g.filters = f.g.filters[:f.g.fixed]
				return closeDialog{}, f.g.refiltered()
			case f.colIdx < r:
				i := f.g.fixed + f.colIdx - 1
				f.g.filters = append(f.g.filters[:i:i], f.g.filters[i+1:]...)
				return closeDialog{}, f.g.refiltered()
			}
			f.step = 1
			return nil, nil
		}
		if op := store.Ops[f.opIdx]; op == store.OpIsNull || op == store.OpNotNull {
			return f.apply()
		}
		f.step = 2
		return nil, f.input.Focus()
	}
	return nil, nil
}

// Update pastes into the value.
func (f *filterDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	if p, ok := msg.(tea.PasteMsg); ok && f.step == 2 {
		return nil, updateInput(&f.input, p)
	}
	return nil, nil
}

func (f *filterDialog) column() store.Column {
	i := f.colIdx - len(f.removals())
	return f.g.columns[max(0, min(i, len(f.g.columns)-1))]
}

// apply checks the filter against the column's type and, when it holds,
// adds it and reloads the grid from its first page; otherwise the dialog
// stays open and says why.
func (f *filterDialog) apply() (Intent, tea.Cmd) {
	flt := store.Filter{Column: f.column().Name, Op: store.Ops[f.opIdx]}
	if flt.Op != store.OpIsNull && flt.Op != store.OpNotNull {
		flt.Value = f.input.Value()
	}
	if f.g.info != nil {
		if err := store.ValidateFilter(f.g.info, flt); err != nil {
			f.err = err.Error()
			return nil, nil
		}
	}
	f.g.filters = append(f.g.filters, flt)
	return closeDialog{}, f.g.refiltered()
}

// ShortHelp is the dialog's one-line help.
func (f *filterDialog) ShortHelp(k *KeyMap) []key.Binding {
	if f.step == 2 {
		return []key.Binding{k.Form.Confirm, k.Form.Cancel}
	}
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Form.Confirm, k.Nav.Back}
}

// View renders the current step.
func (f *filterDialog) View(w, h int) []string {
	s := f.c.styles
	k := f.c.keys
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
		lines = append(lines, "Column: "+sanitize.Line(f.column().Name), s.Modal.Muted.Render("Operator:"))
		ops := make([]string, len(store.Ops))
		for i, op := range store.Ops {
			ops[i] = string(op)
		}
		list(ops, f.opIdx)
	case 2:
		lines = append(lines, "Column: "+sanitize.Line(f.column().Name)+"  "+string(store.Ops[f.opIdx]), s.Modal.Muted.Render("Value:"))
		f.input.SetWidth(max(min(w-12, 50), 10))
		lines = append(lines, f.input.View())
		if h := opHint(store.Ops[f.opIdx], f.column()); h != "" {
			lines = append(lines, s.Modal.Muted.Render(h))
		}
		if f.err != "" {
			for _, l := range layout.Wrap(sanitize.Line(f.err), max(w-8, 20)) {
				lines = append(lines, s.Modal.Destructive.Render(l))
			}
		}
	}
	back := k.Nav.Back
	if f.step == 2 {
		back = k.Form.Cancel
	}
	lines = append(lines, "", s.Modal.Muted.Render(keyName(k.Form.Confirm)+" next · "+keyName(back)+" back"))
	return layout.Dialog("Filter "+sanitize.Line(f.g.table), lines, w, s.Pane.BorderActive, s.Modal.Title)
}

// opHint says how to write the value of an operator, and the column's
// format when it has one.
func opHint(op store.Op, col store.Column) string {
	switch op {
	case store.OpLike, store.OpNotLike:
		return "% matches any text, _ one character"
	case store.OpIn, store.OpNotIn:
		return "values separated by commas; quote one with a comma: 'a,b'"
	case store.OpBetween:
		return "two values: 10 AND 20"
	}
	switch col.DataType {
	case "date":
		return "a date: YYYY-MM-DD"
	case "datetime", "timestamp":
		return "YYYY-MM-DD, or YYYY-MM-DD hh:mm:ss"
	case "time":
		return "hh:mm:ss"
	case "enum":
		return "one of " + strings.Join(store.EnumMembers(col.Type), ", ")
	}
	return ""
}
