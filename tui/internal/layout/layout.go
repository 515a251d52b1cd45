// Package layout measures, fits and frames lines of terminal text: the
// pieces every pane and dialog of the terminal UI is drawn with. Widths are
// display columns (wide characters count two), never bytes or runes, and
// lines may carry ANSI styles.
package layout

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks text cut to fit.
const Ellipsis = "…"

// Width is the display width of s, styles ignored.
func Width(s string) int { return ansi.StringWidth(s) }

// Fit makes s exactly w columns wide: truncated with an ellipsis or padded
// with spaces.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, Ellipsis)
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += Spaces(w - sw)
	}
	return s
}

// FitKnown is Fit for a string whose width sw is already known, aligned
// right when right is set.
func FitKnown(s string, sw, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	if sw > w {
		// A wide character that does not fit leaves the result one
		// column short: it is padded below, so columns still line up.
		s = ansi.Truncate(s, w, Ellipsis)
		sw = ansi.StringWidth(s)
	}
	if sw == w {
		return s
	}
	if right {
		return Spaces(w-sw) + s
	}
	return s + Spaces(w-sw)
}

// Truncate shortens s to at most w columns, with an ellipsis when cut.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, Ellipsis)
}

// Prefix returns the longest prefix of a plain (unstyled) string at most w
// columns wide, without an ellipsis.
func Prefix(s string, w int) string {
	n := 0
	for i, r := range s {
		rw := ansi.StringWidth(string(r))
		if n+rw > w {
			return s[:i]
		}
		n += rw
	}
	return s
}

const spaceRun = "                                                                                                                                "

// Spaces returns n spaces.
func Spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(spaceRun) {
		return spaceRun[:n]
	}
	return strings.Repeat(" ", n)
}

// Wrap breaks text into lines at most w columns wide (on spaces where it
// can, hard otherwise), keeping its own line breaks.
func Wrap(text string, w int) []string {
	w = max(w, 1)
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if ansi.StringWidth(line) <= w {
			out = append(out, line)
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(line, w, " "), "\n")...)
	}
	return out
}

// Box draws lines inside a rounded border of outer size w×h with title in
// the top edge. Lines are fitted to the inner width; missing lines are
// blank. It returns the h lines of the box.
func Box(title string, lines []string, w, h int, border, titleStyle lipgloss.Style) []string {
	if w < 2 || h < 2 {
		return nil
	}
	inner := w - 2
	out := make([]string, 0, h)
	if title != "" && inner > 4 {
		t := Truncate(title, inner-4)
		out = append(out, border.Render("╭─ ")+titleStyle.Render(t)+border.Render(" "+strings.Repeat("─", inner-3-Width(t))+"╮"))
	} else {
		out = append(out, border.Render("╭"+strings.Repeat("─", inner)+"╮"))
	}
	side := border.Render("│")
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		out = append(out, side+Fit(line, inner)+side)
	}
	return append(out, border.Render("╰"+strings.Repeat("─", inner)+"╯"))
}

// Dialog frames lines as a dialog at most maxW wide: a border, a title and
// one column of padding on each side. It returns the dialog's lines.
func Dialog(title string, lines []string, maxW int, border, titleStyle lipgloss.Style) []string {
	w := 0
	for _, l := range lines {
		w = max(w, Width(l))
	}
	w = max(w, Width(title)+4)
	w = min(w+4, maxW)
	inner := w - 4
	body := make([]string, 0, len(lines))
	for _, l := range lines {
		body = append(body, " "+Fit(l, inner)+" ")
	}
	return Box(title, body, w, len(body)+2, border, titleStyle)
}

// JoinColumns puts blocks of lines side by side; every block has the same
// number of lines and the lines of a block have equal widths.
func JoinColumns(blocks ...[]string) []string {
	if len(blocks) == 0 {
		return nil
	}
	out := make([]string, len(blocks[0]))
	for i := range out {
		var sb strings.Builder
		for _, b := range blocks {
			if i < len(b) {
				sb.WriteString(b[i])
			}
		}
		out[i] = sb.String()
	}
	return out
}

// SideBySide lays columns of lines next to each other, gap spaces apart,
// each as wide as its widest line.
func SideBySide(cols [][]string, gap int) []string {
	n := 0
	widths := make([]int, len(cols))
	for i, c := range cols {
		n = max(n, len(c))
		for _, l := range c {
			widths[i] = max(widths[i], Width(l))
		}
	}
	out := make([]string, n)
	for r := range out {
		var sb strings.Builder
		for i, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			if i < len(cols)-1 {
				sb.WriteString(Fit(cell, widths[i]) + Spaces(gap))
			} else {
				sb.WriteString(cell)
			}
		}
		out[r] = sb.String()
	}
	return out
}

// Overlay draws the lines of top over base (a whole screen of w×h cells)
// with top's top-left corner at (x, y), using lipgloss's cell canvas: the
// dialog replaces exactly the cells it covers, and wide characters cut by
// its edges are handled by the canvas.
func Overlay(base, top []string, x, y, w, h int) string {
	canvas := lipgloss.NewCanvas(w, h)
	canvas.Compose(lipgloss.NewCompositor(
		lipgloss.NewLayer(strings.Join(base, "\n")),
		lipgloss.NewLayer(strings.Join(top, "\n")).X(x).Y(y).Z(1),
	))
	return canvas.Render()
}
