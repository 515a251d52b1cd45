package layout

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestFitAndTruncateMeasureColumns(t *testing.T) {
	t.Parallel()
	if got := Fit("日本語", 5); ansi.StringWidth(got) != 5 {
		t.Fatalf("Fit(日本語, 5) = %q (%d wide)", got, ansi.StringWidth(got))
	}
	if got := Fit("abc", 5); got != "abc  " {
		t.Fatalf("Fit pads: %q", got)
	}
	if got := Truncate("abcdef", 4); got != "abc…" {
		t.Fatalf("Truncate = %q", got)
	}
	if got := FitKnown("7", 1, 3, true); got != "  7" {
		t.Fatalf("FitKnown right = %q", got)
	}
	if got := Prefix("日本語", 3); got != "日" {
		t.Fatalf("Prefix = %q", got)
	}
}

func TestWrapKeepsLineBreaks(t *testing.T) {
	t.Parallel()
	got := Wrap("one two three\nfour", 7)
	if strings.Join(got, "|") != "one two|three|four" {
		t.Fatalf("Wrap = %q", got)
	}
}

func TestBoxAndOverlay(t *testing.T) {
	t.Parallel()
	st := lipgloss.NewStyle()
	box := Box("T", []string{"hi"}, 8, 4, st, st)
	if len(box) != 4 || box[0] != "╭─ T ──╮" || box[1] != "│hi    │" || box[3] != "╰──────╯" {
		t.Fatalf("Box:\n%s", strings.Join(box, "\n"))
	}
	base := []string{"..........", "..........", ".........."}
	got := Overlay(base, []string{"AB", "日"}, 3, 1, 10, 3)
	want := "..........\n...AB.....\n...日....."
	if ansi.Strip(got) != want {
		t.Fatalf("Overlay:\n%q\nwant\n%q", ansi.Strip(got), want)
	}
	// A wide character under the dialog's edge does not shift the rest.
	got = Overlay([]string{"日日日日日"}, []string{"X"}, 3, 0, 10, 1)
	if w := ansi.StringWidth(ansi.Strip(got)); w != 10 {
		t.Fatalf("Overlay over wide characters is %d wide: %q", w, ansi.Strip(got))
	}
}

func TestOverlayKeepsEveryLine(t *testing.T) {
	t.Parallel()
	base := []string{"a", "", "", "b", "", ""}
	got := Overlay(base, []string{"X"}, 0, 1, 5, 6)
	if n := strings.Count(got, "\n") + 1; n != 6 {
		t.Fatalf("Overlay returned %d lines: %q", n, got)
	}
}
