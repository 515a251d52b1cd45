package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/chart"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// userView is the demobots user view: a profile card, a chart of the
// user's scores over time, and their sessions with score summaries.
type userView struct {
	viewBase
	c       *common
	userID  int64
	cols    []store.Column // the users row, for the relations menu
	row     store.Row
	summary *store.UserSummary
	points  []store.ScorePoint
	cursor  int // session under the cursor
	top     int
}

func newUserView(c *common, userID int64, cols []store.Column, row store.Row) *userView {
	return &userView{viewBase: newBase(c, "user "+strconv.FormatInt(userID, 10)), c: c, userID: userID, cols: cols, row: row}
}

// Title names the view.
func (u *userView) Title() string { return "User" }

// Table is the table the user view shows.
func (u *userView) Table() string { return "users" }

// SetSize sets the body size.
func (u *userView) SetSize(w, h int) { u.w, u.h = w, h; u.scroll() }

// Reload fetches the summary and the scores.
func (u *userView) Reload() tea.Cmd {
	return loadUser(u.c, u.id, u.begin(u.c), u.userID)
}

// Update takes the user's data and the relations menu.
func (u *userView) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case userLoadedMsg:
		return u.setUser(msg), nil
	case relationsLoadedMsg:
		return u.relationsArrived(u.c, msg)
	}
	return nil, nil
}

func (u *userView) setUser(msg userLoadedMsg) Intent {
	if !u.accept(msg.seq, msg.err) {
		return nil
	}
	if msg.summary != nil {
		u.summary, u.points = msg.summary, msg.points
	}
	if msg.err != nil {
		return failure{err: msg.err}
	}
	u.summary, u.points = msg.summary, msg.points
	if u.summary != nil && u.summary.User.Username != "" {
		u.crumb = "@" + sanitize.Line(u.summary.User.Username)
	}
	u.cursor = max(0, min(u.cursor, len(u.sessions())-1))
	u.scroll()
	return success{}
}

func (u *userView) sessions() []store.SessionSummary {
	if u.summary == nil {
		return nil
	}
	return u.summary.Sessions
}

// layout returns the chart height and the number of visible sessions.
func (u *userView) layout() (chartH, listH int) {
	const card = 5 // bordered, three lines
	chartH = max(3, min(8, (u.h-card-3-3)/2))
	listH = max(u.h-card-1-chartH-1-1, 1)
	return chartH, listH
}

func (u *userView) scroll() {
	_, listH := u.layout()
	u.top = keepVisible(u.top, u.cursor, listH)
	u.top = max(0, min(u.top, len(u.sessions())-listH))
}

// HandleKey moves in the sessions; Enter opens a session's scores.
func (u *userView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := u.c.keys
	_, listH := u.layout()
	n := len(u.sessions())
	switch {
	case moveInList(&u.cursor, &k.Nav, msg, listH, n):
	case key.Matches(msg, k.Nav.Open):
		if u.cursor >= 0 && u.cursor < n {
			return pushView{v: newScoresView(u.c, u.sessions()[u.cursor].ID)}, nil
		}
		return nil, nil
	case key.Matches(msg, k.Data.Relations):
		if u.row != nil {
			return nil, u.loadRelations(u.c, "users", u.c.catalog.info("users"), u.cols, u.row)
		}
		return nil, nil
	default:
		return ignored, nil
	}
	u.cursor = max(0, min(u.cursor, n-1))
	u.scroll()
	return nil, nil
}

// Keys enables what applies to the user view.
func (u *userView) Keys(ctx *keyContext) {
	ctx.canMove = len(u.sessions()) > 0
	ctx.canOpen = len(u.sessions()) > 0
	ctx.canRelate = u.row != nil
}

// ShortHelp is the user view's one-line help.
func (u *userView) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.Open, k.Data.Relations, k.Nav.Back, k.Global.Help, k.Global.Quit}
}

// View renders card, chart and sessions.
func (u *userView) View() []string {
	switch {
	case u.summary == nil && u.err != nil:
		return errorLines(u.c, u.err, u.w)
	case u.summary == nil:
		return loadingLines(u.c, "user "+strconv.FormatInt(u.userID, 10))
	}
	s := u.c.styles
	chartH, listH := u.layout()
	lines := u.card()
	title := " Scores over time (" + humanize.Plural(int64(len(u.points)), "score")
	if len(u.points) == userScoresLimit {
		title += fmt.Sprintf(", the latest %d", userScoresLimit)
	}
	lines = append(lines, s.Card.Label.Render(title+")"))
	points := make([]chart.Point, len(u.points))
	for i, p := range u.points {
		points[i] = chart.Point{At: p.At, Value: float64(max(p.Score, 0))}
	}
	for _, l := range chart.Time(points, u.w-1, chartH, chart.Styles{Bar: s.Chart.Bar, Axis: s.Chart.Axis}) {
		lines = append(lines, " "+l)
	}
	for len(lines) < 5+1+chartH {
		lines = append(lines, "")
	}
	sess := u.sessions()
	head := fmt.Sprintf("  %-5s %-16s %6s %3s %6s %5s %4s", "id", "started", "dur", "n", "avg", "best", "acc")
	if more := "   (" + humanize.Plural(int64(len(sess)), "session") + ")"; layout.Width(head+more) <= u.w {
		head += more
	}
	lines = append(lines, s.Grid.Header.Render(layout.Fit(head, u.w)))
	if len(sess) == 0 {
		lines = append(lines, s.Muted.Render("  (no sessions)"))
	}
	for i := u.top; i < len(sess) && i < u.top+listH; i++ {
		ss := sess[i]
		line := fmt.Sprintf("%-5d %-16s %6s %3d %6.0f %5d %4.2f", ss.ID, ss.CreatedAt.Format("2006-01-02 15:04"),
			duration(ss.Duration), ss.Scores, ss.AvgScore, ss.BestScore, ss.AvgAccuracy)
		if i == u.cursor {
			lines = append(lines, s.Grid.CursorRow.Render(layout.Fit("▶ "+line, u.w)))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	return lines
}

// card is the profile as a bordered card of five lines.
func (u *userView) card() []string {
	s := u.c.styles
	us := u.summary.User
	name, title := "(no profile)", ""
	if p := u.summary.Profile; p != nil {
		name = sanitize.Line(strings.TrimSpace(p.FirstName + " " + p.LastName))
		title = sanitize.Line(p.Title)
	}
	l1 := s.Card.Name.Render(name)
	if title != "" {
		l1 += s.Card.Label.Render("  ·  ") + title
	}
	l2 := "@" + sanitize.Line(us.Username) + s.Card.Label.Render("  ·  user #"+strconv.FormatInt(us.ID, 10))
	l3 := s.Card.Label.Render("created ") + date(us.CreatedAt, "2006-01-02 15:04") +
		s.Card.Label.Render("   born ") + date(us.DateOfBirth, "2006-01-02")
	inner := max(u.w-4, 10)
	body := []string{" " + layout.Fit(l1, inner) + " ", " " + layout.Fit(l2, inner) + " ", " " + layout.Fit(l3, inner) + " "}
	return layout.Box("", body, min(u.w, inner+4), 5, s.Pane.Border, s.Pane.Title)
}

func date(t time.Time, layout string) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(layout)
}

// duration formats seconds as "2h05m" or "45m10s".
func duration(sec int64) string {
	d := time.Duration(sec) * time.Second
	if d >= time.Hour {
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
