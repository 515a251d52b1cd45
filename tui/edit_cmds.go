package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// Commands of the edit path. Like those in cmds.go, each copies its
// inputs first and makes its context inside.

// readWholeValue reads a value the page carried only the start of, for an
// editor.
func readWholeValue(c *common, target int, t editTarget) tea.Cmd {
	st := c.store
	info, cols, row, name := t.info, t.cols, t.row, t.cols[t.col].Name
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		v, err := st.FullValue(ctx, info, cols, row, name)
		return wholeValueReadMsg{target: target, value: v, err: err}
	})
}

// readWholeValues reads every value of a row that the page carried only
// the start of, for a copy of the row.
func readWholeValues(c *common, target int, info *store.TableInfo, cols []store.Column, row store.Row) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		out := append(store.Row(nil), row...)
		for i, v := range row {
			if !v.Truncated {
				continue
			}
			full, err := st.FullValue(ctx, info, cols, row, cols[i].Name)
			if err != nil {
				return wholeRowReadMsg{target: target, err: err}
			}
			out[i] = full
		}
		return wholeRowReadMsg{target: target, row: out}
	})
}

// loadParentChoices lists the parent rows a foreign key column may take.
func loadParentChoices(c *common, target, seq int, fk store.ForeignKey, search string) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		choices, err := st.ParentChoices(ctx, fk, search, parentChoices)
		return parentChoicesLoadedMsg{target: target, seq: seq, choices: choices, err: err}
	})
}

// checkParents checks that a new row's foreign keys point to rows that
// exist; it answers with the keys that do not.
func checkParents(c *common, target int, fks []store.ForeignKey, cols []store.Column, row store.Row) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, c.timeout, func(ctx context.Context) tea.Msg {
		var missing []store.ForeignKey
		for _, fk := range fks {
			ok, err := st.ParentExists(ctx, fk, cols, row)
			if err != nil {
				return parentsCheckedMsg{target: target, err: err}
			}
			if !ok {
				missing = append(missing, fk)
			}
		}
		return parentsCheckedMsg{target: target, missing: missing}
	})
}

// previewDelete reads what deleting a row would do.
func previewDelete(c *common, target int, info *store.TableInfo, cols []store.Column, row store.Row) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		p, err := st.PreviewDelete(ctx, info, cols, row)
		return deletePreviewedMsg{target: target, preview: p, err: err}
	})
}

// planEdits builds the statements of the staged changes.
func planEdits(c *common, target int, changes []store.Change) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		plan, err := st.PlanEdits(ctx, changes)
		return editsPlannedMsg{target: target, plan: plan, err: err}
	})
}

// applyEdits runs a plan in one transaction.
func applyEdits(c *common, target int, plan *store.EditPlan) tea.Cmd {
	st := c.store
	return timeoutCmd(c.ctx, 4*c.timeout, func(ctx context.Context) tea.Msg {
		return editsAppliedMsg{target: target, err: st.ApplyEdits(ctx, plan)}
	})
}

// wholeValueReadMsg is a whole value read for an editor.
type wholeValueReadMsg struct {
	target int
	value  store.Value
	err    error
}

// wholeRowReadMsg is a row with its long values read whole.
type wholeRowReadMsg struct {
	target int
	row    store.Row
	err    error
}

// parentChoicesLoadedMsg is a page of parent rows for a picker.
type parentChoicesLoadedMsg struct {
	target, seq int
	choices     *store.ParentChoices
	err         error
}

// parentsCheckedMsg lists the foreign keys of a new row whose parent row
// does not exist.
type parentsCheckedMsg struct {
	target  int
	missing []store.ForeignKey
	err     error
}

// deletePreviewedMsg is what deleting a row would do.
type deletePreviewedMsg struct {
	target  int
	preview *store.DeletePreview
	err     error
}

// editsPlannedMsg is the statements of the staged changes.
type editsPlannedMsg struct {
	target int
	plan   *store.EditPlan
	err    error
}

// editsAppliedMsg ends applying a plan.
type editsAppliedMsg struct {
	target int
	err    error
}

func (m wholeValueReadMsg) to() int      { return m.target }
func (m wholeRowReadMsg) to() int        { return m.target }
func (m parentChoicesLoadedMsg) to() int { return m.target }
func (m parentsCheckedMsg) to() int      { return m.target }
func (m deletePreviewedMsg) to() int     { return m.target }
func (m editsPlannedMsg) to() int        { return m.target }
func (m editsAppliedMsg) to() int        { return m.target }
