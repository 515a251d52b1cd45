package highlight

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func styles() Styles {
	c := func(s string) lipgloss.Style { return lipgloss.NewStyle().Foreground(lipgloss.Color(s)) }
	return Styles{Keyword: c("1"), String: c("2"), Number: c("3"), Comment: c("4"), Name: c("5"), Operator: c("6"), Punctuation: c("7")}
}

func TestColouringKeepsTheText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ lang, text string }{
		{"sql", "SELECT `a`, 'x''y', 12.5 -- note\nFROM t WHERE b = ?;"},
		{"json", "{\n  \"key\": [1, 2.5, true, null, \"s\\\"q\"]\n}"},
		{"sql", "日本語 'é' /* multi\nline */"},
	} {
		var out string
		if c.lang == "sql" {
			out = SQL(c.text, styles())
		} else {
			out = JSON(c.text, styles())
		}
		if got := ansi.Strip(out); got != c.text {
			t.Errorf("%s: the text changed:\n%q\n%q", c.lang, got, c.text)
		}
		if out == c.text {
			t.Errorf("%s: nothing was coloured", c.lang)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Count(line, "\x1b[") > 0 && !strings.HasSuffix(strings.TrimRight(ansi.Strip(line), " "), strings.TrimRight(ansi.Strip(line), " ")) {
				t.Errorf("bad line %q", line)
			}
		}
	}
}

func TestHugeTextIsLeftAlone(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("[1,2,3],", MaxBytes/8+1)
	if JSON(big, styles()) != big {
		t.Fatal("a text over MaxBytes was coloured")
	}
}
