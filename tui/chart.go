package tui

import (
	"math"
	"strconv"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// No chart library in the module cache fits Bubble Tea v2 without adding a
// dependency, and a bar chart of block characters is a few dozen lines.

// eighths are the partial blocks, from 1/8 to 7/8 of a cell.
var eighths = []rune("▁▂▃▄▅▆▇")

// bars draws values (all >= 0) as vertical bars on h rows and at most w
// columns; it returns h lines, top first. With more values than columns,
// each column shows the mean of its share of the values.
func bars(values []float64, w, h int) []string {
	if w < 1 || h < 1 {
		return nil
	}
	cols := bucket(values, w)
	gap := len(cols)*2 <= w // room for a space between bars
	bw := 1                 // bar width
	if gap {
		bw = max(1, min(4, w/len(cols)-1))
	}
	top := 0.0
	for _, v := range cols {
		top = math.Max(top, v)
	}
	levels := make([]int, len(cols))
	for i, v := range cols {
		if top > 0 {
			levels[i] = int(math.Round(v / top * float64(h*8)))
		}
		if v > 0 && levels[i] == 0 {
			levels[i] = 1 // a value above zero is never invisible
		}
	}
	lines := make([]string, h)
	var sb strings.Builder
	for r := 0; r < h; r++ {
		sb.Reset()
		floor := (h - 1 - r) * 8
		for i, lv := range levels {
			if gap && i > 0 {
				sb.WriteByte(' ')
			}
			cell := " "
			switch fill := lv - floor; {
			case fill >= 8:
				cell = "█"
			case fill > 0:
				cell = string(eighths[fill-1])
			}
			sb.WriteString(strings.Repeat(cell, bw))
		}
		lines[r] = sb.String()
	}
	return lines
}

// bucket reduces values to at most n means of consecutive runs.
func bucket(values []float64, n int) []float64 {
	if len(values) <= n {
		return values
	}
	out := make([]float64, n)
	for i := range out {
		lo, hi := i*len(values)/n, (i+1)*len(values)/n
		sum := 0.0
		for _, v := range values[lo:hi] {
			sum += v
		}
		out[i] = sum / float64(max(hi-lo, 1))
	}
	return out
}

// scoreChart draws a user's scores over time: a y axis with the best and
// zero, the bars, and the first and last dates under them. It returns h
// lines of width at most w.
func scoreChart(s Styles, points []store.ScorePoint, w, h int) []string {
	if len(points) == 0 || h < 3 || w < 12 {
		return []string{s.Muted.Render("no scores yet")}
	}
	values := make([]float64, len(points))
	best := int64(0)
	for i, p := range points {
		values[i] = float64(max(p.Score, 0))
		best = max(best, p.Score)
	}
	top := strconv.FormatInt(best, 10)
	axisW := len(top)
	plotH := h - 1
	body := bars(values, w-axisW-1, plotH)
	lines := make([]string, 0, h)
	for i, b := range body {
		label := spaces(axisW)
		switch i {
		case 0:
			label = top
		case plotH - 1:
			label = fitKnown("0", 1, axisW, true)
		}
		lines = append(lines, s.Chart.Axis.Render(label+"┤")+s.Chart.Bar.Render(b))
	}
	first := points[0].At.Format("2006-01-02")
	last := points[len(points)-1].At.Format("2006-01-02")
	pad := w - axisW - 1 - len(first) - len(last)
	axis := spaces(axisW+1) + first
	if pad >= 2 {
		axis += spaces(pad) + last
	}
	return append(lines, s.Chart.Axis.Render(axis))
}
