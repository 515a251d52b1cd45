package tui

import "testing"

// BenchmarkConsoleKey types one character in the console's editor and
// draws the screen at 120x40: what each key costs.
func BenchmarkConsoleKey(b *testing.B) {
	h := newHarness(b, demoStore(), nil, 120, 40)
	h.press(":")
	h.typeText("SELECT COUNT(*) AS n FROM levels; SELECT id, username FROM users ORDER BY id")
	b.ReportAllocs()
	for b.Loop() {
		h.send(keyPress("x"))
		_ = h.m.View()
	}
}
