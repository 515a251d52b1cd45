package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// noteView is a trivial view of the test's own: it shows one line and
// counts the keys it gets. It stands for a new feature's view.
type noteView struct {
	viewBase
	c    *common
	text string
	keys int
}

func (v *noteView) Title() string                     { return "Note" }
func (v *noteView) SetSize(w, h int)                  { v.w, v.h = w, h }
func (v *noteView) Reload() tea.Cmd                   { return nil }
func (v *noteView) View() []string                    { return []string{" " + v.text} }
func (v *noteView) ShortHelp(k *KeyMap) []key.Binding { return []key.Binding{k.Nav.Back} }
func (v *noteView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	if msg.String() == "n" {
		v.keys++
		return notice{level: levelInfo, text: "note key"}, nil
	}
	return ignored, nil
}

// TestANewViewNeedsOneRegistrationLine registers a view with one launcher
// line, opens it with its key, and checks that the root gives it its keys,
// its title and help, and takes it off the stack on esc — with no change to
// the root model.
func TestANewViewNeedsOneRegistrationLine(t *testing.T) {
	t.Parallel()
	open := key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "note"))
	h := newHarnessWith(t, demoStore(), nil, 120, 40, []launcher{
		{binding: func(*KeyMap) *key.Binding { return &open }, open: func(c *common, table string) (Intent, tea.Cmd) {
			return pushView{v: &noteView{viewBase: newBase(c, "note"), c: c, text: "a note on " + table}}, nil
		}},
	})
	h.selectTable("levels")
	h.press("N")
	v, ok := h.m.top().(*noteView)
	if !ok {
		t.Fatalf("N opened %T", h.m.top())
	}
	scr := h.screen()
	for _, want := range []string{"Note", "a note on levels", "esc/backspace back"} {
		if !strings.Contains(scr, want) {
			t.Errorf("screen lacks %q:\n%s", want, scr)
		}
	}
	h.press("n")
	if v.keys != 1 || !strings.Contains(h.screen(), "note key") {
		t.Fatalf("the view did not get its key: %d\n%s", v.keys, h.screen())
	}
	h.press("?")
	if !strings.Contains(h.screen(), "N      note") && !strings.Contains(h.screen(), "N note") {
		t.Fatalf("the help does not list the new key:\n%s", h.screen())
	}
	h.press("esc", "esc")
	if h.m.top() == nil || h.m.focus != focusTables {
		t.Fatalf("esc from the only view: top %T, focus %v", h.m.top(), h.m.focus)
	}
}
