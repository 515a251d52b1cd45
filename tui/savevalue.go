package tui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// saveValueDialog writes a value too large for the clipboard to a file the
// user names (a new file: an existing one is never overwritten).
type saveValueDialog struct {
	dialogBase
	c     *common
	value string
	path  field
	err   string
}

// valueSavedMsg is the result of writing a value to a file.
type valueSavedMsg struct {
	target int
	path   string
	err    error
}

func (m valueSavedMsg) to() int { return m.target }

func newSaveValueDialog(c *common, name, value string) (*saveValueDialog, tea.Cmd) {
	clean := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, sanitize.Input(name))
	def := clean + "-" + time.Now().Format("2006-01-02T15-04-05") + ".txt"
	d := &saveValueDialog{dialogBase: newDialogBase(c), c: c, value: value, path: newField(c, "file name", def)}
	return d, d.path.Focus()
}

// HandleKey edits the file name; enter writes the file.
func (d *saveValueDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Form.Cancel):
		return intents{closeDialog{}, notice{level: levelInfo, text: "not copied"}}, nil
	case key.Matches(msg, k.Form.Confirm):
		path := strings.TrimSpace(d.path.Value())
		if path == "" {
			d.err = "name the file"
			return nil, nil
		}
		return nil, writeValue(d.id(), path, d.value)
	}
	d.err = ""
	return nil, d.path.Update(msg)
}

// writeValue writes value to a new file at path, readable by its owner only
// (a value may be private).
func writeValue(target int, path, value string) tea.Cmd {
	return func() tea.Msg {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, os.ErrExist) {
				err = fmt.Errorf("%s exists already; choose another name", path)
			}
			return valueSavedMsg{target: target, path: path, err: err}
		}
		_, err = f.WriteString(value)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(path) // never leave a file that looks complete
		}
		return valueSavedMsg{target: target, path: path, err: err}
	}
}

// Update takes the result of the write, and pastes.
func (d *saveValueDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		return nil, d.path.Update(msg)
	case valueSavedMsg:
		if msg.err != nil {
			d.err = msg.err.Error()
			return nil, nil
		}
		return intents{closeDialog{}, notice{level: levelSuccess, text: "wrote " + humanize.Bytes(int64(len(d.value))) + " to " + msg.path}}, nil
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (d *saveValueDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Confirm, k.Form.Cancel}
}

// View renders the question.
func (d *saveValueDialog) View(w, _ int) []string {
	s := d.c.styles
	k := d.c.keys
	var lines []string
	lines = append(lines, layout.Wrap(fmt.Sprintf("This value is %s: terminals and tmux drop clipboard copies above about %s, so it would not arrive. Write it to a file instead:",
		humanize.Bytes(int64(len(d.value))), humanize.Bytes(clipboardLimit)), max(w-6, 20))...)
	d.path.SetWidth(max(min(w-12, 60), 10))
	lines = append(lines, "", d.path.View())
	if d.err != "" {
		lines = append(lines, s.Modal.Destructive.Render(sanitize.Line(d.err)))
	}
	lines = append(lines, "", s.Modal.Muted.Render(keyName(k.Form.Confirm)+" write · "+keyName(k.Form.Cancel)+" cancel"))
	return layout.Dialog("Too large for the clipboard", lines, w, s.Pane.BorderActive, s.Modal.Title)
}
