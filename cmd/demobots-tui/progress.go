package main

import (
	"fmt"
	"github.com/demobots/demobots-tui/internal/humanize"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/demobots/demobots-tui/seeder"
)

// progressPrinter draws seeder events: on a terminal, one bar redrawn in
// place (at most 10 times a second); otherwise plain lines, one when a
// table starts and one every 10% of it, so logs stay short.
type progressPrinter struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	key      string // phase and table of the last event
	lastTick int64  // non-terminal: the last 10% step printed
	lastDraw time.Time
	drawn    bool // terminal: a bar is on the current line
	now      func() time.Time
}

func newProgressPrinter(w io.Writer, tty bool) *progressPrinter {
	return &progressPrinter{w: w, tty: tty, lastTick: -1, now: time.Now}
}

// event draws e; it is safe to call from the seeder's goroutines.
func (p *progressPrinter) event(e seeder.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e.Phase == seeder.PhaseDone {
		p.finish()
		return
	}
	key := string(e.Phase) + "/" + e.Table
	changed := key != p.key
	p.key = key
	if p.tty {
		if changed || e.Done == e.Total || p.now().Sub(p.lastDraw) >= 100*time.Millisecond {
			fmt.Fprintf(p.w, "\r\x1b[K%s", barLine(e, 30))
			p.lastDraw = p.now()
			p.drawn = true
		}
		return
	}
	if changed {
		p.lastTick = -1
	}
	tick := int64(10)
	if e.Total > 0 {
		tick = e.Done * 10 / e.Total
	}
	if changed || tick > p.lastTick && e.Phase == seeder.PhaseLoad {
		if changed || e.Done > 0 {
			fmt.Fprintln(p.w, plainLine(e))
		}
		p.lastTick = tick
	}
}

// finish ends the bar's line.
func (p *progressPrinter) finish() {
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// done ends the output of an operation that stopped early (an error).
func (p *progressPrinter) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finish()
}

func phaseText(e seeder.Event) string {
	switch e.Phase {
	case seeder.PhaseCheck:
		return "checking the schema"
	case seeder.PhaseReset:
		if e.Table != "" {
			return "deleting rows of " + e.Table
		}
		return "deleted old rows"
	case seeder.PhaseLoad:
		return "loading " + e.Table
	case seeder.PhaseCommit:
		return "committing"
	case seeder.PhaseApply:
		return "applying statements"
	case seeder.PhaseSwap:
		return "too large for one transaction: loading shadow tables, swapped in at the end"
	}
	return string(e.Phase)
}

func barLine(e seeder.Event, width int) string {
	frac := 1.0
	if e.Total > 0 {
		frac = float64(e.Done) / float64(e.Total)
	}
	frac = min(max(frac, 0), 1)
	fill := int(frac * float64(width))
	bar := strings.Repeat("█", fill) + strings.Repeat("░", width-fill)
	line := fmt.Sprintf("%-28s %s %3.0f%%", phaseText(e), bar, frac*100)
	if e.Phase == seeder.PhaseLoad {
		line += fmt.Sprintf("  %s/%s rows", thousands(e.Done), thousands(e.Total))
	}
	return line
}

func plainLine(e seeder.Event) string {
	if e.Phase != seeder.PhaseLoad {
		return phaseText(e)
	}
	if e.Done == 0 {
		return fmt.Sprintf("loading %s (%s rows)", e.Table, thousands(e.Total))
	}
	return fmt.Sprintf("  %s: %s/%s rows (%d%%)", e.Table, thousands(e.Done), thousands(e.Total), e.Done*100/max(e.Total, 1))
}

// thousands formats n with comma separators: 3,200,005.
func thousands(n int64) string { return humanize.Thousands(n) }
