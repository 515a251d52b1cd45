package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// openReseed asks for the seed and the number of users of a reseed.
func openReseed(c *common, _ string) (Intent, tea.Cmd) {
	d, cmd := newSeedForm(c)
	return openDialog{d: d}, cmd
}

// seedForm asks for the seed and the number of users of a reseed; the
// other counts, and the column generators, are the defaults' (the
// built-in dataset refined by the project file's [seed], whose file the
// form names). The fields start with the values of the session's last
// reseed (the defaults at first), selected, so typing replaces them.
type seedForm struct {
	dialogBase
	c *common
	formFields
	err string
}

func newSeedForm(c *common) (*seedForm, tea.Cmd) {
	d := c.seedDefaults
	if c.lastReseed != nil {
		d = *c.lastReseed
	}
	f := &seedForm{dialogBase: newDialogBase(c), c: c}
	f.inputs = []field{
		newField(c, "seed", strconv.FormatUint(d.Seed, 10)),
		newField(c, "users", strconv.Itoa(d.Users)),
	}
	return f, f.inputs[0].Focus()
}

// options parses the form.
func (f *seedForm) options() (seeder.Options, error) {
	o := f.c.seedDefaults
	seed, err := strconv.ParseUint(strings.TrimSpace(f.inputs[0].Value()), 10, 64)
	if err != nil {
		return o, fmt.Errorf("the seed must be a whole number ≥ 0")
	}
	users, err := strconv.Atoi(strings.TrimSpace(f.inputs[1].Value()))
	if err != nil || users < 1 || users > 10_000_000 {
		return o, fmt.Errorf("users must be a whole number from 1 to 10,000,000")
	}
	o.Seed, o.Users = seed, users
	return o, o.Validate()
}

// HandleKey edits the fields; Enter on the last one goes to the
// confirmation.
func (f *seedForm) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := f.c.keys
	if key.Matches(msg, k.Form.Cancel) {
		return intents{closeDialog{}, notice{level: levelInfo, text: "reseed cancelled: nothing changed"}}, nil
	}
	if cmd, ok := f.moveFocus(&k.Form, msg); ok {
		return nil, cmd
	}
	if key.Matches(msg, k.Form.Confirm) {
		o, err := f.options()
		if err == nil && f.c.refineErr != nil {
			err = f.c.refineErr
		}
		if err == nil {
			// The refinement's generators, checked for the counts asked
			// (a unique column may have too few values for more users).
			err = seeder.CheckRefinement(o)
		}
		if err != nil {
			f.err = err.Error()
			return nil, nil
		}
		f.c.lastReseed = &o
		d, cmd := reseedConfirm(f.c, o)
		return openDialog{d: d}, cmd
	}
	f.err = ""
	return nil, f.inputs[f.focus].Update(msg)
}

// Update pastes into the focused field.
func (f *seedForm) Update(msg tea.Msg) (Intent, tea.Cmd) {
	return nil, f.paste(msg)
}

// ShortHelp is the form's one-line help.
func (f *seedForm) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Next, k.Form.Confirm, k.Form.Cancel}
}

// View renders the form.
func (f *seedForm) View(w, _ int) []string {
	s := f.c.styles
	k := f.c.keys
	d := f.c.seedDefaults
	f.inputs[0].SetWidth(24)
	f.inputs[1].SetWidth(24)
	lines := []string{
		"Replace every row with a generated dataset.",
		s.Modal.Muted.Render(fmt.Sprintf("per user: %s, %s, %d scores each; %s",
			humanize.Plural(int64(d.ProfilesPerUser), "profile"), humanize.Plural(int64(d.SessionsPerUser), "session"),
			d.ScoresPerSession, humanize.Plural(int64(d.Levels), "level"))),
		s.Modal.Muted.Render(f.refinementLine()),
		"",
		"Seed   " + f.inputs[0].View(),
		"Users  " + f.inputs[1].View(),
	}
	if o, err := f.options(); err == nil {
		lines = append(lines, s.Modal.Muted.Render(humanize.Plural(o.TotalRows(), "row")+" in all"))
	}
	if f.err != "" {
		lines = append(lines, s.Modal.Destructive.Render(f.err))
	}
	lines = append(lines, "", s.Modal.Muted.Render(keyName(k.Form.Next)+" next field · "+keyName(k.Form.Confirm)+" continue · "+keyName(k.Form.Cancel)+" cancel"))
	return layout.Dialog("Reseed", lines, w, s.Pane.BorderActive, s.Modal.Title)
}

// reseedConfirm is the typed confirmation of a reseed, with a warning when
// the embedded engine is asked for a large dataset.
func reseedConfirm(c *common, o seeder.Options) (*confirmDialog, tea.Cmd) {
	db := sanitize.Line(c.actions.DatabaseName())
	text := []string{fmt.Sprintf("Reseed replaces every row of the demobots tables in %s with %s generated rows (seed %d, %s), atomically: other sessions see the old rows until it is done, then the new ones, never a mix.",
		db, humanize.Thousands(o.TotalRows()), o.Seed, humanize.Plural(int64(o.Users), "user"))}
	var warn []string
	if est, slow := seeder.EmbeddedEstimate(o); c.actions.Embedded() && slow {
		warn = append(warn, fmt.Sprintf("The embedded engine loads about %d rows/s: this may take %s. Use a MariaDB/MySQL server for large datasets.",
			seeder.EmbeddedRowsPerSecond, humanize.About(est)))
	}
	d, cmd := confirmAction(c, actionReseed, "Reseed "+db, text, warn, nil, o)
	return d, cmd
}

// refinementLine names what refines the dataset: the project file's
// [seed] section, or nothing (the built-in dataset).
func (f *seedForm) refinementLine() string {
	if f.c.refineFile == "" {
		return "dataset: built-in (no [seed] section in a project file)"
	}
	path := []rune(sanitize.Line(f.c.refineFile))
	if len(path) > 36 { // keep the file's name, the end of a long path
		path = append([]rune("…"), path[len(path)-35:]...)
	}
	return "dataset: refined by [seed] in " + string(path)
}
