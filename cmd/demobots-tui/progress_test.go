package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/demobots/demobots-tui/seeder"
)

func feed(p *progressPrinter, total int64) {
	p.event(seeder.Event{Phase: seeder.PhaseCheck, Total: 1})
	p.event(seeder.Event{Phase: seeder.PhaseCheck, Done: 1, Total: 1})
	for _, table := range []string{"scores", "users"} {
		p.event(seeder.Event{Phase: seeder.PhaseReset, Table: table})
	}
	for _, table := range []string{"users", "scores"} {
		p.event(seeder.Event{Phase: seeder.PhaseLoad, Table: table, Total: total})
		for done := int64(1000); done <= total; done += 1000 {
			p.event(seeder.Event{Phase: seeder.PhaseLoad, Table: table, Done: done, Total: total})
		}
	}
	p.event(seeder.Event{Phase: seeder.PhaseCommit, Total: 1})
	p.event(seeder.Event{Phase: seeder.PhaseCommit, Done: 1, Total: 1})
	p.event(seeder.Event{Phase: seeder.PhaseDone})
}

func TestProgressPlainLinesAreFew(t *testing.T) {
	var b bytes.Buffer
	feed(newProgressPrinter(&b, false), 100000)
	out := b.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// check, 2 deletes, per table a start line and 10 steps, commit.
	if len(lines) != 1+2+2*11+1 {
		t.Errorf("%d lines:\n%s", len(lines), out)
	}
	for _, want := range []string{"loading users (100,000 rows)", "scores: 50,000/100,000 rows (50%)", "committing"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\r\x1b") {
		t.Error("plain output has terminal controls")
	}
}

func TestProgressBarOnTerminal(t *testing.T) {
	var b bytes.Buffer
	p := newProgressPrinter(&b, true)
	clock := time.Unix(0, 0)
	p.now = func() time.Time { clock = clock.Add(time.Millisecond); return clock }
	feed(p, 100000)
	out := b.String()
	if !strings.Contains(out, "\r\x1b[K") || !strings.Contains(out, "█") {
		t.Fatalf("no bar redrawn in place: %q", out)
	}
	if !strings.Contains(out, "100%  100,000/100,000 rows") {
		t.Error("the bar never reached 100%")
	}
	// Redraws are throttled to 10 a second: the fake clock advances 1 ms
	// per event, so most of the 200 load events are not drawn.
	if n := strings.Count(out, "\r"); n > 40 {
		t.Errorf("%d redraws", n)
	}
	if !strings.HasSuffix(out, "\n") {
		t.Error("the bar's line is not ended")
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 3200005: "3,200,005", -12345: "-12,345"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
