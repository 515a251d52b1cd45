package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/cellfmt"
	"github.com/demobots/demobots-tui/tui/internal/highlight"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// viewerHexLimit is how many bytes of a binary value the viewer dumps.
const viewerHexLimit = 64 << 10

// valueView shows one value whole and scrollable: long text wrapped, JSON
// pretty-printed and coloured, binary as a hex dump. A value the page
// carries only the start of is read whole first; reading and laying it out
// run in commands, so a value of many megabytes never stalls the screen.
type valueView struct {
	viewBase
	c      *common
	table  string
	info   *store.TableInfo
	cols   []store.Column
	row    store.Row
	col    int
	value  *store.Value // the whole value, once read
	width  int          // the width the lines were laid out for
	lines  int
	vp     viewport.Model
	layout int // the layout request in flight
}

// valueReadMsg is a whole value, laid out for a width.
type valueReadMsg struct {
	target, seq int
	value       store.Value
	width       int
	lines       []string
	err         error
}

func (m valueReadMsg) to() int { return m.target }

func newValueView(c *common, table string, info *store.TableInfo, cols []store.Column, row store.Row, col int) *valueView {
	v := &valueView{c: c, table: table, info: info, cols: cols, row: row, col: col, vp: viewport.New()}
	v.viewBase = newBase(c, sanitize.Line(cols[col].Name))
	return v
}

// Title names the view.
func (v *valueView) Title() string { return "Value" }

// Table is the value's table.
func (v *valueView) Table() string { return v.table }

// SetSize sets the body size; a new width lays the value out again.
func (v *valueView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.vp.SetWidth(w)
	v.vp.SetHeight(max(h-1, 1))
}

// Reload reads the value (whole) and lays it out for the width.
func (v *valueView) Reload() tea.Cmd {
	seq := v.begin(v.c)
	st, parent, timeout := v.c.store, v.c.ctx, 4*v.c.timeout
	info, cols, row, col, target, width, styles := v.info, v.cols, v.row, v.col, v.id, max(v.w-1, 10), v.c.styles
	if info == nil {
		info = v.c.catalog.info(v.table)
	}
	return timeoutCmd(parent, timeout, func(ctx context.Context) tea.Msg {
		val := row[col]
		if val.Truncated {
			var err error
			if val, err = st.FullValue(ctx, info, cols, row, cols[col].Name); err != nil {
				return valueReadMsg{target: target, seq: seq, err: err}
			}
		}
		return valueReadMsg{target: target, seq: seq, value: val, width: width, lines: valueLines(val, cols[col], width, styles)}
	})
}

// relayout lays the value out again for a new width, in a command.
func (v *valueView) relayout() tea.Cmd {
	if v.value == nil {
		return nil
	}
	v.layout = v.c.nextID()
	val, col, width, target, seq, st := *v.value, v.cols[v.col], max(v.w-1, 10), v.id, v.layout, v.c.styles
	return func() tea.Msg {
		return valueReadMsg{target: target, seq: seq, value: val, width: width, lines: valueLines(val, col, width, st)}
	}
}

// valueLines formats a whole value and wraps it to width.
func valueLines(v store.Value, col store.Column, width int, st Styles) []string {
	var text string
	switch {
	case v.Null:
		text = cellfmt.NullRecord
	case col.DataType == "bit":
		text = cellfmt.Bits(v.Bytes, col)
	case col.Binary:
		text = cellfmt.HexDumpAll(v.Bytes, viewerHexLimit)
	case len(v.Bytes) == 0:
		text = cellfmt.EmptyRecord
	default:
		text = sanitize.Lines(string(v.Bytes))
		if pretty, ok := prettyJSON(v.Bytes, col); ok {
			text = highlight.JSON(sanitize.Lines(pretty), st.Code)
		}
	}
	return layout.Wrap(text, width)
}

// prettyJSON indents a JSON value (a JSON column, or text that is a JSON
// object or array).
func prettyJSON(b []byte, col store.Column) (string, bool) {
	t := bytes.TrimSpace(b)
	if col.DataType != "json" && (len(t) == 0 || t[0] != '{' && t[0] != '[') {
		return "", false
	}
	if len(b) > highlight.MaxBytes || !json.Valid(t) {
		return "", false
	}
	var out bytes.Buffer
	if err := json.Indent(&out, t, "", "  "); err != nil {
		return "", false
	}
	return out.String(), true
}

// Update takes the value and its layout.
func (v *valueView) Update(msg tea.Msg) (Intent, tea.Cmd) {
	m, ok := msg.(valueReadMsg)
	if !ok {
		return nil, nil
	}
	if m.seq == v.layout {
		v.layout = 0
	} else if !v.accept(m.seq, m.err) {
		return nil, nil
	}
	if m.err != nil {
		return failure{err: m.err}, nil
	}
	val := m.value
	v.value, v.width, v.lines = &val, m.width, len(m.lines)
	v.vp.SetContentLines(m.lines)
	if m.width != max(v.w-1, 10) {
		return success{}, v.relayout() // the pane was resized meanwhile
	}
	return success{}, nil
}

// HandleKey scrolls and copies.
func (v *valueView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := v.c.keys
	switch {
	case scrollViewport(&v.vp, &k.Nav, msg, true):
	case key.Matches(msg, k.Data.Copy), key.Matches(msg, k.Data.CopyRaw):
		if v.value == nil {
			return nil, nil
		}
		return copyValue(v.c, v.table+"-"+v.cols[v.col].Name, v.cols[v.col], *v.value, key.Matches(msg, k.Data.CopyRaw))
	default:
		return ignored, nil
	}
	return nil, nil
}

// Keys enables scrolling and copying.
func (v *valueView) Keys(ctx *keyContext) {
	ctx.canMove, ctx.canCopy = v.value != nil, v.value != nil
}

// ShortHelp is the viewer's one-line help.
func (v *valueView) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Down, k.Nav.PageDown, k.Data.Copy, k.Nav.Back, k.Global.Help, k.Global.Quit}
}

// View renders the lines and where they are.
func (v *valueView) View() []string {
	switch {
	case v.value == nil && v.err != nil:
		return errorLines(v.c, v.err, v.w)
	case v.value == nil:
		return loadingLines(v.c, "the value of "+sanitize.Line(v.cols[v.col].Name))
	}
	out := strings.Split(v.vp.View(), "\n")
	foot := humanize.Bytes(int64(len(v.value.Bytes))) + " · " + humanize.Plural(int64(v.lines), "line")
	if v.lines > v.vp.Height() {
		foot = "line " + humanize.Thousands(int64(v.vp.YOffset()+1)) + " of " + humanize.Thousands(int64(v.lines)) + " · " + humanize.Bytes(int64(len(v.value.Bytes)))
	}
	if v.layout != 0 {
		foot += " " + v.c.spin
	}
	return append(out, v.c.styles.Grid.Footer.Render(" "+foot))
}
