package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
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

// Title names the view.
func (v *scoresView) Title() string { return "Scores" }

// Table is the table the view lists.
func (v *scoresView) Table() string { return "scores" }

// SetSize sets the body size.
func (v *scoresView) SetSize(w, h int) { v.w, v.h = w, h; v.scroll() }

// Reload fetches the scores.
func (v *scoresView) Reload() tea.Cmd {
	return loadScores(v.c, v.id, v.begin(v.c), v.sessionID)
}

// Update takes the scores.
func (v *scoresView) Update(msg tea.Msg) (Intent, tea.Cmd) {
	msg2, ok := msg.(scoresLoadedMsg)
	if !ok || !v.accept(msg2.seq, msg2.err) {
		return nil, nil
	}
	if msg2.err != nil {
		return failure{err: msg2.err}, nil
	}
	v.scores, v.loaded = msg2.scores, true
	v.cursor = max(0, min(v.cursor, len(v.scores)-1))
	v.scroll()
	return success{}, nil
}

func (v *scoresView) scroll() {
	h := max(v.h-2, 1)
	v.top = keepVisible(v.top, v.cursor, h)
	v.top = max(0, min(v.top, len(v.scores)-h))
}

// HandleKey moves in the list.
func (v *scoresView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := v.c.keys
	h := max(v.h-2, 1)
	switch {
	case moveInList(&v.cursor, &k.Nav, msg, h, len(v.scores)):
	case key.Matches(msg, k.Nav.Open), key.Matches(msg, k.Data.Relations):
		if v.cursor < 0 || v.cursor >= len(v.scores) {
			return nil, nil
		}
		id := store.Filter{Column: "id", Op: store.OpEq, Value: strconv.FormatInt(v.scores[v.cursor].ID, 10)}
		return pushView{v: newRecordByKey(v.c, "scores", []store.Filter{id}, key.Matches(msg, k.Data.Relations))}, nil
	default:
		return ignored, nil
	}
	v.cursor = max(0, min(v.cursor, len(v.scores)-1))
	v.scroll()
	return nil, nil
}

// Keys enables what applies to the list.
func (v *scoresView) Keys(ctx *keyContext) {
	has := len(v.scores) > 0
	ctx.canMove, ctx.canOpen, ctx.canRelate = has, has, has
}

// ShortHelp is the list's one-line help.
func (v *scoresView) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Data.Relations, k.Nav.Back, k.Global.Help, k.Global.Quit}
}

// View renders the scores table.
func (v *scoresView) View() []string {
	switch {
	case !v.loaded && v.err != nil:
		return errorLines(v.c, v.err, v.w)
	case !v.loaded:
		return loadingLines(v.c, "scores")
	}
	s := v.c.styles
	lw := len("level")
	for _, sc := range v.scores {
		lw = max(lw, layout.Width(sanitize.Line(sc.Level)))
	}
	lw = min(lw, 20)
	lines := []string{s.Grid.Header.Render(layout.Fit(fmt.Sprintf("  %-6s %s %6s %7s %8s  %-16s", "id", layout.Fit("level", lw), "score", "time", "accuracy", "at"), v.w)),
		s.Grid.Sep.Render(strings.Repeat("─", v.w))}
	if len(v.scores) == 0 {
		lines = append(lines, s.Muted.Render("  (no scores)"))
	}
	for i := v.top; i < len(v.scores) && i < v.top+v.h-2; i++ {
		sc := v.scores[i]
		line := fmt.Sprintf("%-6d %s %6d %7s %8.2f  %-16s", sc.ID, layout.Fit(sanitize.Line(sc.Level), lw), sc.Score, duration(sc.TimeTaken), sc.Accuracy, date(sc.CreatedAt, "2006-01-02 15:04"))
		if i == v.cursor {
			lines = append(lines, s.Grid.CursorRow.Render(layout.Fit("▶ "+line, v.w)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return lines
}
