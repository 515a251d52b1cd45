package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	demobots "github.com/demobots/demobots-tui"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
)

// actionKind names the write actions.
type actionKind int

const (
	actionPush actionKind = iota + 1
	actionReset
	actionReseed
)

func (k actionKind) String() string {
	switch k {
	case actionPush:
		return "push"
	case actionReset:
		return "reset"
	case actionReseed:
		return "reseed"
	}
	return "action"
}

// actionRun is the state of a running push, reset or reseed.
type actionRun struct {
	op         int
	kind       actionKind
	opts       seeder.Options
	statements int // of a push
	cancel     context.CancelFunc
	cancelling bool
	started    time.Time
	last       seeder.Event
	lastAt     time.Time
	loaded     map[string]int64 // rows done per table during PhaseLoad
	expected   int64            // rows a reseed loads in all
	events     <-chan seeder.Event
}

// done is the number of rows loaded so far.
func (r *actionRun) done() int64 {
	var n int64
	for _, d := range r.loaded {
		n += d
	}
	return n
}

// percent is the progress in [0, 1].
func (r *actionRun) percent() float64 {
	if r.kind == actionReseed && r.expected > 0 {
		if r.last.Phase == seeder.PhaseCommit || r.last.Phase == seeder.PhaseDone {
			return 1
		}
		return min(float64(r.done())/float64(r.expected), 1)
	}
	if r.last.Total > 0 {
		return min(float64(r.last.Done)/float64(r.last.Total), 1)
	}
	return 0
}

// rate is rows per second since the start.
func (r *actionRun) rate() float64 {
	el := r.lastAt.Sub(r.started).Seconds()
	if el <= 0 {
		return 0
	}
	return float64(r.done()) / el
}

// expectedRows is the number of rows a reseed with opts loads.
func expectedRows(o seeder.Options) int64 {
	u := int64(o.Users)
	return int64(o.Levels) + u + u*int64(o.ProfilesPerUser) + u*int64(o.SessionsPerUser) + u*int64(o.SessionsPerUser)*int64(o.ScoresPerSession)
}

// embeddedRowsPerSecond is what the embedded engine loads with foreign
// keys checked (DESIGN.md: ~25,000 rows in ~45 s).
const embeddedRowsPerSecond = 550

// startPush plans a push; the plan comes back as planLoadedMsg.
func (m *Model) startPush() tea.Cmd {
	if m.planning {
		return nil
	}
	m.planning = true
	m.planSeq = m.c.nextSeq()
	return tea.Batch(planPush(m.c, m.planSeq), m.spin(), m.notify(levelInfo, "planning push…"))
}

// planLoaded shows the plan for confirmation, or says there is nothing to do.
func (m *Model) planLoaded(msg planLoadedMsg) tea.Cmd {
	if msg.seq != m.planSeq || !m.planning {
		return nil
	}
	m.planning = false
	if msg.err != nil {
		return m.fail(msg.err)
	}
	if msg.plan.Empty() {
		return m.notify(levelSuccess, "No changes: the database matches schema.sql")
	}
	m.modal = &planModal{plan: msg.plan}
	return m.notify(levelInfo, "review the plan")
}

// startReset asks for the typed confirmation of a reset.
func (m *Model) startReset() tea.Cmd {
	db := m.c.actions.DatabaseName()
	m.modal = newConfirmModal(m.c, actionReset, seeder.Options{},
		[]string{fmt.Sprintf("Reset deletes every row of the demobots tables in %s", sanitize(db)),
			"(" + strings.Join(demobots.Tables, ", ") + ")",
			"and restarts their ids at 1, in one transaction.", "Other tables are left alone."}, nil)
	return nil
}

// startReseed asks for the seed and the number of users.
func (m *Model) startReseed() tea.Cmd {
	m.modal = newSeedForm(m.c)
	return nil
}

// runAction starts an action; its progress comes back as
// progressReportedMsg and its end as actionFinishedMsg.
func (m *Model) runAction(kind actionKind, plan *seeder.Plan, opts seeder.Options) tea.Cmd {
	ctx, cancel := context.WithCancel(m.c.ctx)
	m.opSeq++
	run := &actionRun{op: m.opSeq, kind: kind, opts: opts, cancel: cancel, started: time.Now(),
		loaded: map[string]int64{}}
	run.lastAt = run.started
	if kind == actionReseed {
		run.expected = expectedRows(opts)
	}
	if plan != nil {
		run.statements = len(plan.Changes)
	}
	sink := &progressSink{ch: make(chan seeder.Event, 64)}
	run.events = sink.ch
	m.action = run
	m.modal = &progressModal{}
	act, op := m.c.actions, run.op
	work := func() tea.Msg {
		defer cancel()
		var n int
		var err error
		switch kind {
		case actionPush:
			n, err = act.ApplyPush(ctx, plan, sink.send)
		case actionReset:
			err = act.Reset(ctx, sink.send)
		case actionReseed:
			o := opts
			o.Progress = sink.send
			err = act.Seed(ctx, o)
		}
		sink.close()
		return actionFinishedMsg{op: op, kind: kind, applied: n, at: time.Now(), err: err}
	}
	return tea.Batch(work, waitProgress(op, sink.ch), m.spin())
}

// progressSink passes events from the worker to Update through a channel
// that never blocks the worker: when the UI lags, the oldest event gives way.
type progressSink struct {
	mu     sync.Mutex
	closed bool
	ch     chan seeder.Event
}

func (p *progressSink) send(ev seeder.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	select {
	case p.ch <- ev:
	default:
		select {
		case <-p.ch:
		default:
		}
		p.ch <- ev
	}
}

func (p *progressSink) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.ch)
	}
}

// waitProgress reads one event; Update re-arms it after each one.
func waitProgress(op int, ch <-chan seeder.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return progressClosedMsg{op: op}
		}
		return progressReportedMsg{op: op, ev: ev, at: time.Now()}
	}
}

// progressReported records an event and waits for the next.
func (m *Model) progressReported(msg progressReportedMsg) tea.Cmd {
	r := m.action
	if r == nil || msg.op != r.op {
		return nil
	}
	r.last, r.lastAt = msg.ev, msg.at
	if msg.ev.Phase == seeder.PhaseLoad && msg.ev.Table != "" {
		r.loaded[msg.ev.Table] = msg.ev.Done
	}
	return waitProgress(r.op, r.events)
}

// actionFinished reports the result and refreshes everything visible.
func (m *Model) actionFinished(msg actionFinishedMsg) tea.Cmd {
	r := m.action
	if r == nil || msg.op != r.op {
		return nil
	}
	m.action = nil
	if _, ok := m.modal.(*progressModal); ok {
		m.modal = nil
	}
	var note tea.Cmd
	cancelled := r.cancelling || errors.Is(msg.err, context.Canceled) || errors.Is(msg.err, store.ErrCanceled)
	switch {
	case errors.Is(msg.err, seeder.ErrCommitted):
		// The new data is in; only a step after COMMIT failed.
		note = m.fail(fmt.Errorf("%s: %w", r.kind, msg.err))
	case msg.err != nil && cancelled && r.kind == actionPush:
		note = m.notify(levelWarn, fmt.Sprintf("push cancelled after %d of %d statements", msg.applied, r.statements))
	case msg.err != nil && cancelled:
		note = m.notify(levelWarn, r.kind.String()+" cancelled: the previous data is intact")
	case msg.err != nil && r.kind == actionPush:
		note = m.fail(fmt.Errorf("push stopped after %d of %d statements: %w", msg.applied, r.statements, msg.err))
	case msg.err != nil:
		note = m.fail(fmt.Errorf("%s failed, the previous data is intact: %w", r.kind, msg.err))
	case r.kind == actionPush:
		note = m.notify(levelSuccess, fmt.Sprintf("push applied %d statements", msg.applied))
	case r.kind == actionReset:
		note = m.notify(levelSuccess, "reset: the demobots tables are empty")
	default:
		el := msg.at.Sub(r.started)
		rows := r.expected
		note = m.notify(levelSuccess, fmt.Sprintf("reseeded %s rows (seed %d) in %s, %s rows/s", groupDigits(rows), r.opts.Seed,
			el.Round(100*time.Millisecond), groupDigits(int64(float64(rows)/max(el.Seconds(), 0.001)))))
	}
	m.status.sticky = true
	// Whatever happened, the row estimates are off now: count exactly
	// once the table list is back.
	m.recount = r.kind != actionPush
	// A reset or a reseed replaced the rows: the open grid starts again
	// from the top instead of re-reading a position that means nothing now.
	replaced := msg.err == nil && r.kind != actionPush
	return tea.Batch(note, m.refreshAll(replaced))
}

// cancelAction asks the running action to stop; the seeder rolls back.
func (m *Model) cancelAction() tea.Cmd {
	if m.action == nil || m.action.cancelling {
		return nil
	}
	m.action.cancelling = true
	m.action.cancel()
	return m.notify(levelWarn, "cancelling "+m.action.kind.String()+"…")
}

// progressModal shows the running action; Esc (or ctrl+c) cancels it.
type progressModal struct{}

// HandleKey cancels on Esc; other keys wait.
func (p *progressModal) HandleKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.c.keys.Nav.Back) {
		return m.cancelAction()
	}
	return nil
}

// View renders the bar, the phase and the speed.
func (p *progressModal) View(m *Model, w, _ int) []string {
	s := m.c.styles
	r := m.action
	if r == nil {
		return nil
	}
	title := ""
	switch r.kind {
	case actionPush:
		title = fmt.Sprintf("Pushing schema.sql (%d statements)", r.statements)
	case actionReset:
		title = "Resetting " + sanitize(m.c.actions.DatabaseName())
	case actionReseed:
		title = fmt.Sprintf("Reseeding %s (seed %d, %s users)", sanitize(m.c.actions.DatabaseName()), r.opts.Seed, groupDigits(int64(r.opts.Users)))
	}
	bw := max(min(w-8, 60), 10)
	phase := string(r.last.Phase)
	if phase == "" {
		phase = "starting"
	}
	if r.last.Table != "" {
		phase += " " + sanitize(r.last.Table)
	}
	if r.last.Total > 0 {
		phase += fmt.Sprintf("  %s/%s", groupDigits(r.last.Done), groupDigits(r.last.Total))
	}
	lines := []string{m.spinner.View() + " " + phase, progressBar(s, r.percent(), bw)}
	el := r.lastAt.Sub(r.started).Round(100 * time.Millisecond)
	if r.kind == actionReseed {
		lines = append(lines, fmt.Sprintf("%s of %s rows · %s rows/s · %s", groupDigits(r.done()), groupDigits(r.expected),
			groupDigits(int64(r.rate())), el))
	} else {
		lines = append(lines, el.String())
	}
	if r.cancelling {
		lines = append(lines, "", s.Modal.Warning.Render("cancelling: rolling back, the previous data stays…"))
	} else {
		lines = append(lines, "", s.Modal.Muted.Render("esc cancel (the previous data stays)"))
	}
	return modalBox(s, title, lines, w)
}

// progressBar draws a bar of width w (the percentage included). bubbles'
// progress needs an animation module that is not among this module's
// dependencies; a static bar redrawn on each event is all the TUI needs.
func progressBar(s Styles, p float64, w int) string {
	p = max(0, min(p, 1))
	pct := fmt.Sprintf(" %3.0f%%", p*100)
	bw := max(w-len(pct), 1)
	full := int(p*float64(bw) + 0.5)
	return s.Chart.Bar.Render(strings.Repeat("█", full)) + s.Grid.Sep.Render(strings.Repeat("░", bw-full)) + pct
}
