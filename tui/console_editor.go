package tui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/highlight"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// sqlEditor is the console's multi-line SQL editor. A bubbles textarea
// keeps the text and does the editing; the editor draws it itself —
// coloured as SQL, with line numbers, scrolled horizontally rather than
// wrapped — and adds completion (Tab) and the history (up and down at the
// first and last line).
type sqlEditor struct {
	c         *common
	ta        textarea.Model
	w, h      int // the size it draws in
	top, left int // first line and first column shown

	hist history

	// The highlighted lines of hlText: View runs on every frame (the
	// spinner ticks while a statement runs), the text changes only on a
	// key.
	hlText  string
	hlLines []string

	// Completion: what Tab offers for the word before the cursor, and
	// which one it inserted last (Tab again takes the next).
	cands     []string
	candIdx   int
	candStart int // rune column of the word's start on the cursor line
	candLen   int // runes inserted for the current candidate
	tables    []string
	columns   map[string][]string
}

// editorWidth is the width the textarea thinks it has: wide enough not to
// wrap a line of SQL, so that up and down move by lines as drawn here (a
// line longer than this moves by its wrapped parts).
const editorWidth = 1000

func newSQLEditor(c *common) sqlEditor {
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.MaxWidth = 0
	ta.SetVirtualCursor(false)
	st := ta.Styles()
	st.Cursor.Blink = false
	ta.SetStyles(st)
	// The clipboard keys would run xclip or pbcopy; pasting arrives as a
	// paste message from the terminal anyway.
	ta.KeyMap.Paste.SetEnabled(false)
	ta.KeyMap.CopySelection.SetEnabled(false)
	ta.SetWidth(editorWidth)
	ta.SetHeight(1)
	ta.Focus()
	return sqlEditor{c: c, ta: ta, columns: map[string][]string{}}
}

// value is the editor's text.
func (e *sqlEditor) value() string { return e.ta.Value() }

// setValue replaces the text; the cursor goes to the end, or with atTop to
// the end of the first line (so that up keeps walking the history).
func (e *sqlEditor) setValue(s string, atTop bool) {
	e.ta.SetValue(s)
	if atTop {
		e.ta.MoveToBegin()
		e.ta.CursorEnd()
	}
	e.endCompletion()
	e.scroll()
}

// setSize sets the size the editor draws in. The textarea keeps a
// height of one line: it renders a view of its own on every key, which
// costs its height times its width and is never shown.
func (e *sqlEditor) setSize(w, h int) {
	e.w, e.h = max(w, 10), max(h, 1)
	e.scroll()
}

// cursorOffset is the byte offset of the cursor in value().
func (e *sqlEditor) cursorOffset() int {
	lines := strings.Split(e.value(), "\n")
	row, col := e.ta.Line(), e.ta.Column()
	off := 0
	for i := 0; i < row && i < len(lines); i++ {
		off += len(lines[i]) + 1
	}
	if row < len(lines) {
		off += len(string([]rune(lines[row])[:min(col, utf8.RuneCountInString(lines[row]))]))
	}
	return off
}

// selection is the selected text, if any.
func (e *sqlEditor) selection() (string, bool) {
	if !e.ta.HasSelection() {
		return "", false
	}
	return e.ta.SelectedText(), true
}

// handleKey edits; it returns true when the key was used. Up and down at
// the first and last line walk the history; Tab completes.
func (e *sqlEditor) handleKey(msg tea.KeyPressMsg) bool {
	k := e.c.keys
	switch {
	case msg.Code == tea.KeyUp && msg.Mod == 0 && e.ta.Line() == 0:
		if s, ok := e.hist.prev(e.value()); ok {
			e.setValue(s, true)
		}
		return true
	case msg.Code == tea.KeyDown && msg.Mod == 0 && e.ta.Line() == e.ta.LineCount()-1:
		if s, ok := e.hist.next(); ok {
			e.setValue(s, false)
		}
		return true
	case keyMatches(msg, k.Query.Complete):
		e.complete()
		return true
	case msg.Code == tea.KeyPgUp || msg.Code == tea.KeyPgDown:
		for range max(e.h-1, 1) {
			if msg.Code == tea.KeyPgUp {
				e.ta.CursorUp()
			} else {
				e.ta.CursorDown()
			}
		}
		e.endCompletion()
		e.scroll()
		return true
	}
	e.endCompletion()
	e.ta, _ = e.ta.Update(msg)
	e.scroll()
	return true
}

// paste inserts pasted text.
func (e *sqlEditor) paste(p tea.PasteMsg) {
	e.endCompletion()
	e.ta, _ = e.ta.Update(p)
	e.scroll()
}

// keyMatches is key.Matches for a binding that may be disabled: the
// editor's keys apply whenever it has the focus.
func keyMatches(msg tea.KeyPressMsg, b interface{ Keys() []string }) bool {
	s := msg.String()
	for _, k := range b.Keys() {
		if k == s {
			return true
		}
	}
	return false
}

// scroll keeps the cursor inside the drawn area.
func (e *sqlEditor) scroll() {
	e.top = keepVisible(e.top, e.ta.Line(), e.h)
	e.top = max(0, min(e.top, e.ta.LineCount()-1))
	x := e.cursorX()
	tw := e.textWidth()
	if x < e.left {
		e.left = max(x-tw/4, 0)
	}
	if x >= e.left+tw {
		e.left = x - tw + tw/4 + 1
	}
}

// cursorX is the display column of the cursor in its line.
func (e *sqlEditor) cursorX() int {
	lines := strings.Split(e.value(), "\n")
	row := e.ta.Line()
	if row >= len(lines) {
		return 0
	}
	r := []rune(lines[row])
	return ansi.StringWidth(string(r[:min(e.ta.Column(), len(r))]))
}

// gutter is the width of the line numbers and the spaces around them.
func (e *sqlEditor) gutter() int { return len(strconv.Itoa(max(e.ta.LineCount(), 1))) + 3 }

func (e *sqlEditor) textWidth() int { return max(e.w-e.gutter(), 4) }

// highlighted is text coloured by the SQL lexer, split into lines, from
// the cache when the text has not changed.
func (e *sqlEditor) highlighted(text string) []string {
	if e.hlLines == nil || text != e.hlText {
		e.hlText, e.hlLines = text, strings.Split(highlight.SQL(text, e.c.styles.Code), "\n")
	}
	return e.hlLines
}

// lines draws the editor: e.h lines of e.w cells, coloured, with the
// cursor (when focused) and the selection.
func (e *sqlEditor) lines(focused bool) []string {
	s := e.c.styles
	text := e.value()
	plain := strings.Split(text, "\n")
	coloured := plain
	if len(text) <= highlight.MaxBytes {
		coloured = e.highlighted(text)
		if len(coloured) != len(plain) {
			coloured = plain
		}
	}
	g, tw := e.gutter(), e.textWidth()
	row, col := e.ta.Line(), e.ta.Column()
	selStart, selEnd, hasSel := e.ta.Selection()
	out := make([]string, 0, e.h)
	for i := e.top; i < len(plain) && len(out) < e.h; i++ {
		num := layout.FitKnown(strconv.Itoa(i+1), len(strconv.Itoa(i+1)), g-2, true) + "  "
		if i == row && focused {
			num = s.Grid.Header.Render(num)
		} else {
			num = s.Muted.Render(num)
		}
		line := coloured[i]
		runes := []rune(plain[i])
		switch {
		case hasSel && i >= selStart.Row && i <= selEnd.Row:
			a, b := 0, len(runes)
			if i == selStart.Row {
				a = min(selStart.Col, len(runes))
			}
			if i == selEnd.Row {
				b = min(selEnd.Col, len(runes))
			}
			line = string(runes[:a]) + s.Grid.CursorRow.Render(string(runes[a:b])) + string(runes[b:])
		case i == row && focused:
			x := ansi.StringWidth(string(runes[:min(col, len(runes))]))
			under := " "
			if col < len(runes) {
				under = string(runes[col])
			}
			uw := max(ansi.StringWidth(under), 1)
			line = ansi.Cut(line, 0, x) + s.Grid.Cell.Render(under) + ansi.Cut(line, x+uw, ansi.StringWidth(line)+1)
		}
		line = ansi.Cut(line, e.left, e.left+tw)
		out = append(out, num+line)
	}
	if text == "" && len(out) > 0 && !focused {
		out[0] += s.Muted.Render("type SQL here")
	}
	for len(out) < e.h {
		out = append(out, "")
	}
	return out
}

// Completion.

// setCatalog gives completion the tables and their columns.
func (e *sqlEditor) setCatalog(tables []string, columns map[string][]string) {
	e.tables = tables
	if columns != nil {
		e.columns = columns
	}
}

func (e *sqlEditor) endCompletion() {
	e.cands, e.candIdx, e.candLen = nil, 0, 0
}

// completing reports whether Tab cycles through candidates now.
func (e *sqlEditor) completing() bool { return len(e.cands) > 1 }

// complete completes the word before the cursor: the only candidate, or
// the first of several (Tab again takes the next).
func (e *sqlEditor) complete() {
	if len(e.cands) > 1 {
		e.candIdx = (e.candIdx + 1) % len(e.cands)
		e.insertCandidate()
		return
	}
	lines := strings.Split(e.value(), "\n")
	row, col := e.ta.Line(), e.ta.Column()
	if row >= len(lines) {
		return
	}
	runes := []rune(lines[row])
	col = min(col, len(runes))
	start := col
	for start > 0 && isIdentRune(runes[start-1]) {
		start--
	}
	prefix := string(runes[start:col])
	qualifier := ""
	if start > 0 && runes[start-1] == '.' {
		q := start - 1
		for q > 0 && isIdentRune(runes[q-1]) {
			q--
		}
		qualifier = string(runes[q : start-1])
	}
	spans := store.SplitStatements(e.value())
	stmt := ""
	if sp, ok := store.StatementAt(spans, e.cursorOffset()); ok {
		stmt = sp.Text
	}
	cands := completions(prefix, qualifier, stmt, string(runes[:start]), e.tables, e.columns)
	if len(cands) == 0 {
		return
	}
	e.cands, e.candIdx, e.candStart, e.candLen = cands, 0, start, len([]rune(prefix))
	e.insertCandidate()
}

// insertCandidate replaces the word being completed with the current
// candidate.
func (e *sqlEditor) insertCandidate() {
	cand := e.cands[e.candIdx]
	lines := strings.Split(e.value(), "\n")
	row := e.ta.Line()
	runes := []rune(lines[row])
	end := min(e.candStart+e.candLen, len(runes))
	runes = append(append(append([]rune{}, runes[:e.candStart]...), []rune(cand)...), runes[end:]...)
	lines[row] = string(runes)
	cands, idx, start := e.cands, e.candIdx, e.candStart
	e.ta.SetValue(strings.Join(lines, "\n"))
	e.ta.MoveToBegin()
	for range row {
		e.ta.CursorDown()
	}
	e.ta.SetCursorColumn(start + len([]rune(cand)))
	e.cands, e.candIdx, e.candStart, e.candLen = cands, idx, start, len([]rune(cand))
	e.scroll()
}

// candidateLine lists the candidates, the current one marked, for the
// line under the editor.
func (e *sqlEditor) candidateLine(w int) string {
	if len(e.cands) < 2 {
		return ""
	}
	parts := make([]string, len(e.cands))
	for i, c := range e.cands {
		c = sanitize.Line(c)
		if i == e.candIdx {
			c = "[" + c + "]"
		}
		parts[i] = c
	}
	return layout.Truncate(" "+strings.Join(parts, " "), w)
}

func isIdentRune(r rune) bool {
	return r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 0x80
}
