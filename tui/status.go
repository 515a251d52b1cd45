package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// level is the severity of a status message.
type level int

const (
	levelInfo level = iota
	levelSuccess
	levelWarn
	levelError
)

// ttl is how long a message of each level stays in the status line.
func (l level) ttl() time.Duration {
	switch l {
	case levelSuccess:
		return 6 * time.Second
	case levelWarn:
		return 10 * time.Second
	case levelError:
		return 15 * time.Second
	}
	return 4 * time.Second
}

// statusLine is the bottom line's message part: one message with a level,
// replaced by the next one and cleared by its timer, or by the next
// success when it is an error.
type statusLine struct {
	id    int
	level level
	text  string
	// sticky marks the outcome of a push, reset or reseed: what the
	// refresh that follows reports ("connection restored", or that the
	// server is unreachable) must not hide it.
	sticky bool
}

// maxMessages is how many status messages the messages view keeps.
const maxMessages = 200

// logged is a status message kept for the messages view.
type logged struct {
	at    time.Time
	level level
	text  string
}

// notify shows a message, keeps it for the messages view and returns the
// timer that clears it.
func (m *Model) notify(l level, text string) tea.Cmd {
	m.status.id++
	m.status.level = l
	m.status.text = text
	m.status.sticky = false
	m.messages = append(m.messages, logged{at: time.Now(), level: l, text: text})
	if len(m.messages) > maxMessages {
		m.messages = m.messages[len(m.messages)-maxMessages:]
	}
	if m.c.noAnim {
		return nil
	}
	return expireStatus(m.status.id, l.ttl())
}

// fail shows err, and notes when it means the server is unreachable; the
// next successful request clears that state. A sticky outcome (a reseed
// that failed because the server went away) stays in the status line: the
// disconnected marker says the rest.
func (m *Model) fail(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	if store.IsConnError(err) {
		m.offline = true
		if m.status.sticky && m.status.text != "" {
			return nil
		}
		return m.notify(levelError, "database unreachable: "+err.Error()+" — press "+keyName(m.c.keys.Global.Refresh)+" to retry")
	}
	if errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, store.ErrTimeout) {
		return m.notify(levelError, "timed out: "+err.Error())
	}
	return m.notify(levelError, err.Error())
}

// succeeded records that a request worked: the server is back, and an
// error in the status line is over (it stays in the messages view).
func (m *Model) succeeded() tea.Cmd {
	if m.status.sticky {
		m.offline = false
		return nil
	}
	if m.status.level == levelError && m.status.text != "" {
		m.status.text = ""
	}
	if !m.offline {
		return nil
	}
	m.offline = false
	return m.notify(levelSuccess, "connection restored")
}

// statusView renders the status line: database, host, server, access mode,
// connection state, then the current message.
func (m *Model) statusView(width int) string {
	s := m.c.styles.Status
	sep := s.Muted.Render(" · ")
	db := m.c.database()
	host := m.c.label
	if host == "" {
		host = m.info.Host
	}
	parts := []string{}
	if db != "" {
		parts = append(parts, s.Database.Render(sanitize.Line(db)))
	}
	// The access mode and the connection state come before the host, so
	// that truncation never hides them.
	if m.c.readOnly || m.info.ReadOnly {
		parts = append(parts, s.ReadOnly.Render("read-only"))
	} else {
		parts = append(parts, s.Muted.Render("read-write"))
	}
	if m.offline {
		parts = append(parts, s.Offline.Render("✖ disconnected"))
	}
	if m.warning != "" {
		parts = append(parts, s.Offline.Render("⚠ "+sanitize.Line(m.warning)))
	}
	if n := m.c.edits.count(); n > 0 {
		parts = append(parts, m.c.styles.Edit.Pending.Render(humanize.Plural(int64(n), "pending change")))
	}
	if host != "" {
		parts = append(parts, s.Muted.Render(sanitize.Line(host)))
	}
	if f := m.info.Flavor; f.Kind != store.FlavorUnknown || f.Reported != "" {
		parts = append(parts, s.Muted.Render(sanitize.Line(f.String())))
	}
	left := " " + strings.Join(parts, sep)
	msg := ""
	if m.status.text != "" {
		style := s.Info
		prefix := ""
		switch m.status.level {
		case levelSuccess:
			style, prefix = s.Success, "✓ "
		case levelWarn:
			style, prefix = s.Warn, "! "
		case levelError:
			style, prefix = s.Error, "✖ "
		}
		msg = style.Render(prefix + sanitize.Line(m.status.text))
	}
	if msg == "" {
		return layout.Fit(left, width)
	}
	// The message gets the room it needs, down to half the line; the
	// connection description is truncated first.
	lw := min(layout.Width(left), max(width-layout.Width(msg)-3, width/2))
	return layout.Fit(layout.Fit(left, lw)+sep+msg, width)
}
