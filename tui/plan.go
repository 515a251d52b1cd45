package tui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// openPush plans a push in a dialog that shows the plan when it arrives.
func openPush(c *common, _ string) (Intent, tea.Cmd) {
	d, cmd := newPlanDialog(c)
	return intents{openDialog{d: d}, notice{level: levelInfo, text: "planning push…"}}, cmd
}

// planDialog plans a push, then shows the plan, destructive statements
// highlighted, and applies it only on y: the default is No.
type planDialog struct {
	dialogBase
	c      *common
	cancel context.CancelFunc
	plan   *seeder.Plan // nil while planning
	top    int
}

func newPlanDialog(c *common) (*planDialog, tea.Cmd) {
	ctx, cancel := context.WithCancel(c.ctx)
	d := &planDialog{dialogBase: newDialogBase(c), c: c, cancel: cancel}
	return d, planPush(c, ctx, d.id())
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
	case m.plan.Empty():
		return intents{closeDialog{}, notice{level: levelSuccess, text: "No changes: the database matches schema.sql"}}, nil
	}
	p.plan = m.plan
	return notice{level: levelInfo, text: "review the plan"}, nil
}

func (p *planDialog) lines(w int) []string {
	s := p.c.styles
	var out []string
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
		if c.Warning != "" {
			warn := "⚠ " + sanitize.Line(c.Warning)
			if c.Rows > 0 {
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
	case key.Matches(msg, k.Form.Yes):
		d, cmd := newProgressDialog(p.c, actionPush, p.plan, seeder.Options{})
		return openDialog{d: d}, cmd
	case key.Matches(msg, k.Nav.Down), key.Matches(msg, k.Nav.PageDown):
		p.top++
	case key.Matches(msg, k.Nav.Up), key.Matches(msg, k.Nav.PageUp):
		p.top = max(p.top-1, 0)
	default:
		return intents{closeDialog{}, notice{level: levelInfo, text: "push cancelled: nothing changed"}}, nil
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (p *planDialog) ShortHelp(k *KeyMap) []key.Binding {
	if p.plan == nil {
		return []key.Binding{k.Form.Cancel}
	}
	return []key.Binding{k.Form.Yes, k.Form.Cancel, k.Nav.Down, k.Nav.Up}
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
	q := "Apply " + humanize.Plural(int64(n), "statement")
	if d > 0 {
		q += s.Modal.Destructive.Render(fmt.Sprintf(" (%d destructive)", d))
	}
	lines = append(lines, "", q+"?  "+keyName(p.c.keys.Form.Yes)+" / N")
	return layout.Dialog("Push plan", lines, w, s.Pane.BorderActive, s.Modal.Title)
}
