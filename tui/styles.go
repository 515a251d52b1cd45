package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/demobots/demobots-tui/tui/internal/highlight"
)

// palette is the small set of semantic colors every style derives from.
// Components never name a color literal; they use a Styles field.
type palette struct {
	accent    color.Color // focus, titles, the cursor
	text      color.Color
	muted     color.Color // secondary text
	subtle    color.Color // borders of unfocused panes, separators
	highlight color.Color // background of the cursor row
	danger    color.Color // errors and destructive changes
	warning   color.Color
	success   color.Color
	special   color.Color // NULL, empty strings and other markers
}

func defaultPalette() palette {
	return palette{
		accent:    lipgloss.Color("#7D56F4"),
		text:      lipgloss.Color("#DDDDDD"),
		muted:     lipgloss.Color("#8A8A8A"),
		subtle:    lipgloss.Color("#4E4E4E"),
		highlight: lipgloss.Color("#3A3A5A"),
		danger:    lipgloss.Color("#FF5F5F"),
		warning:   lipgloss.Color("#FFAF00"),
		success:   lipgloss.Color("#5FD787"),
		special:   lipgloss.Color("#5FAFD7"),
	}
}

// Styles holds every style the TUI renders with, grouped by component.
type Styles struct {
	Pane struct {
		Border       lipgloss.Style // unfocused pane border
		BorderActive lipgloss.Style // focused pane border
		Title        lipgloss.Style
		TitleActive  lipgloss.Style
	}
	Tables struct {
		Item     lipgloss.Style
		Cursor   lipgloss.Style // the selected table while the list is focused
		CursorBl lipgloss.Style // the selected table while the list is blurred
		Count    lipgloss.Style
		Open     lipgloss.Style // marker of the table shown on the right
	}
	Grid struct {
		Header    lipgloss.Style
		Sep       lipgloss.Style
		CursorRow lipgloss.Style
		Cell      lipgloss.Style // the cell under the cursor
		Null      lipgloss.Style
		Footer    lipgloss.Style
	}
	Record struct {
		Name   lipgloss.Style
		Key    lipgloss.Style
		Cursor lipgloss.Style
		Marker lipgloss.Style // NULL and empty-string markers
	}
	Card struct {
		Box   lipgloss.Style
		Name  lipgloss.Style
		Label lipgloss.Style
	}
	Chart struct {
		Bar  lipgloss.Style
		Axis lipgloss.Style
	}
	Status struct {
		Bar      lipgloss.Style
		Database lipgloss.Style
		Muted    lipgloss.Style
		ReadOnly lipgloss.Style
		Offline  lipgloss.Style
		Info     lipgloss.Style
		Success  lipgloss.Style
		Warn     lipgloss.Style
		Error    lipgloss.Style
	}
	Modal struct {
		Box         lipgloss.Style
		Title       lipgloss.Style
		Destructive lipgloss.Style
		Warning     lipgloss.Style
		Muted       lipgloss.Style
		Selected    lipgloss.Style
	}
	// Edit marks pending changes: the rest of a changed row, a changed
	// cell, a row to be deleted, a row to be inserted, the count.
	Edit struct {
		Row      lipgloss.Style
		Changed  lipgloss.Style
		Deleted  lipgloss.Style
		Inserted lipgloss.Style
		Pending  lipgloss.Style
	}
	// Code colours SQL and JSON.
	Code      highlight.Styles
	Crumb     lipgloss.Style
	CrumbLast lipgloss.Style
	Muted     lipgloss.Style
	Error     lipgloss.Style
	Spinner   lipgloss.Style
	Help      help.Styles
	HelpKey   lipgloss.Style
	HelpOff   lipgloss.Style
}

// DefaultStyles returns the styles of the default (dark) theme.
func DefaultStyles() Styles {
	p := defaultPalette()
	st := func() lipgloss.Style { return lipgloss.NewStyle() }
	var s Styles
	s.Pane.Border = st().Foreground(p.subtle)
	s.Pane.BorderActive = st().Foreground(p.accent)
	s.Pane.Title = st().Foreground(p.muted)
	s.Pane.TitleActive = st().Foreground(p.accent).Bold(true)

	s.Tables.Item = st().Foreground(p.text)
	s.Tables.Cursor = st().Background(p.accent).Foreground(lipgloss.Color("#FFFFFF")).Bold(true)
	s.Tables.CursorBl = st().Background(p.highlight).Foreground(p.text)
	s.Tables.Count = st().Foreground(p.muted)
	s.Tables.Open = st().Foreground(p.accent).Bold(true)

	s.Grid.Header = st().Foreground(p.accent).Bold(true)
	s.Grid.Sep = st().Foreground(p.subtle)
	s.Grid.CursorRow = st().Background(p.highlight)
	s.Grid.Cell = st().Reverse(true)
	s.Grid.Null = st().Foreground(p.special).Faint(true).Italic(true)
	s.Grid.Footer = st().Foreground(p.muted)

	s.Record.Name = st().Foreground(p.accent)
	s.Record.Key = st().Foreground(p.warning)
	s.Record.Cursor = st().Background(p.highlight)
	s.Record.Marker = st().Foreground(p.special).Italic(true)

	s.Card.Box = st().Border(lipgloss.RoundedBorder()).BorderForeground(p.subtle).Padding(0, 1)
	s.Card.Name = st().Bold(true).Foreground(p.text)
	s.Card.Label = st().Foreground(p.muted)

	s.Chart.Bar = st().Foreground(p.accent)
	s.Chart.Axis = st().Foreground(p.muted)

	s.Status.Bar = st().Foreground(p.text)
	s.Status.Database = st().Foreground(p.accent).Bold(true)
	s.Status.Muted = st().Foreground(p.muted)
	s.Status.ReadOnly = st().Foreground(p.warning).Bold(true)
	s.Status.Offline = st().Foreground(p.danger).Bold(true)
	s.Status.Info = st().Foreground(p.text)
	s.Status.Success = st().Foreground(p.success)
	s.Status.Warn = st().Foreground(p.warning)
	s.Status.Error = st().Foreground(p.danger).Bold(true)

	s.Modal.Box = st().Border(lipgloss.RoundedBorder()).BorderForeground(p.accent).Padding(0, 1)
	s.Modal.Title = st().Foreground(p.accent).Bold(true)
	s.Modal.Destructive = st().Foreground(p.danger).Bold(true)
	s.Modal.Warning = st().Foreground(p.warning)
	s.Modal.Muted = st().Foreground(p.muted)
	s.Modal.Selected = st().Background(p.accent).Foreground(lipgloss.Color("#FFFFFF"))

	s.Edit.Row = st()
	s.Edit.Changed = st().Foreground(p.warning).Bold(true).Underline(true)
	s.Edit.Deleted = st().Foreground(p.danger).Strikethrough(true)
	s.Edit.Inserted = st().Foreground(p.success)
	s.Edit.Pending = st().Foreground(p.warning).Bold(true)

	s.Code = highlight.Styles{
		Keyword:     st().Foreground(p.accent).Bold(true),
		String:      st().Foreground(p.success),
		Number:      st().Foreground(p.special),
		Comment:     st().Foreground(p.muted).Italic(true),
		Name:        st().Foreground(p.warning),
		Operator:    st().Foreground(p.text),
		Punctuation: st().Foreground(p.muted),
	}
	s.Crumb = st().Foreground(p.muted)
	s.CrumbLast = st().Foreground(p.text).Bold(true)
	s.Muted = st().Foreground(p.muted)
	s.Error = st().Foreground(p.danger)
	s.Spinner = st().Foreground(p.accent)
	s.Help = help.DefaultDarkStyles()
	s.HelpKey = st().Foreground(p.accent)
	s.HelpOff = st().Foreground(p.subtle).Strikethrough(true)
	return s
}
