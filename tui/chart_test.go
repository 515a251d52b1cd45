package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestBars(t *testing.T) {
	t.Parallel()
	got := bars([]float64{0, 4, 8}, 6, 1)
	if len(got) != 1 || got[0] != "  ▄ █" {
		t.Fatalf("bars = %q", got)
	}
	// Two rows: 8 is two full cells, 4 one full cell.
	got = bars([]float64{4, 8}, 4, 2)
	if strings.Join(got, "|") != "  █|█ █" {
		t.Fatalf("bars = %q", got)
	}
	// More values than columns: means of buckets, never wider than w.
	vals := make([]float64, 100)
	for i := range vals {
		vals[i] = float64(i)
	}
	for _, l := range bars(vals, 10, 3) {
		if w := ansi.StringWidth(l); w > 10 {
			t.Fatalf("line %q is %d wide", l, w)
		}
	}
	// A value above zero is never invisible.
	if got := bars([]float64{1, 1000}, 3, 1); got[0][0] == ' ' {
		t.Fatalf("small value vanished: %q", got)
	}
}
