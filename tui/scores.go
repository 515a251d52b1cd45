package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// scoresView lists the scores of one session with their level names.
type scoresView struct {
	viewBase
	c         *common
	sessionID int64
	scores    []store.ScoreRow
	loaded    bool
	cursor    int
	top       int
}

func newScoresView(c *common, sessionID int64) *scoresView {
	return &scoresView{viewBase: newBase(c, "session "+strconv.FormatInt(sessionID, 10)+" scores"), c: c, sessionID: sessionID}
}

func (v *scoresView) kind() viewKind { return viewScores }

// SetSize sets the body size.
func (v *scoresView) SetSize(w, h int) { v.w, v.h = w, h; v.scroll() }

// Reload fetches the scores.
func (v *scoresView) Reload(*Model) tea.Cmd {
	return loadScores(v.c, v.id, v.begin(v.c), v.sessionID)
}

func (v *scoresView) setScores(m *Model, msg scoresLoadedMsg) tea.Cmd {
	if !v.accept(msg.seq, msg.err) {
		return nil
	}
	if msg.err != nil {
		return m.fail(msg.err)
	}
	v.scores, v.loaded = msg.scores, true
	v.cursor = max(0, min(v.cursor, len(v.scores)-1))
	v.scroll()
	return m.succeeded()
}

func (v *scoresView) scroll() {
	h := max(v.h-2, 1)
	if v.cursor < v.top {
		v.top = v.cursor
	}
	if v.cursor >= v.top+h {
		v.top = v.cursor - h + 1
	}
	v.top = max(0, min(v.top, len(v.scores)-h))
}

// HandleKey moves in the list.
func (v *scoresView) HandleKey(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	h := max(v.h-2, 1)
	switch {
	case key.Matches(msg, k.Nav.Up):
		v.cursor--
	case key.Matches(msg, k.Nav.Down):
		v.cursor++
	case key.Matches(msg, k.Nav.PageUp):
		v.cursor -= h
	case key.Matches(msg, k.Nav.PageDown):
		v.cursor += h
	case key.Matches(msg, k.Nav.Top):
		v.cursor = 0
	case key.Matches(msg, k.Nav.Bottom):
		v.cursor = len(v.scores) - 1
	}
	v.cursor = max(0, min(v.cursor, len(v.scores)-1))
	v.scroll()
	return nil
}

// View renders the scores table.
func (v *scoresView) View(m *Model) []string {
	switch {
	case !v.loaded && v.err != nil:
		return errorLines(m, v.err, v.w)
	case !v.loaded:
		return loadingLines(m, "scores")
	}
	s := v.c.styles
	lw := len("level")
	for _, sc := range v.scores {
		lw = max(lw, ansiWidth(sanitize(sc.Level)))
	}
	lw = min(lw, 20)
	lines := []string{s.Grid.Header.Render(fit(fmt.Sprintf("  %-6s %s %6s %7s %8s  %-16s", "id", fit("level", lw), "score", "time", "accuracy", "at"), v.w)),
		s.Grid.Sep.Render(strings.Repeat("─", v.w))}
	if len(v.scores) == 0 {
		lines = append(lines, s.Muted.Render("  (no scores)"))
	}
	for i := v.top; i < len(v.scores) && i < v.top+v.h-2; i++ {
		sc := v.scores[i]
		line := fmt.Sprintf("%-6d %s %6d %7s %8.2f  %-16s", sc.ID, fit(sanitize(sc.Level), lw), sc.Score, duration(sc.TimeTaken), sc.Accuracy, date(sc.CreatedAt, "2006-01-02 15:04"))
		if i == v.cursor {
			lines = append(lines, s.Grid.CursorRow.Render(fit("▶ "+line, v.w)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return lines
}
