package tui

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// field is a one-line text input. bubbles' textinput needs a clipboard
// module that is not among this module's dependencies, and the TUI needs
// only typing, moving, deleting and pasting, so it has its own.
type field struct {
	value       []rune
	pos         int
	focused     bool
	width       int
	prompt      string
	placeholder string
	limit       int
	cursor      lipgloss.Style
	muted       lipgloss.Style
}

func newField(c *common, placeholder string) field {
	return field{prompt: "> ", placeholder: placeholder, limit: 1000, width: 30,
		cursor: lipgloss.NewStyle().Reverse(true), muted: c.styles.Muted}
}

// Value returns the text.
func (f *field) Value() string { return string(f.value) }

// SetValue replaces the text and puts the cursor at its end.
func (f *field) SetValue(s string) {
	f.value = []rune(cleanInput(s))
	f.pos = len(f.value)
}

// Focus shows the cursor and takes keys.
func (f *field) Focus() { f.focused = true }

// Blur hides the cursor.
func (f *field) Blur() { f.focused = false }

// SetWidth sets the visible width of the text.
func (f *field) SetWidth(w int) { f.width = max(w, 4) }

// cleanInput drops control characters from typed or pasted text: a value
// is one line.
func cleanInput(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unsafeRune(r) {
			return -1
		}
		return r
	}, s)
}

func (f *field) insert(s string) {
	rs := []rune(cleanInput(s))
	if f.limit > 0 && len(f.value)+len(rs) > f.limit {
		rs = rs[:max(f.limit-len(f.value), 0)]
	}
	v := make([]rune, 0, len(f.value)+len(rs))
	v = append(v, f.value[:f.pos]...)
	v = append(v, rs...)
	v = append(v, f.value[f.pos:]...)
	f.value = v
	f.pos += len(rs)
}

// Update handles editing keys and pastes.
func (f *field) Update(msg tea.Msg) {
	if !f.focused {
		return
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(msg.Content)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace", "ctrl+h":
			if f.pos > 0 {
				f.value = append(f.value[:f.pos-1], f.value[f.pos:]...)
				f.pos--
			}
		case "delete", "ctrl+d":
			if f.pos < len(f.value) {
				f.value = append(f.value[:f.pos], f.value[f.pos+1:]...)
			}
		case "left", "ctrl+b":
			f.pos = max(f.pos-1, 0)
		case "right", "ctrl+f":
			f.pos = min(f.pos+1, len(f.value))
		case "home", "ctrl+a":
			f.pos = 0
		case "end", "ctrl+e":
			f.pos = len(f.value)
		case "ctrl+u":
			f.value, f.pos = f.value[f.pos:], 0
		case "ctrl+k":
			f.value = f.value[:f.pos]
		default:
			if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
				f.insert(msg.Text)
			}
		}
	}
}

// View renders the prompt, the visible part of the text and the cursor.
func (f *field) View() string {
	if len(f.value) == 0 && !f.focused {
		return f.prompt + f.muted.Render(f.placeholder)
	}
	if len(f.value) == 0 {
		return f.prompt + f.cursor.Render(" ") + f.muted.Render(f.placeholder)
	}
	// Scroll so that the cursor stays visible.
	start := 0
	if f.pos >= f.width {
		start = f.pos - f.width + 1
	}
	end := min(len(f.value), start+f.width)
	var sb strings.Builder
	sb.WriteString(f.prompt)
	for i := start; i < end; i++ {
		ch := string(f.value[i])
		if f.focused && i == f.pos {
			sb.WriteString(f.cursor.Render(ch))
		} else {
			sb.WriteString(ch)
		}
	}
	if f.focused && f.pos == len(f.value) {
		sb.WriteString(f.cursor.Render(" "))
	}
	return sb.String()
}
