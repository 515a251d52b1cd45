package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// maxInput is the most characters a one-line input takes.
const maxInput = 1000

// newInput is a one-line text input in the dialogs' style. The cursor does
// not blink: a blinking cursor is a timer, and the dialogs need none.
func newInput(c *common, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = placeholder
	in.CharLimit = maxInput
	st := textinput.DefaultDarkStyles()
	st.Cursor.Blink = false
	st.Focused.Placeholder = c.styles.Muted
	st.Blurred.Placeholder = c.styles.Muted
	in.SetStyles(st)
	in.SetWidth(30)
	return in
}

// field is a text input whose value starts out selected, as in a form's
// prefilled field: the first character typed replaces it, backspace or
// delete clears it, and moving the cursor keeps it.
type field struct {
	textinput.Model
	selected bool
	normal   lipgloss.Style // the text's style when not selected
	marked   lipgloss.Style // the text's style while selected
}

func newField(c *common, placeholder, value string) field {
	f := field{Model: newInput(c, placeholder), marked: c.styles.Modal.Selected}
	f.normal = f.Styles().Focused.Text
	f.SetValue(value)
	return f
}

// Focus focuses the field and selects its value.
func (f *field) Focus() tea.Cmd {
	f.setSelected(f.Value() != "")
	return f.Model.Focus()
}

// Blur unfocuses the field and drops the selection.
func (f *field) Blur() {
	f.setSelected(false)
	f.Model.Blur()
}

func (f *field) setSelected(on bool) {
	f.selected = on
	st := f.Styles()
	st.Focused.Text = f.normal
	if on {
		st.Focused.Text = f.marked
	}
	f.SetStyles(st)
}

// Update edits the field; a selected value gives way to what is typed.
func (f *field) Update(msg tea.Msg) tea.Cmd {
	if f.selected {
		switch m := msg.(type) {
		case tea.KeyPressMsg:
			switch {
			case m.Text != "" && m.Mod&^tea.ModShift == 0:
				f.SetValue("")
			case m.Code == tea.KeyBackspace || m.Code == tea.KeyDelete:
				f.SetValue("")
				f.setSelected(false)
				return nil
			}
		case tea.PasteMsg:
			f.SetValue("")
		}
		f.setSelected(false)
	}
	return updateInput(&f.Model, msg)
}

// updateInput passes a key or a paste to an input, keeping what reaches it
// on one line and free of control characters.
func updateInput(in *textinput.Model, msg tea.Msg) tea.Cmd {
	if p, ok := msg.(tea.PasteMsg); ok {
		p.Content = sanitize.Input(p.Content)
		msg = p
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return cmd
}

// formFields is the fields of a one-page form and the one in focus. The
// jump dialog and the reseed form embed it so that their fields move
// alike: Next and Prev go round, Confirm on any field but the last goes
// to the next one, and a paste goes to the field in focus.
type formFields struct {
	inputs []field
	focus  int
}

// setFocus moves the focus to field i, counted round the fields.
func (f *formFields) setFocus(i int) tea.Cmd {
	f.inputs[f.focus].Blur()
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	return f.inputs[f.focus].Focus()
}

// moveFocus moves the focus for Next, Prev, and Confirm short of the last
// field; ok is false for any other key, which the form handles itself
// (Confirm on the last field submits).
func (f *formFields) moveFocus(k *FormKeys, msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(msg, k.Next):
		return f.setFocus(f.focus + 1), true
	case key.Matches(msg, k.Prev):
		return f.setFocus(f.focus - 1), true
	case key.Matches(msg, k.Confirm) && f.focus < len(f.inputs)-1:
		return f.setFocus(f.focus + 1), true
	}
	return nil, false
}

// paste gives a paste to the field in focus; the form has no other use
// for messages.
func (f *formFields) paste(msg tea.Msg) tea.Cmd {
	if p, ok := msg.(tea.PasteMsg); ok {
		return f.inputs[f.focus].Update(p)
	}
	return nil
}
