package tui

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

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
