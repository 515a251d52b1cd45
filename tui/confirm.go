package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/seeder"
)

// planModal shows a push plan, destructive statements highlighted, and
// applies it only on y (K4: the default is No).
type planModal struct {
	plan *seeder.Plan
	top  int
}

func (p *planModal) lines(m *Model, w int) []string {
	s := m.c.styles
	var out []string
	for i, c := range p.plan.Changes {
		head := fmt.Sprintf("%d.", i+1)
		if c.Comment != "" {
			head += " " + sanitize(c.Comment)
		}
		out = append(out, s.Modal.Muted.Render(head))
		for _, l := range wrapLines(sanitizeLines(c.SQL), max(w-4, 10)) {
			if c.Destructive {
				out = append(out, s.Modal.Destructive.Render("! "+l))
			} else {
				out = append(out, "  "+l)
			}
		}
		if c.Warning != "" {
			warn := "⚠ " + sanitize(c.Warning)
			if c.Rows > 0 {
				warn += fmt.Sprintf(" (%s)", plural(c.Rows, "row"))
			}
			for _, l := range wrapLines(warn, max(w-4, 10)) {
				out = append(out, "  "+s.Modal.Warning.Render(l))
			}
		}
	}
	return out
}

// HandleKey scrolls, applies on y and cancels on anything else.
func (p *planModal) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.yes):
		m.modal = nil
		return m.runAction(actionPush, p.plan, seeder.Options{})
	case key.Matches(msg, k.Nav.Down), key.Matches(msg, k.Nav.PageDown):
		p.top++
	case key.Matches(msg, k.Nav.Up), key.Matches(msg, k.Nav.PageUp):
		p.top = max(p.top-1, 0)
	case key.Matches(msg, k.no), key.Matches(msg, k.Nav.Back):
		m.modal = nil
		return m.notify(levelInfo, "push cancelled: nothing changed")
	}
	return nil
}

// View renders the plan and the question.
func (p *planModal) View(m *Model, w, h int) []string {
	s := m.c.styles
	body := p.lines(m, w-4)
	room := max(h-8, 3)
	p.top = max(0, min(p.top, len(body)-room))
	shown := body[p.top:min(len(body), p.top+room)]
	lines := append([]string(nil), shown...)
	if len(body) > room {
		lines = append(lines, s.Modal.Muted.Render(fmt.Sprintf("lines %d-%d of %d · ↑/↓ scroll", p.top+1, p.top+len(shown), len(body))))
	}
	n, d := len(p.plan.Changes), 0
	for _, c := range p.plan.Changes {
		if c.Destructive {
			d++
		}
	}
	q := fmt.Sprintf("Apply %s", plural(int64(n), "statement"))
	if d > 0 {
		q += s.Modal.Destructive.Render(fmt.Sprintf(" (%d destructive)", d))
	}
	lines = append(lines, "", q+"?  y / N")
	return modalBox(s, "Push plan", lines, w)
}

// confirmModal asks the user to type the database name before a reset or
// a reseed.
type confirmModal struct {
	kind     actionKind
	opts     seeder.Options
	want     string
	text     []string
	warnings []string
	input    field
	mismatch bool
}

func newConfirmModal(c *common, kind actionKind, opts seeder.Options, text, warnings []string) *confirmModal {
	cm := &confirmModal{kind: kind, opts: opts, want: c.actions.DatabaseName(), text: text, warnings: warnings,
		input: newField(c, "database name")}
	cm.input.Focus()
	return cm
}

// HandleKey edits the name; Enter runs the action when it matches.
func (c *confirmModal) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.cancel):
		m.modal = nil
		return m.notify(levelInfo, c.kind.String()+" cancelled: nothing changed")
	case key.Matches(msg, k.Nav.Open):
		if c.input.Value() != c.want {
			c.mismatch = true
			return nil
		}
		m.modal = nil
		return m.runAction(c.kind, nil, c.opts)
	}
	c.mismatch = false
	c.input.Update(msg)
	return nil
}

// HandlePaste pastes into the name.
func (c *confirmModal) HandlePaste(msg tea.PasteMsg) tea.Cmd {
	c.input.Update(msg)
	return nil
}

// View renders the question.
func (c *confirmModal) View(m *Model, w, _ int) []string {
	s := m.c.styles
	lines := append([]string(nil), c.text...)
	for _, wn := range c.warnings {
		lines = append(lines, wrapStyled(s.Modal.Warning.Render, "⚠ "+wn, w-6)...)
	}
	c.input.SetWidth(max(min(w-12, 40), 10))
	lines = append(lines, "", "Type "+s.Modal.Destructive.Render(sanitize(c.want))+" to confirm:", c.input.View())
	if c.mismatch {
		lines = append(lines, s.Modal.Destructive.Render("that is not the database name"))
	}
	lines = append(lines, "", s.Modal.Muted.Render("enter confirm · esc cancel"))
	title := "Reset " + sanitize(c.want)
	if c.kind == actionReseed {
		title = "Reseed " + sanitize(c.want)
	}
	return modalBox(s, title, lines, w)
}

func wrapStyled(render func(...string) string, text string, w int) []string {
	var out []string
	for _, l := range wrapLines(text, max(w, 10)) {
		out = append(out, render(l))
	}
	return out
}

// seedForm asks for the seed and the number of users of a reseed; the
// other counts are the defaults.
type seedForm struct {
	inputs [2]field
	focus  int
	err    string
}

func newSeedForm(c *common) *seedForm {
	d := seeder.DefaultOptions()
	f := &seedForm{}
	f.inputs[0] = newField(c, "seed")
	f.inputs[0].SetValue(strconv.FormatUint(d.Seed, 10))
	f.inputs[1] = newField(c, "users")
	f.inputs[1].SetValue(strconv.Itoa(d.Users))
	f.inputs[0].Focus()
	return f
}

func (f *seedForm) setFocus(i int) {
	f.inputs[f.focus].Blur()
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	f.inputs[f.focus].Focus()
}

// options parses the form.
func (f *seedForm) options() (seeder.Options, error) {
	o := seeder.DefaultOptions()
	seed, err := strconv.ParseUint(strings.TrimSpace(f.inputs[0].Value()), 10, 64)
	if err != nil {
		return o, fmt.Errorf("the seed must be a whole number ≥ 0")
	}
	users, err := strconv.Atoi(strings.TrimSpace(f.inputs[1].Value()))
	if err != nil || users < 1 || users > 10_000_000 {
		return o, fmt.Errorf("users must be a whole number from 1 to 10,000,000")
	}
	o.Seed, o.Users = seed, users
	return o, nil
}

// HandleKey edits the fields; Enter on the last one goes to the
// confirmation.
func (f *seedForm) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.cancel):
		m.modal = nil
		return m.notify(levelInfo, "reseed cancelled: nothing changed")
	case key.Matches(msg, k.next):
		f.setFocus(f.focus + 1)
		return nil
	case key.Matches(msg, k.prev):
		f.setFocus(f.focus - 1)
		return nil
	case key.Matches(msg, k.Nav.Open):
		if f.focus < len(f.inputs)-1 {
			f.setFocus(f.focus + 1)
			return nil
		}
		o, err := f.options()
		if err != nil {
			f.err = err.Error()
			return nil
		}
		m.modal = m.reseedConfirm(o)
		return nil
	}
	f.err = ""
	f.inputs[f.focus].Update(msg)
	return nil
}

// HandlePaste pastes into the focused field.
func (f *seedForm) HandlePaste(msg tea.PasteMsg) tea.Cmd {
	f.inputs[f.focus].Update(msg)
	return nil
}

// View renders the form.
func (f *seedForm) View(m *Model, w, _ int) []string {
	s := m.c.styles
	d := seeder.DefaultOptions()
	f.inputs[0].SetWidth(24)
	f.inputs[1].SetWidth(24)
	lines := []string{
		"Replace every row with a generated dataset.",
		s.Modal.Muted.Render(fmt.Sprintf("per user: %d profile, %d sessions, %d scores each; %d levels",
			d.ProfilesPerUser, d.SessionsPerUser, d.ScoresPerSession, d.Levels)),
		"",
		"Seed   " + f.inputs[0].View(),
		"Users  " + f.inputs[1].View(),
	}
	if o, err := f.options(); err == nil {
		lines = append(lines, s.Modal.Muted.Render(fmt.Sprintf("%s rows in all", groupDigits(expectedRows(o)))))
	}
	if f.err != "" {
		lines = append(lines, s.Modal.Destructive.Render(f.err))
	}
	lines = append(lines, "", s.Modal.Muted.Render("tab next field · enter continue · esc cancel"))
	return modalBox(s, "Reseed", lines, w)
}

// reseedConfirm is the typed confirmation of a reseed, with a warning when
// the embedded engine is asked for a large dataset.
func (m *Model) reseedConfirm(o seeder.Options) *confirmModal {
	db := sanitize(m.c.actions.DatabaseName())
	rows := expectedRows(o)
	text := []string{
		fmt.Sprintf("Reseed replaces every row of %s with %s generated rows", db, groupDigits(rows)),
		fmt.Sprintf("(seed %d, %s users), in one transaction.", o.Seed, groupDigits(int64(o.Users))),
	}
	var warn []string
	if m.c.actions.Embedded() && rows > 30*embeddedRowsPerSecond {
		secs := rows / embeddedRowsPerSecond
		warn = append(warn, fmt.Sprintf("The embedded engine loads about %d rows/s: this may take %s. Use a MariaDB/MySQL server for large datasets.",
			embeddedRowsPerSecond, roughDuration(secs)))
	}
	return newConfirmModal(m.c, actionReseed, o, text, warn)
}

// roughDuration is "about 40 seconds", "about 12 minutes", "about 3 hours".
func roughDuration(secs int64) string {
	switch {
	case secs < 90:
		return fmt.Sprintf("about %d seconds", secs)
	case secs < 90*60:
		return fmt.Sprintf("about %d minutes", secs/60)
	}
	return fmt.Sprintf("about %d hours", secs/3600)
}
