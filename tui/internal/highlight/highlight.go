// Package highlight colours SQL and JSON text for the terminal with the
// chroma lexers, in the styles the caller gives (so the colours follow the
// TUI's palette). Its input must already be sanitised: it only adds SGR
// styling, token by token, and never changes the text.
package highlight

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Styles colour the token classes.
type Styles struct {
	Keyword     lipgloss.Style
	String      lipgloss.Style
	Number      lipgloss.Style
	Comment     lipgloss.Style
	Name        lipgloss.Style // identifiers, JSON keys
	Operator    lipgloss.Style
	Punctuation lipgloss.Style
}

// MaxBytes is the largest text coloured; longer text is returned as it is,
// since colouring costs a style per token.
const MaxBytes = 1 << 20

// SQL colours MySQL text.
func SQL(text string, st Styles) string { return colour("mysql", text, st) }

// JSON colours JSON text.
func JSON(text string, st Styles) string { return colour("json", text, st) }

func colour(lang, text string, st Styles) string {
	if len(text) > MaxBytes {
		return text
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		return text
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, text)
	if err != nil {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) * 2)
	for tok := it(); tok != chroma.EOF; tok = it() {
		style, ok := pick(tok.Type, st)
		if !ok {
			b.WriteString(tok.Value)
			continue
		}
		// Style each line of a token alone, so a line break never sits
		// inside a styled run (wrapping and cutting stay exact).
		for i, part := range strings.Split(tok.Value, "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			if part != "" {
				b.WriteString(style.Render(part))
			}
		}
	}
	return b.String()
}

func pick(t chroma.TokenType, st Styles) (lipgloss.Style, bool) {
	switch {
	case t.InCategory(chroma.Keyword), t == chroma.NameBuiltin:
		return st.Keyword, true
	case t.InCategory(chroma.LiteralString):
		return st.String, true
	case t == chroma.NameTag, t.InCategory(chroma.Name):
		return st.Name, true
	case t.InCategory(chroma.LiteralNumber), t == chroma.KeywordConstant:
		return st.Number, true
	case t.InCategory(chroma.Comment):
		return st.Comment, true
	case t.InCategory(chroma.Operator):
		return st.Operator, true
	case t == chroma.Punctuation:
		return st.Punctuation, true
	}
	return lipgloss.Style{}, false
}
