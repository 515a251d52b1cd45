package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// viewKind names the kinds of views the right pane shows.
type viewKind int

const (
	viewNone viewKind = iota
	viewGrid
	viewRecord
	viewUser
	viewScores
	viewStructure
)

// view is one entry of the right pane's back stack. Each keeps its own
// cursor and scroll position, so going back restores them.
type view interface {
	base() *viewBase
	kind() viewKind
	// SetSize sets the body size (inside the pane border, below the
	// breadcrumb).
	SetSize(w, h int)
	// HandleKey handles a key the root did not take.
	HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd
	// View renders the body: at most h lines, each at most w wide.
	View(m *Model) []string
	// Reload fetches the view's data again, keeping its position where
	// it can.
	Reload(m *Model) tea.Cmd
}

// viewBase is the state every view has.
type viewBase struct {
	id      int
	crumb   string // its part of the breadcrumb, sanitized
	w, h    int
	loading bool
	seq     int   // the request whose result the view waits for
	err     error // the last load error, shown in the body
	stale   bool  // data changed underneath: reload when shown again
}

func (b *viewBase) base() *viewBase { return b }

// begin starts a request and returns its seq.
func (b *viewBase) begin(c *common) int {
	b.seq = c.nextSeq()
	b.loading = true
	b.stale = false
	return b.seq
}

// accept reports whether a result with seq is the one the view waits for,
// and if so ends the loading state.
func (b *viewBase) accept(seq int, err error) bool {
	if seq != b.seq {
		return false
	}
	b.loading = false
	b.err = err
	return true
}

func newBase(c *common, crumb string) viewBase {
	return viewBase{id: c.nextViewID(), crumb: crumb}
}

// errorLines renders a load error inside a view body.
func errorLines(m *Model, err error, w int) []string {
	lines := []string{"", m.c.styles.Error.Render(" ✖ could not load:")}
	for _, l := range wrapLines(sanitize(err.Error()), max(w-3, 10)) {
		lines = append(lines, "   "+m.c.styles.Error.Render(l))
	}
	return append(lines, "", m.c.styles.Muted.Render(" press r to retry, esc to go back"))
}

// loadingLines is the body of a view whose first load has not returned.
func loadingLines(m *Model, what string) []string {
	return []string{"", " " + m.spinner.View() + " " + m.c.styles.Muted.Render("loading "+what+"…")}
}

// breadcrumb joins the crumbs of the stack, dropping the oldest ones when
// they do not fit in w.
func (m *Model) breadcrumb(w int) string {
	if len(m.stack) == 0 {
		return ""
	}
	s := m.c.styles
	sep := " › "
	parts := make([]string, len(m.stack))
	for i, v := range m.stack {
		parts[i] = v.base().crumb
	}
	start := 0
	for start < len(parts)-1 && ansiWidth(strings.Join(parts[start:], sep))+2 > w {
		start++
	}
	var sb strings.Builder
	if start > 0 {
		sb.WriteString(s.Crumb.Render("…" + sep))
	}
	for i := start; i < len(parts); i++ {
		if i > start {
			sb.WriteString(s.Crumb.Render(sep))
		}
		if i == len(parts)-1 {
			sb.WriteString(s.CrumbLast.Render(parts[i]))
		} else {
			sb.WriteString(s.Crumb.Render(parts[i]))
		}
	}
	return truncate(sb.String(), w)
}
