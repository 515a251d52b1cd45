package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// scrollViewport moves vp for the navigation keys that scroll a text view
// (a line, a page and, when ends is set, to the top or the bottom) and
// reports whether msg was one of them. The structure, value and routine
// views share it so that their text scrolls alike; each keeps its own
// keys for what it does besides.
func scrollViewport(vp *viewport.Model, nav *NavKeys, msg tea.KeyPressMsg, ends bool) bool {
	switch {
	case key.Matches(msg, nav.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, nav.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, nav.PageUp):
		vp.PageUp()
	case key.Matches(msg, nav.PageDown):
		vp.PageDown()
	case ends && key.Matches(msg, nav.Top):
		vp.GotoTop()
	case ends && key.Matches(msg, nav.Bottom):
		vp.GotoBottom()
	default:
		return false
	}
	return true
}

// scrollOverlay moves the first line *top of a text overlay (help,
// messages) for the line and page keys, a line at a time and never above
// the first, and reports whether msg was one of them; any other key
// closes such an overlay. The overlay's View clamps the bottom, as only it
// knows the height.
func scrollOverlay(top *int, nav *NavKeys, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, nav.Down), key.Matches(msg, nav.PageDown):
		*top++
	case key.Matches(msg, nav.Up), key.Matches(msg, nav.PageUp):
		*top = max(*top-1, 0)
	default:
		return false
	}
	return true
}

// keepVisible is the first row to show so that row cursor stays within a
// window of height rows, moving top as little as it can. Every list and
// grid follows its cursor this way; each clamps top to its own length
// afterwards where it needs to. A window of no height yet (not laid out)
// only follows the cursor up.
func keepVisible(top, cursor, height int) int {
	if cursor < top {
		return cursor
	}
	if height > 0 && cursor >= top+height {
		return cursor - height + 1
	}
	return top
}

// moveInList moves a list cursor for the navigation keys (a row, a page of
// page rows, the first or the last of n rows) and reports whether msg was
// one of them: the scores, user and record views move alike. The caller
// clamps the cursor and scrolls.
func moveInList(cursor *int, nav *NavKeys, msg tea.KeyPressMsg, page, n int) bool {
	switch {
	case key.Matches(msg, nav.Up):
		*cursor--
	case key.Matches(msg, nav.Down):
		*cursor++
	case key.Matches(msg, nav.PageUp):
		*cursor -= page
	case key.Matches(msg, nav.PageDown):
		*cursor += page
	case key.Matches(msg, nav.Top):
		*cursor = 0
	case key.Matches(msg, nav.Bottom):
		*cursor = n - 1
	default:
		return false
	}
	return true
}
