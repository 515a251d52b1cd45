package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size; below it the TUI shows a notice instead of a
// broken layout.
const (
	minWidth  = 60
	minHeight = 15
)

func ansiWidth(s string) int { return ansi.StringWidth(s) }

// box draws lines inside a rounded border of outer size w×h with title in
// the top edge. Lines are fitted to the inner width; missing lines are
// blank. It returns the h lines of the box.
func box(title string, lines []string, w, h int, border, titleStyle lipgloss.Style) []string {
	if w < 2 || h < 2 {
		return nil
	}
	inner := w - 2
	out := make([]string, 0, h)
	if title != "" && inner > 4 {
		t := truncate(title, inner-4)
		out = append(out, border.Render("╭─ ")+titleStyle.Render(t)+border.Render(" "+strings.Repeat("─", inner-3-ansiWidth(t))+"╮"))
	} else {
		out = append(out, border.Render("╭"+strings.Repeat("─", inner)+"╮"))
	}
	side := border.Render("│")
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		out = append(out, side+fit(line, inner)+side)
	}
	out = append(out, border.Render("╰"+strings.Repeat("─", inner)+"╯"))
	return out
}

// joinColumns puts blocks of lines side by side; every block has the same
// number of lines and lines of a block have equal widths.
func joinColumns(blocks ...[]string) []string {
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

// overlay draws top over base with its top-left corner at (x, y).
func overlay(base, top []string, x, y int) []string {
	out := append([]string(nil), base...)
	for i, line := range top {
		row := y + i
		if row < 0 || row >= len(out) {
			continue
		}
		b := out[row]
		w := ansiWidth(line)
		bw := ansiWidth(b)
		left := ansi.Cut(b, 0, x)
		if lw := ansiWidth(left); lw < x {
			left += spaces(x - lw)
		}
		right := ""
		if x+w < bw {
			right = ansi.Cut(b, x+w, bw)
		}
		out[row] = left + "\x1b[m" + line + "\x1b[m" + right
	}
	return out
}

// modalBox renders lines in the modal frame, at most maxW wide, and
// returns its lines.
func modalBox(s Styles, title string, lines []string, maxW int) []string {
	w := 0
	for _, l := range lines {
		w = max(w, ansiWidth(l))
	}
	w = max(w, ansiWidth(title)+4)
	w = min(w+4, maxW) // border and padding
	inner := w - 4
	body := make([]string, 0, len(lines))
	for _, l := range lines {
		body = append(body, " "+fit(l, inner)+" ")
	}
	return box(title, body, w, len(body)+2, s.Pane.BorderActive, s.Modal.Title)
}
