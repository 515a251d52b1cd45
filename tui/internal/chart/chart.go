// Package chart draws small bar charts with block characters: a time
// series whose bars sit where their time is, with a value axis on the left
// and a date axis underneath that spans exactly the bars.
//
// No chart library fits Bubble Tea v2 without adding a dependency, and a
// bar chart of block characters is a few dozen lines.
package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
)

// eighths are the partial blocks, from 1/8 to 7/8 of a cell.
var eighths = []rune("▁▂▃▄▅▆▇")

// Bars draws columns of values (all >= 0; NaN draws an empty column) on h
// rows, one cell per value, and returns h lines, top first. The tallest
// value fills the height; a value above zero is never invisible.
func Bars(values []float64, h int) []string {
	if h < 1 {
		return nil
	}
	top := 0.0
	for _, v := range values {
		if !math.IsNaN(v) {
			top = math.Max(top, v)
		}
	}
	levels := make([]int, len(values))
	for i, v := range values {
		if math.IsNaN(v) || v <= 0 {
			continue
		}
		if top > 0 {
			levels[i] = int(math.Round(v / top * float64(h*8)))
		}
		levels[i] = max(levels[i], 1)
	}
	lines := make([]string, h)
	var sb strings.Builder
	for r := 0; r < h; r++ {
		sb.Reset()
		floor := (h - 1 - r) * 8
		for _, lv := range levels {
			switch fill := lv - floor; {
			case fill >= 8:
				sb.WriteRune('█')
			case fill > 0:
				sb.WriteRune(eighths[fill-1])
			default:
				sb.WriteByte(' ')
			}
		}
		lines[r] = sb.String()
	}
	return lines
}

// Point is one value at a time.
type Point struct {
	At    time.Time
	Value float64
}

// Buckets spreads points over n columns by time: column i covers the i-th
// n-th of the span from the first to the last point and holds the mean of
// the values that fall in it, or NaN when none does. Points must be in
// time order.
func Buckets(points []Point, n int) []float64 {
	out := make([]float64, n)
	if n == 0 {
		return out
	}
	sums := make([]float64, n)
	counts := make([]int, n)
	if len(points) > 0 {
		t0 := points[0].At
		span := points[len(points)-1].At.Sub(t0)
		for _, p := range points {
			i := 0
			if span > 0 {
				i = int(float64(p.At.Sub(t0)) / float64(span) * float64(n))
			}
			i = max(0, min(i, n-1))
			sums[i] += p.Value
			counts[i]++
		}
	}
	for i := range out {
		out[i] = math.NaN()
		if counts[i] > 0 {
			out[i] = sums[i] / float64(counts[i])
		}
	}
	return out
}

// Styles colour a chart.
type Styles struct {
	Bar  lipgloss.Style
	Axis lipgloss.Style
}

// Time draws points as a time series at most w columns wide and h lines
// high: a value axis (the largest value and zero), the bars placed by time,
// and under them the dates of the first and the last point at the two ends
// of the bars (and one in the middle when there is room). Points must be
// in time order. It returns h lines, or one line saying there is nothing
// to draw.
func Time(points []Point, w, h int, st Styles) []string {
	if len(points) == 0 || h < 3 || w < 16 {
		return []string{st.Axis.Render("no data yet")}
	}
	best := 0.0
	for _, p := range points {
		best = math.Max(best, p.Value)
	}
	top := strconv.FormatFloat(best, 'f', 0, 64)
	axisW := len(top)
	plotW := w - axisW - 1
	plotH := h - 1
	n := plotW
	if span := points[len(points)-1].At.Sub(points[0].At); span <= 0 {
		n = 1 // one moment: one bar
	}
	body := Bars(Buckets(points, n), plotH)
	lines := make([]string, 0, h)
	for i, b := range body {
		label := strings.Repeat(" ", axisW)
		switch i {
		case 0:
			label = top
		case plotH - 1:
			label = strings.Repeat(" ", axisW-1) + "0"
		}
		lines = append(lines, st.Axis.Render(label+"┤")+st.Bar.Render(b))
	}
	return append(lines, st.Axis.Render(strings.Repeat(" ", axisW+1)+dateAxis(points, n)))
}

// dateAxis writes the dates under n columns of bars: the first date at the
// left edge, the last ending at the right edge, a middle one centred when
// all three fit with room to spare.
func dateAxis(points []Point, n int) string {
	first, last := points[0].At, points[len(points)-1].At
	layout := "2006-01-02"
	if last.Sub(first) < 48*time.Hour {
		layout = "01-02 15:04"
	}
	a, z := first.Format(layout), last.Format(layout)
	if n < len(a)+len(z)+2 {
		if n >= len(a) {
			return a
		}
		return ""
	}
	axis := []byte(strings.Repeat(" ", n))
	copy(axis, a)
	copy(axis[n-len(z):], z)
	if n >= 3*len(a)+8 {
		mid := first.Add(last.Sub(first) / 2).Format(layout)
		start := (n - len(mid)) / 2
		copy(axis[start:], mid)
	}
	return string(axis)
}
