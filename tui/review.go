package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// reviewState is where a review is.
type reviewState int

const (
	reviewPlanning reviewState = iota
	reviewReady
	reviewApplying
	reviewFailed
)

// reviewDialog shows every statement the staged changes become, exactly
// as they will run (values written in, sanitised), grouped by table, the
// destructive ones marked with what they cascade to; and applies them all
// in one transaction when confirmed: y, or the database's name typed when
// the batch deletes rows. A failure or a row that changed meanwhile rolls
// everything back; the changes stay staged.
type reviewDialog struct {
	dialogBase
	c     *common
	rows  []*stagedRow // the staged changes, in the order given to the plan
	state reviewState
	plan  *store.EditPlan
	err   error
	input textinput.Model
	wrong bool // the typed name is not the database's
	top   int
}

// openReview opens the review of the pending changes.
func openReview(c *common) (Intent, tea.Cmd) {
	if c.edits.count() == 0 {
		return notice{level: levelInfo, text: "no pending changes to review"}, nil
	}
	d := &reviewDialog{dialogBase: newDialogBase(c), c: c, rows: append([]*stagedRow(nil), c.edits.rows...), input: newInput(c, "database name")}
	changes := make([]store.Change, len(d.rows))
	for i, r := range d.rows {
		changes[i] = store.Change{Kind: r.kind, Info: r.info, Columns: r.cols, Row: r.row, Edits: r.edits}
	}
	return openDialog{d: d}, planEdits(c, d.id(), changes)
}

// Busy is true while planning or applying.
func (d *reviewDialog) Busy() bool { return d.state == reviewPlanning || d.state == reviewApplying }

// destructive counts the statements that delete rows.
func (d *reviewDialog) destructive() int {
	n := 0
	if d.plan != nil {
		for _, st := range d.plan.Statements {
			if st.Destructive() {
				n++
			}
		}
	}
	return n
}

// Update takes the plan and the outcome of applying it.
func (d *reviewDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case editsPlannedMsg:
		if msg.err != nil {
			d.state, d.err = reviewFailed, msg.err
			return failure{err: msg.err}, nil
		}
		d.state, d.plan = reviewReady, msg.plan
		if d.destructive() > 0 {
			return nil, d.input.Focus()
		}
		return nil, nil
	case editsAppliedMsg:
		if msg.err != nil {
			d.state, d.err = reviewFailed, msg.err
			return failure{err: msg.err}, nil
		}
		n := len(d.plan.Statements)
		d.c.edits.clear()
		return intents{closeDialog{}, refresh{quiet: true},
			notice{level: levelSuccess, text: "applied " + humanize.Plural(int64(n), "statement") + " in one transaction"}}, nil
	case tea.PasteMsg:
		if d.state == reviewReady && d.destructive() > 0 {
			return nil, updateInput(&d.input, msg)
		}
	}
	return nil, nil
}

// HandleKey scrolls, confirms and, after a conflict, drops the changes of
// the row that changed.
func (d *reviewDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	// While the database name is typed, letters go to the input: only
	// the page keys scroll.
	typing := d.state == reviewReady && d.destructive() > 0
	switch {
	case key.Matches(msg, k.Nav.PageDown), !typing && key.Matches(msg, k.Nav.Down):
		d.top++
		return nil, nil
	case key.Matches(msg, k.Nav.PageUp), !typing && key.Matches(msg, k.Nav.Up):
		d.top = max(d.top-1, 0)
		return nil, nil
	}
	switch d.state {
	case reviewPlanning, reviewApplying:
		if key.Matches(msg, k.Form.Cancel) && d.state == reviewPlanning {
			return closeDialog{}, nil
		}
		return nil, nil
	case reviewFailed:
		var conflict *store.ConflictError
		if errors.As(d.err, &conflict) && key.Matches(msg, k.Edit.Undo) {
			for _, r := range d.rows {
				if r.table == conflict.Table && r.label == conflict.Row {
					d.c.edits.dropRow(r.table, r.key)
					return intents{closeDialog{}, notice{level: levelInfo, text: "dropped the changes to " + r.table + " " + r.label + "; the others stay staged"}}, nil
				}
			}
		}
		return intents{closeDialog{}, notice{level: levelInfo, text: "nothing was applied; the changes stay staged"}}, nil
	}
	if d.destructive() > 0 {
		switch {
		case key.Matches(msg, k.Form.Cancel):
			return intents{closeDialog{}, notice{level: levelInfo, text: "nothing was applied; the changes stay staged"}}, nil
		case key.Matches(msg, k.Form.Confirm):
			if d.input.Value() != d.plan.Database {
				d.wrong = true
				return nil, nil
			}
			return d.apply()
		}
		d.wrong = false
		return nil, updateInput(&d.input, msg)
	}
	if key.Matches(msg, k.Form.Yes) {
		return d.apply()
	}
	return intents{closeDialog{}, notice{level: levelInfo, text: "nothing was applied; the changes stay staged"}}, nil
}

func (d *reviewDialog) apply() (Intent, tea.Cmd) {
	d.state = reviewApplying
	return notice{level: levelInfo, text: "applying " + humanize.Plural(int64(len(d.plan.Statements)), "statement") + " in one transaction…"},
		applyEdits(d.c, d.id(), d.plan)
}

// ShortHelp is the dialog's one-line help.
func (d *reviewDialog) ShortHelp(k *KeyMap) []key.Binding {
	switch d.state {
	case reviewReady:
		if d.destructive() > 0 {
			return []key.Binding{k.Form.Confirm, k.Form.Cancel, k.Nav.PageDown, k.Nav.PageUp}
		}
		return []key.Binding{k.Form.Yes, k.Form.Cancel, k.Nav.Down, k.Nav.Up}
	case reviewFailed:
		var conflict *store.ConflictError
		if errors.As(d.err, &conflict) {
			return []key.Binding{k.Edit.Undo, k.Form.Cancel}
		}
	}
	return []key.Binding{k.Form.Cancel}
}

// statementLines are the plan's statements grouped by table.
func (d *reviewDialog) statementLines(w int) []string {
	s := d.c.styles
	var out []string
	sts := d.plan.Statements
	for i := 0; i < len(sts); {
		j := i
		for j < len(sts) && sts[j].Table == sts[i].Table {
			j++
		}
		head := sanitize.Line(sts[i].Table) + " · " + humanize.Plural(int64(j-i), "statement")
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, s.Modal.Title.Render(head))
		for n := i; n < j; n++ {
			st := sts[n]
			text := fmt.Sprintf("%d. %s", n+1, sanitize.Line(st.Display()))
			for li, l := range layout.Wrap(text, max(w-5, 10)) {
				gutter := "  "
				if li > 0 {
					gutter = "     "
				}
				if st.Destructive() {
					if li == 0 {
						gutter = "! "
					}
					out = append(out, s.Modal.Destructive.Render(gutter+l))
				} else {
					out = append(out, gutter+l)
				}
			}
			if st.Destructive() && st.Change < len(d.rows) {
				if p := d.rows[st.Change].preview; p != nil {
					for _, e := range p.Effects {
						if e.Rows == 0 {
							continue
						}
						l := "     then " + sanitize.Line(e.FK.Table) + "." + sanitize.Line(strings.Join(e.FK.Columns, ",")) + " " + e.Rule + ": " + cascadeVerb(e)
						out = append(out, s.Modal.Warning.Render(layout.Truncate(l, w)))
					}
				}
			}
		}
		i = j
	}
	return out
}

// failureLines explain why nothing was applied; a conflict shows the row
// as it is now next to what was read.
func (d *reviewDialog) failureLines(w int) []string {
	s := d.c.styles
	lines := []string{}
	for _, l := range layout.Wrap("✖ "+sanitize.Line(d.err.Error()), w) {
		lines = append(lines, s.Modal.Destructive.Render(l))
	}
	var conflict *store.ConflictError
	if !errors.As(d.err, &conflict) {
		return append(lines, "", s.Modal.Muted.Render(layout.Truncate("The changes stay staged: "+hint(d.c.keys.Edit.Undo)+" in the grid undoes the last one.", w)))
	}
	var seen *stagedRow
	for _, r := range d.rows {
		if r.table == conflict.Table && r.label == conflict.Row {
			seen = r
		}
	}
	switch {
	case conflict.ReadErr != nil:
		lines = append(lines, "", s.Modal.Warning.Render(layout.Truncate("its current values could not be read: "+sanitize.Line(conflict.ReadErr.Error()), w)))
	case conflict.Current == nil:
		lines = append(lines, "", "The row is gone: someone deleted it or changed its key.")
	default:
		lines = append(lines, "", "It holds now:")
		nameW := 0
		for _, col := range conflict.Columns {
			nameW = max(nameW, layout.Width(sanitize.Line(col.Name)))
		}
		nameW = min(nameW, w/3)
		for i, col := range conflict.Columns {
			if i >= len(conflict.Current) {
				break
			}
			now := conflict.Current[i]
			line := "  " + layout.Fit(sanitize.Line(col.Name), nameW) + "  " + describeValue(now, col)
			if seen != nil {
				if was, ok := cellOf(seen.cols, seen.row, col.Name); ok && !sameAsSeen(store.Edit{Value: now}, was) {
					line += "  (was " + describeValue(was, col) + ")"
					lines = append(lines, s.Modal.Warning.Render(layout.Truncate(line, w)))
					continue
				}
			}
			lines = append(lines, layout.Truncate(line, w))
		}
	}
	return append(lines, "", s.Modal.Muted.Render(layout.Truncate("Nothing was changed. "+hint(d.c.keys.Edit.Undo)+": drop the changes to this row (the others stay staged)", w)))
}

// View draws the statements and the question.
func (d *reviewDialog) View(w, h int) []string {
	s := d.c.styles
	inner := max(w-4, 30)
	title := "Review " + humanize.PluralOf(int64(len(d.rows)), "change", "changes")
	switch d.state {
	case reviewPlanning:
		lines := []string{d.c.spin + " building the statements…", "", s.Modal.Muted.Render(hint(d.c.keys.Form.Cancel))}
		return layout.Dialog(title, lines, inner+4, s.Pane.BorderActive, s.Modal.Title)
	case reviewFailed:
		if d.plan == nil {
			title = "Nothing was applied"
		}
		body := d.failureLines(inner)
		return layout.Dialog(title, d.scrolled(body, h-4), inner+4, s.Pane.BorderActive, s.Modal.Title)
	}
	body := d.statementLines(inner)
	var foot []string
	n := len(d.plan.Statements)
	q := "Apply " + humanize.Plural(int64(n), "statement") + " in one transaction"
	if x := d.destructive(); x > 0 {
		q += s.Modal.Destructive.Render(fmt.Sprintf(" (%d destructive)", x))
	}
	switch {
	case d.state == reviewApplying:
		foot = []string{"", d.c.spin + " applying…"}
	case d.destructive() > 0:
		d.input.SetWidth(max(min(inner-12, 40), 10))
		foot = []string{"", q + "?", "Type " + s.Modal.Destructive.Render(sanitize.Line(d.plan.Database)) + " to confirm:", d.input.View()}
		if d.wrong {
			foot = append(foot, s.Modal.Destructive.Render(notTheName))
		}
	default:
		foot = []string{"", q + "?  " + keyName(d.c.keys.Form.Yes) + " / N"}
	}
	lines := append(d.scrolled(body, h-4-len(foot)), foot...)
	return layout.Dialog(title, lines, inner+4, s.Pane.BorderActive, s.Modal.Title)
}

// scrolled is the part of body that fits in room lines, from d.top, with
// a line saying where it is when it does not all fit.
func (d *reviewDialog) scrolled(body []string, room int) []string {
	room = max(room, 3)
	if len(body) <= room {
		d.top = 0
		return body
	}
	room--
	d.top = max(0, min(d.top, len(body)-room))
	out := append([]string(nil), body[d.top:d.top+room]...)
	k := d.c.keys
	return append(out, d.c.styles.Modal.Muted.Render(fmt.Sprintf("lines %d-%d of %d · %s/%s scroll", d.top+1, d.top+room, len(body), keyName(k.Nav.Up), keyName(k.Nav.Down))))
}
