package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/cellfmt"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// Helpers the views share.

// errorLines renders a load error inside a view body.
func errorLines(c *common, err error, w int) []string {
	s := c.styles
	lines := []string{"", s.Error.Render(" ✖ could not load:")}
	for _, l := range layout.Wrap(sanitize.Line(err.Error()), max(w-3, 10)) {
		lines = append(lines, "   "+s.Error.Render(l))
	}
	return append(lines, "", s.Muted.Render(" press "+keyName(c.keys.Global.Refresh)+" to retry, "+keyName(c.keys.Nav.Back)+" to go back"))
}

// loadingLines is the body of a view whose first load has not returned.
func loadingLines(c *common, what string) []string {
	return []string{"", " " + c.spin + " " + c.styles.Muted.Render("loading "+what+"…")}
}

// cellText is a value as one grid cell.
func cellText(v store.Value, col store.Column) string { return cellfmt.Cell(v, col) }

// numericColumn reports whether a column holds numbers.
func numericColumn(c *store.Column) bool { return c.Numeric() }

// copyCell copies cell idx of a row: a value the page carries only the
// start of is read whole first, in a command.
func copyCell(c *common, table string, info *store.TableInfo, cols []store.Column, row store.Row, idx int, raw bool) (Intent, tea.Cmd) {
	name, col, v := table+"-"+cols[idx].Name, cols[idx], row[idx]
	if !v.Truncated {
		return copyValue(c, name, col, v, raw)
	}
	if info == nil {
		info = c.catalog.info(table)
	}
	st := c.store
	read := timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		full, err := st.FullValue(ctx, info, cols, row, col.Name)
		return copyReadyMsg{name: name, col: col, value: full, raw: raw, err: err}
	})
	return notice{level: levelInfo, text: "reading the whole value (" + humanize.Bytes(v.Size) + ")…"}, read
}

// copyReadyMsg is a whole value read for a copy.
type copyReadyMsg struct {
	name  string
	col   store.Column
	value store.Value
	raw   bool
	err   error
}

// clipboardLimit is the largest value copy sends to the clipboard. The
// terminal receives it as an OSC 52 sequence, and many terminals (and tmux
// with its default settings) silently drop sequences much larger than
// this; above it the value goes to a file instead.
const clipboardLimit = 100_000

// copyValue puts a value on the clipboard (OSC 52): the value itself, or
// with raw its exact bytes. A value too large for the clipboard opens a
// dialog that writes it to a file. name says where the value is from, for
// the file's name.
func copyValue(c *common, name string, col store.Column, v store.Value, raw bool) (Intent, tea.Cmd) {
	text := cellfmt.Copy(v, col, raw)
	if len(text) > clipboardLimit {
		d, cmd := newSaveValueDialog(c, name, text)
		return openDialog{d: d}, cmd
	}
	what := "copied " + humanize.Plural(int64(len([]rune(text))), "character")
	if v.Null {
		what = "copied NULL (as empty text)"
	}
	return notice{level: levelInfo, text: what}, tea.SetClipboard(text)
}
