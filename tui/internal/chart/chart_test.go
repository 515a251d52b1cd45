package chart

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

func TestBars(t *testing.T) {
	t.Parallel()
	got := Bars([]float64{0, 4, 8}, 1)
	if len(got) != 1 || got[0] != " ▄█" {
		t.Fatalf("Bars = %q", got)
	}
	got = Bars([]float64{4, 8}, 2)
	if strings.Join(got, "|") != " █|██" {
		t.Fatalf("Bars = %q", got)
	}
	if got := Bars([]float64{1, 1000}, 1); got[0][0] == ' ' {
		t.Fatalf("a small value vanished: %q", got)
	}
	if got := Bars([]float64{math.NaN(), 5}, 1); got[0] != " █" {
		t.Fatalf("NaN is not an empty column: %q", got)
	}
}

func TestBucketsPlaceValuesByTime(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	pts := []Point{{t0, 10}, {t0.Add(30 * time.Minute), 30}, {t0.Add(10 * time.Hour), 50}}
	got := Buckets(pts, 10)
	if got[0] != 20 || got[9] != 50 {
		t.Fatalf("Buckets = %v", got)
	}
	for i := 1; i < 9; i++ {
		if !math.IsNaN(got[i]) {
			t.Fatalf("column %d should be empty: %v", i, got)
		}
	}
}

// TestTimeAxisSpansTheBars checks that the bars fill the plot and that the
// last date ends where the bars end, at several widths including the
// narrowest the user view gives at 80 columns.
func TestTimeAxisSpansTheBars(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 1, 3, 10, 0, 0, 0, time.UTC)
	var pts []Point
	for i := 0; i < 25; i++ {
		pts = append(pts, Point{At: t0.Add(time.Duration(i*9) * time.Hour), Value: float64(1000 + 100*i)})
	}
	for _, w := range []int{40, 56, 120} {
		lines := Time(pts, w, 6, Styles{})
		if len(lines) != 6 {
			t.Fatalf("w=%d: %d lines", w, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Fatalf("w=%d: line %q is too wide", w, l)
			}
		}
		bottom := lines[len(lines)-2]
		axis := lines[len(lines)-1]
		barsEnd := strings.LastIndexFunc(bottom, func(r rune) bool { return r != ' ' })
		if ansi.StringWidth(bottom) != w || !strings.HasSuffix(bottom, "█") {
			t.Fatalf("w=%d: the bars do not reach the right edge: %q", w, bottom)
		}
		if !strings.HasSuffix(axis, "2025-01-12") || ansi.StringWidth(axis) != w {
			t.Fatalf("w=%d: the last date does not end under the last bar (%d): %q", w, barsEnd, axis)
		}
		if !strings.Contains(axis, "2025-01-03") {
			t.Fatalf("w=%d: no first date: %q", w, axis)
		}
	}
}
