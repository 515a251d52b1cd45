package tui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
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

// clockTick is how often a running action's clock is redrawn when no
// progress event arrives (a DELETE or a COMMIT can take seconds).
const clockTick = 500 * time.Millisecond

// progressDialog runs a push, reset or reseed and shows its progress; esc
// or ctrl+c cancel it (the seeder rolls back). When it ends it closes
// itself, reports the result and refreshes what is shown.
type progressDialog struct {
	dialogBase
	c          *common
	kind       actionKind
	opts       seeder.Options
	statements int // of a push
	cancel     context.CancelFunc
	cancelling bool
	started    time.Time
	now        time.Time // the clock: the last event or tick
	last       seeder.Event
	loaded     map[string]int64 // rows done per table during PhaseLoad
	swapping   bool             // the data goes through shadow tables (seeder.PhaseSwap)
	expected   int64            // rows a reseed loads in all
	events     <-chan seeder.Event
}

// newProgressDialog starts the action and returns its dialog and the
// commands that run it.
func newProgressDialog(c *common, kind actionKind, plan *seeder.Plan, opts seeder.Options) (*progressDialog, tea.Cmd) {
	ctx, cancel := context.WithCancel(c.ctx)
	p := &progressDialog{dialogBase: newDialogBase(c), c: c, kind: kind, opts: opts, cancel: cancel,
		started: time.Now(), loaded: map[string]int64{}}
	p.now = p.started
	if kind == actionReseed {
		p.expected = opts.TotalRows()
	}
	if plan != nil {
		p.statements = len(plan.Changes)
	}
	sink := &progressSink[seeder.Event]{ch: make(chan seeder.Event, 64)}
	p.events = sink.ch
	act, target := c.actions, p.id()
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
		return actionFinishedMsg{target: target, applied: n, at: time.Now(), err: err}
	}
	cmds := []tea.Cmd{work, waitProgress(target, sink.ch)}
	if !c.noAnim {
		cmds = append(cmds, tickClock(target))
	}
	return p, tea.Batch(cmds...)
}

// Busy is true: the action runs until the dialog closes.
func (p *progressDialog) Busy() bool { return true }

// progressSink passes events (a seeder's, an export's) from the worker to
// Update through a channel that never blocks the worker: when the UI lags,
// the oldest event gives way.
type progressSink[T any] struct {
	mu     sync.Mutex
	closed bool
	ch     chan T
}

func (s *progressSink[T]) send(ev T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	select {
	case s.ch <- ev:
	default:
		select {
		case <-s.ch:
		default:
		}
		s.ch <- ev
	}
}

func (s *progressSink[T]) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ch)
	}
}

// waitProgress reads one event; Update re-arms it after each one.
func waitProgress(target int, ch <-chan seeder.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return progressClosedMsg{target: target}
		}
		return progressReportedMsg{target: target, ev: ev, at: time.Now()}
	}
}

func tickClock(target int) tea.Cmd {
	return tea.Tick(clockTick, func(time.Time) tea.Msg { return progressTickedMsg{target: target} })
}

// done is the number of rows loaded so far.
func (p *progressDialog) done() int64 {
	var n int64
	for _, d := range p.loaded {
		n += d
	}
	return n
}

// percent is the progress in [0, 1].
func (p *progressDialog) percent() float64 {
	if p.kind == actionReseed && p.expected > 0 {
		if p.last.Phase == seeder.PhaseCommit || p.last.Phase == seeder.PhaseDone {
			return 1
		}
		return min(float64(p.done())/float64(p.expected), 1)
	}
	if p.last.Total > 0 {
		return min(float64(p.last.Done)/float64(p.last.Total), 1)
	}
	return 0
}

// rate is rows per second since the start.
func (p *progressDialog) rate() float64 {
	el := p.now.Sub(p.started).Seconds()
	if el <= 0 {
		return 0
	}
	return float64(p.done()) / el
}

// Update records events, ticks the clock and ends the action.
func (p *progressDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case progressReportedMsg:
		p.last, p.now = msg.ev, msg.at
		if msg.ev.Phase == seeder.PhaseSwap {
			p.swapping = true
		}
		if msg.ev.Phase == seeder.PhaseLoad && msg.ev.Table != "" {
			p.loaded[msg.ev.Table] = msg.ev.Done
		}
		return nil, waitProgress(p.id(), p.events)
	case progressTickedMsg:
		p.now = time.Now()
		return nil, tickClock(p.id())
	case actionFinishedMsg:
		return p.finished(msg), nil
	}
	return nil, nil
}

// finished reports the result and refreshes everything visible.
func (p *progressDialog) finished(msg actionFinishedMsg) Intent {
	var result Intent
	err := msg.err
	cancelled := p.cancelling || errors.Is(err, context.Canceled) || errors.Is(err, store.ErrCanceled)
	switch {
	case errors.Is(err, seeder.ErrCommitted), errors.Is(err, seeder.ErrCommitUnknown):
		// The new data is in, or may be: only a step after COMMIT failed,
		// or the connection broke during it. The error says which.
		result = failure{err: fmt.Errorf("%s: %w", p.kind, err), sticky: true}
	case err != nil && cancelled && p.kind == actionPush:
		result = notice{level: levelWarn, text: fmt.Sprintf("push cancelled after %d of %s", msg.applied, humanize.Plural(int64(p.statements), "statement")), sticky: true}
	case err != nil && cancelled:
		result = notice{level: levelWarn, text: p.kind.String() + " cancelled: the previous data is intact", sticky: true}
	case err != nil && p.kind == actionPush:
		result = failure{err: fmt.Errorf("push stopped after %d of %s: %w", msg.applied, humanize.Plural(int64(p.statements), "statement"), err), sticky: true}
	case err != nil:
		result = failure{err: fmt.Errorf("%s failed, the previous data is intact: %w", p.kind, err), sticky: true}
	case p.kind == actionPush:
		result = notice{level: levelSuccess, text: "push applied " + humanize.Plural(int64(msg.applied), "statement"), sticky: true}
	case p.kind == actionReset:
		result = notice{level: levelSuccess, text: "reset: the demobots tables are empty", sticky: true}
	default:
		el := msg.at.Sub(p.started)
		result = notice{level: levelSuccess, sticky: true, text: fmt.Sprintf("reseeded %s (seed %d) in %s, %s rows/s",
			humanize.Plural(p.expected, "row"), p.opts.Seed, humanize.Elapsed(el), humanize.Thousands(int64(float64(p.expected)/max(el.Seconds(), 0.001))))}
	}
	// A reset or a reseed replaced the rows: the open grid starts again
	// from the top instead of re-reading a position that means nothing
	// now, and the row estimates are off for a while, so the tables are
	// counted exactly.
	replaced := err == nil && p.kind != actionPush
	return intents{closeDialog{}, refresh{fromTop: replaced, recount: p.kind != actionPush, quiet: true}, result}
}

// Interrupt cancels the action (ctrl+c).
func (p *progressDialog) Interrupt() (Intent, tea.Cmd) { return p.cancelRun(), nil }

func (p *progressDialog) cancelRun() Intent {
	if p.cancelling {
		return nil
	}
	p.cancelling = true
	p.cancel()
	return notice{level: levelWarn, text: "cancelling " + p.kind.String() + "…"}
}

// HandleKey cancels on esc; other keys wait.
func (p *progressDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	if key.Matches(msg, p.c.keys.Form.Cancel) {
		return p.cancelRun(), nil
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (p *progressDialog) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Cancel}
}

// View renders the bar, the phase and the speed.
func (p *progressDialog) View(w, _ int) []string {
	s := p.c.styles
	db := sanitize.Line(p.c.actions.DatabaseName())
	title := ""
	switch p.kind {
	case actionPush:
		title = "Pushing schema.sql to " + db + " (" + humanize.Plural(int64(p.statements), "statement") + ")"
	case actionReset:
		title = "Resetting " + db
	case actionReseed:
		title = fmt.Sprintf("Reseeding %s (seed %d, %s)", db, p.opts.Seed, humanize.Plural(int64(p.opts.Users), "user"))
	}
	bw := max(min(w-8, 60), 10)
	phase := string(p.last.Phase)
	switch p.last.Phase {
	case "":
		phase = "starting"
	case seeder.PhaseSwap:
		phase = "too large for one transaction: shadow tables"
	}
	if p.last.Table != "" {
		phase += " " + sanitize.Line(p.last.Table)
	}
	if p.last.Total > 0 {
		phase += "  " + humanize.Thousands(p.last.Done) + "/" + humanize.Thousands(p.last.Total)
	}
	if p.swapping && p.last.Phase != seeder.PhaseSwap {
		phase += " (shadow tables)"
	}
	filled, empty := humanize.Bar(p.percent(), bw-5)
	bar := s.Chart.Bar.Render(filled) + s.Grid.Sep.Render(empty) + " " + humanize.Percent(p.percent())
	lines := []string{p.c.spin + " " + phase, bar}
	el := humanize.Elapsed(p.now.Sub(p.started))
	if p.kind == actionReseed {
		lines = append(lines, humanize.Thousands(p.done())+" of "+humanize.Plural(p.expected, "row")+" · "+
			humanize.Thousands(int64(p.rate()))+" rows/s · "+el)
	} else {
		lines = append(lines, el)
	}
	if p.cancelling {
		lines = append(lines, "", s.Modal.Warning.Render("cancelling: rolling back, the previous data stays…"))
	} else {
		lines = append(lines, "", s.Modal.Muted.Render(keyName(p.c.keys.Form.Cancel)+" cancel (the previous data stays)"))
	}
	return layout.Dialog(title, lines, w, s.Pane.BorderActive, s.Modal.Title)
}
