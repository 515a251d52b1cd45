package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// openPush plans a push in a dialog that shows the plan when it arrives.
func openPush(c *common, _ string) (Intent, tea.Cmd) {
	d, cmd := newPlanDialog(c, false)
	return intents{openDialog{d: d}, notice{level: levelInfo, text: "planning push…"}}, cmd
}

// planDialog plans a push, then shows the plan — what it leaves alone,
// the views it affects, destructive statements highlighted — and applies
// it only on y (the default is No). A plan that can lose data, or adds
// tables to a database that is not a demobots one, needs the database name
// typed too. p plans again, also dropping what schema.sql does not name.
type planDialog struct {
	dialogBase
	c      *common
	cancel context.CancelFunc
	prune  bool
	plan   *seeder.Plan // nil while planning
	top    int
}

func newPlanDialog(c *common, prune bool) (*planDialog, tea.Cmd) {
	ctx, cancel := context.WithCancel(c.ctx)
	d := &planDialog{dialogBase: newDialogBase(c), c: c, cancel: cancel, prune: prune}
	return d, planPush(c, ctx, d.id(), prune)
}

// Busy is true while planning.
func (p *planDialog) Busy() bool { return p.plan == nil }

// Interrupt cancels the planning.
func (p *planDialog) Interrupt() (Intent, tea.Cmd) {
	p.cancel()
	return intents{closeDialog{}, notice{level: levelInfo, text: "push cancelled: nothing changed"}}, nil
}

// Update takes the plan.
func (p *planDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	m, ok := msg.(planLoadedMsg)
	if !ok {
		return nil, nil
	}
	p.cancel()
	switch {
	case m.err != nil:
		return intents{closeDialog{}, failure{err: fmt.Errorf("plan push: %w", m.err)}}, nil
	case m.plan.Empty() && len(m.plan.Unmanaged) == 0:
		return intents{closeDialog{}, notice{level: levelSuccess, text: "No changes: the database matches schema.sql"}}, nil
	}
	p.plan = m.plan
	return notice{level: levelInfo, text: "review the plan"}, nil
}

func (p *planDialog) lines(w int) []string {
	s := p.c.styles
	var out []string
	for _, n := range p.plan.Notices() {
		for _, l := range layout.Wrap("• "+sanitize.Line(n), max(w-2, 10)) {
			out = append(out, s.Modal.Warning.Render(l))
		}
	}
	if len(out) > 0 {
		out = append(out, "")
	}
	if p.plan.Empty() {
		out = append(out, "No changes to the tables schema.sql declares.")
	}
	for i, c := range p.plan.Changes {
		head := fmt.Sprintf("%d.", i+1)
		if c.Comment != "" {
			head += " " + sanitize.Line(c.Comment)
		}
		out = append(out, s.Modal.Muted.Render(head))
		for _, l := range layout.Wrap(sanitize.Lines(c.SQL), max(w-4, 10)) {
			if c.Destructive {
				out = append(out, s.Modal.Destructive.Render("! "+l))
			} else {
				out = append(out, "  "+l)
			}
		}
		if len(c.Views) > 0 {
			for _, l := range layout.Wrap("views affected: "+sanitize.Line(strings.Join(c.Views, ", ")), max(w-4, 10)) {
				out = append(out, "  "+s.Modal.Warning.Render(l))
			}
		}
		if c.Warning != "" {
			warn := "⚠ " + sanitize.Line(c.Warning)
			if c.Rows > 0 && !strings.Contains(c.Warning, humanize.Thousands(c.Rows)) {
				warn += " (" + humanize.Plural(c.Rows, "row") + ")"
			}
			for _, l := range layout.Wrap(warn, max(w-4, 10)) {
				out = append(out, "  "+s.Modal.Warning.Render(l))
			}
		}
	}
	return out
}

// HandleKey scrolls, applies on y and cancels on anything else.
func (p *planDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := p.c.keys
	if p.plan == nil {
		if key.Matches(msg, k.Form.Cancel) {
			return p.Interrupt()
		}
		return nil, nil
	}
	switch {
	case key.Matches(msg, k.Form.Yes) && !p.plan.Empty():
		if p.plan.NeedsTypedConfirmation() {
			db := sanitize.Line(p.c.actions.DatabaseName())
			text := []string{fmt.Sprintf("The plan runs %s on %s; %s.", humanize.Plural(int64(len(p.plan.Changes)), "statement"), db, p.lossText())}
			d, cmd := confirmAction(p.c, actionPush, "Push to "+db, text, nil, p.plan, seeder.Options{})
			return openDialog{d: d}, cmd
		}
		d, cmd := newProgressDialog(p.c, actionPush, p.plan, seeder.Options{})
		return openDialog{d: d}, cmd
	case key.Matches(msg, k.Form.Prune) && !p.prune && len(p.plan.Unmanaged) > 0:
		d, cmd := newPlanDialog(p.c, true)
		return intents{openDialog{d: d}, notice{level: levelInfo, text: "planning push with the unmanaged objects dropped…"}}, cmd
	case scrollOverlay(&p.top, &k.Nav, msg):
	default:
		return intents{closeDialog{}, notice{level: levelInfo, text: "push cancelled: nothing changed"}}, nil
	}
	return nil, nil
}

// lossText says why the plan needs the name typed.
func (p *planDialog) lossText() string {
	var parts []string
	if n := len(p.plan.DestructiveChanges()); n > 0 {
		parts = append(parts, humanize.PluralOf(int64(n), "of them can lose data", "of them can lose data"))
	}
	if p.plan.Foreign != nil {
		parts = append(parts, "this is not a demobots database")
	}
	return strings.Join(parts, "; ")
}

// pruneOffered reports whether p would plan the drops of what schema.sql
// does not name.
func (p *planDialog) pruneOffered() bool {
	return p.plan != nil && !p.prune && len(p.plan.Unmanaged) > 0
}

// ShortHelp is the dialog's one-line help.
func (p *planDialog) ShortHelp(k *KeyMap) []key.Binding {
	if p.plan == nil {
		return []key.Binding{k.Form.Cancel}
	}
	out := []key.Binding{k.Form.Yes, k.Form.Cancel}
	if p.pruneOffered() {
		out = append(out, k.Form.Prune)
	}
	return append(out, k.Nav.Down, k.Nav.Up)
}

// View renders the plan and the question.
func (p *planDialog) View(w, h int) []string {
	s := p.c.styles
	if p.plan == nil {
		lines := []string{p.c.spin + " comparing the database with schema.sql…", "", s.Modal.Muted.Render(keyName(p.c.keys.Form.Cancel) + " cancel")}
		return layout.Dialog("Push", lines, w, s.Pane.BorderActive, s.Modal.Title)
	}
	body := p.lines(w - 4)
	room := max(h-8, 3)
	p.top = max(0, min(p.top, len(body)-room))
	shown := body[p.top:min(len(body), p.top+room)]
	lines := append([]string(nil), shown...)
	if len(body) > room {
		lines = append(lines, s.Modal.Muted.Render(fmt.Sprintf("lines %d-%d of %d · %s/%s scroll", p.top+1, p.top+len(shown), len(body), keyName(p.c.keys.Nav.Up), keyName(p.c.keys.Nav.Down))))
	}
	n, d := len(p.plan.Changes), 0
	for _, c := range p.plan.Changes {
		if c.Destructive {
			d++
		}
	}
	k := p.c.keys
	q := "Apply " + humanize.Plural(int64(n), "statement")
	if d > 0 {
		q += s.Modal.Destructive.Render(fmt.Sprintf(" (%d destructive)", d))
	}
	switch {
	case n == 0:
		q = s.Modal.Muted.Render(keyName(k.Form.Cancel) + " close")
	case p.plan.NeedsTypedConfirmation():
		q += "?  " + keyName(k.Form.Yes) + " / N (then the database name)"
	default:
		q += "?  " + keyName(k.Form.Yes) + " / N"
	}
	lines = append(lines, "", q)
	if p.pruneOffered() {
		lines = append(lines, s.Modal.Muted.Render(keyName(k.Form.Prune)+" plan again, also dropping the "+humanize.PluralOf(int64(len(p.plan.Unmanaged)), "object", "objects")+" schema.sql does not name"))
	}
	title := "Push plan for " + sanitize.Line(p.c.actions.DatabaseName())
	if p.prune {
		title += " (with drops)"
	}
	return layout.Dialog(title, lines, w, s.Pane.BorderActive, s.Modal.Title)
}
