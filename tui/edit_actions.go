package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// The edit keys of the views that show rows of a table (the grid and the
// record view): e edits the cell, a adds a row, A copies the current one,
// d deletes it. Each opens a dialog that stages the change; u and the
// review key work from anywhere (edit_root.go).

// editOffReason says why rows of a table cannot be edited here, or "".
func editOffReason(c *common, info *store.TableInfo) string {
	switch {
	case c.readOnly:
		return "editing is disabled: the connection is read-only (--read-only)"
	case info == nil:
		return "the table is still loading; try again in a moment"
	}
	return info.ReadOnlyReason()
}

// editContext enables the edit keys of a view showing rows of info.
func editContext(c *common, ctx *keyContext, info *store.TableInfo, hasRow bool) {
	ctx.canEdit = editOffReason(c, info) == ""
	ctx.hasRow = hasRow
}

// handleEditKey handles the edit keys for a view showing t's row; edit is
// the binding that edits the cell (e in the grid, enter or e in the
// record view). ok is false for keys that are not edit keys.
func handleEditKey(c *common, msg tea.KeyPressMsg, t editTarget, edit key.Binding) (Intent, tea.Cmd, bool) {
	k := c.keys
	switch {
	case key.Matches(msg, edit):
		if t.col < 0 || t.col >= len(t.cols) || t.col >= len(t.row) {
			return nil, nil, true
		}
		col := t.cols[t.col]
		if full := t.info.Column(col.Name); full != nil {
			col = *full
		}
		if reason := col.ReadOnlyReason(); reason != "" {
			return notice{level: levelWarn, text: reason}, nil, true
		}
		if r := c.edits.find(t.table, rowKey(t.info, t.cols, t.row)); r != nil && r.kind == store.ChangeDelete {
			return notice{level: levelWarn, text: t.table + " " + r.label + " is staged for deletion; " + hint(k.Edit.Undo) + " brings it back"}, nil, true
		}
		d, cmd := newCellEditor(c, t)
		return openDialog{d: d}, cmd, true
	case key.Matches(msg, k.Edit.Insert):
		d, cmd := newRowForm(c, t.info, nil, nil)
		return openDialog{d: d}, cmd, true
	case key.Matches(msg, k.Edit.Duplicate):
		d, cmd := newRowForm(c, t.info, t.cols, t.row)
		return openDialog{d: d}, cmd, true
	case key.Matches(msg, k.Edit.Delete):
		if r := c.edits.find(t.table, rowKey(t.info, t.cols, t.row)); r != nil && r.kind == store.ChangeDelete {
			return notice{level: levelInfo, text: t.table + " " + r.label + " is staged for deletion already; " + hint(k.Edit.Undo) + " brings it back"}, nil, true
		}
		d, cmd := newDeleteDialog(c, t)
		return openDialog{d: d}, cmd, true
	}
	for _, b := range []key.Binding{edit, k.Edit.Insert, k.Edit.Duplicate, k.Edit.Delete} {
		if pressedDisabled(msg, b) {
			reason := editOffReason(c, t.info)
			if reason == "" {
				reason = "no row under the cursor"
			}
			if key.Matches(msg, k.Nav.Open) || pressedDisabled(msg, k.Nav.Open) {
				reason += " (" + hint(k.Data.Relations) + ")"
			}
			return notice{level: levelWarn, text: reason}, nil, true
		}
	}
	return nil, nil, false
}
