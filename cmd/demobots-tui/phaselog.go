package main

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/demobots/demobots-tui/seeder"
	"github.com/demobots/demobots-tui/tui"
)

// withPhaseLog returns a progress callback that logs each phase of op (a
// push, reset or seed) when it starts and ends, then passes the event on
// to next (which may be nil). Events within a phase are not logged: a
// seed sends thousands.
func withPhaseLog(log *slog.Logger, op string, next func(seeder.Event)) func(seeder.Event) {
	p := &phaseLog{log: log, op: op}
	return func(e seeder.Event) {
		p.event(e)
		if next != nil {
			next(e)
		}
	}
}

type phaseLog struct {
	mu      sync.Mutex
	log     *slog.Logger
	op      string
	cur     seeder.Event // the last event of the current phase
	started time.Time
	active  bool
}

func (p *phaseLog) event(e seeder.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.active && e.Phase == p.cur.Phase && e.Table == p.cur.Table {
		p.cur = e
		return
	}
	if p.active {
		p.log.Info("Phase finished", "op", p.op, "phase", string(p.cur.Phase), "table", p.cur.Table,
			"done", p.cur.Done, "total", p.cur.Total, "duration", time.Since(p.started))
	}
	p.active = e.Phase != seeder.PhaseDone
	if p.active {
		p.log.Info("Phase started", "op", p.op, "phase", string(e.Phase), "table", e.Table, "total", e.Total)
	}
	p.cur, p.started = e, time.Now()
}

// logPushPlanned records a push's plan: its size and what it can lose.
func logPushPlanned(log *slog.Logger, plan *seeder.Plan, start time.Time, err error) {
	if err != nil {
		log.Error("Push planning failed", "duration", time.Since(start), "err", err.Error())
		return
	}
	log.Info("Push planned", "statements", len(plan.Changes), "destructive", len(plan.DestructiveChanges()),
		"typed_confirmation", plan.NeedsTypedConfirmation(), "duration", time.Since(start))
}

// logDone records the end of op, with attrs when it succeeded.
func logDone(log *slog.Logger, op string, start time.Time, err error, attrs ...any) {
	if err != nil {
		log.Error(capitalized(op)+" failed", "duration", time.Since(start), "err", err.Error())
		return
	}
	log.Info(capitalized(op)+" done", append([]any{"duration", time.Since(start)}, attrs...)...)
}

func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// loggedActions logs what the TUI asks of the seeder the way the commands
// log it: the plan, each phase, the outcome.
type loggedActions struct {
	tui.Actions
	log *slog.Logger
}

// PlanPush implements tui.Actions.
func (l loggedActions) PlanPush(ctx context.Context, prune bool) (*seeder.Plan, error) {
	start := time.Now()
	plan, err := l.Actions.PlanPush(ctx, prune)
	logPushPlanned(l.log, plan, start, err)
	return plan, err
}

// ApplyPush implements tui.Actions.
func (l loggedActions) ApplyPush(ctx context.Context, plan *seeder.Plan, progress func(seeder.Event)) (int, error) {
	start := time.Now()
	n, err := l.Actions.ApplyPush(ctx, plan, withPhaseLog(l.log, "push", progress))
	logDone(l.log, "push", start, err, "applied", n)
	return n, err
}

// Reset implements tui.Actions.
func (l loggedActions) Reset(ctx context.Context, progress func(seeder.Event)) error {
	start := time.Now()
	err := l.Actions.Reset(ctx, withPhaseLog(l.log, "reset", progress))
	logDone(l.log, "reset", start, err)
	return err
}

// Seed implements tui.Actions.
func (l loggedActions) Seed(ctx context.Context, o seeder.Options) error {
	start := time.Now()
	o.Progress = withPhaseLog(l.log, "seed", o.Progress)
	err := l.Actions.Seed(ctx, o)
	logDone(l.log, "seed", start, err, "seed", o.Seed, "users", o.Users)
	return err
}
