package tui

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
)

// staging holds the row changes a person made and has not applied: at
// most one per row (edits of one row merge; deleting an edited row keeps
// only the delete), in the order their rows were first changed. Nothing
// reaches the database until the review applies them all in one
// transaction. Every step can be undone, the last one first.
type staging struct {
	rows    []*stagedRow
	undo    []stagingStep
	inserts int // numbers inserted rows, so each has a key of its own
}

// stagedRow is the pending change of one row. It is never modified once
// staged: a later step replaces it, so that the undo steps can keep the
// old one.
type stagedRow struct {
	kind  store.ChangeKind
	table string
	info  *store.TableInfo
	cols  []store.Column // the columns of row, as the page had them
	row   store.Row      // the row as read: its key and the values it is checked against
	key   string         // identifies the row within its table
	label string         // names the row for people: "id=3", "new row 2"
	edits []store.Edit   // UPDATE: the changed columns; INSERT: the given columns
	// preview is what the delete will do, as read before it was staged.
	preview *store.DeletePreview
}

// stagingStep is the state before one step, and what the step did.
type stagingStep struct {
	rows []*stagedRow
	what string
}

// count is the number of pending changes (rows changed, inserted or
// deleted).
func (s *staging) count() int { return len(s.rows) }

// countTable is the number of pending changes to one table.
func (s *staging) countTable(table string) int {
	n := 0
	for _, r := range s.rows {
		if r.table == table {
			n++
		}
	}
	return n
}

// tables lists the tables with pending changes, in order.
func (s *staging) tables() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range s.rows {
		if !seen[r.table] {
			seen[r.table] = true
			out = append(out, r.table)
		}
	}
	return out
}

// find returns the pending change of a row, or nil.
func (s *staging) find(table, key string) *stagedRow {
	for _, r := range s.rows {
		if r.table == table && r.key == key {
			return r
		}
	}
	return nil
}

// inserted lists the rows staged for insertion into table.
func (s *staging) inserted(table string) []*stagedRow {
	var out []*stagedRow
	for _, r := range s.rows {
		if r.table == table && r.kind == store.ChangeInsert {
			out = append(out, r)
		}
	}
	return out
}

// step records the state before a change, for undo.
func (s *staging) step(what string) {
	s.undo = append(s.undo, stagingStep{rows: append([]*stagedRow(nil), s.rows...), what: what})
}

// put replaces the pending change of r's row with r (nil r: none).
func (s *staging) put(table, key string, r *stagedRow) {
	for i, old := range s.rows {
		if old.table == table && old.key == key {
			if r == nil {
				s.rows = append(s.rows[:i:i], s.rows[i+1:]...)
			} else {
				s.rows = append(append(s.rows[:i:i], r), s.rows[i+1:]...)
			}
			return
		}
	}
	if r != nil {
		s.rows = append(s.rows, r)
	}
}

// setCell stages a new value of one column of an existing row. An edit
// back to the value the row was read with drops that column's change. It
// returns what was staged, for the status line.
func (s *staging) setCell(info *store.TableInfo, cols []store.Column, row store.Row, col string, e store.Edit) (string, error) {
	key := rowKey(info, cols, row)
	old := s.find(info.Name, key)
	if old != nil && old.kind == store.ChangeDelete {
		return "", fmt.Errorf("row %s of %s is staged for deletion: undo that first", old.label, info.Name)
	}
	next := &stagedRow{kind: store.ChangeUpdate, table: info.Name, info: info, cols: cols, row: row, key: key, label: store.KeyLabel(info, cols, row)}
	if old != nil {
		next.cols, next.row = old.cols, old.row
		next.edits = append(next.edits, old.edits...)
	}
	e.Column = col
	kept := next.edits[:0:0]
	for _, x := range next.edits {
		if x.Column != col {
			kept = append(kept, x)
		}
	}
	seen, ok := cellOf(next.cols, next.row, col)
	if !ok || !sameAsSeen(e, seen) {
		kept = append(kept, e)
	}
	next.edits = kept
	what := info.Name + " " + next.label + ": " + col + " → " + describeEdit(e)
	s.step(what)
	if len(next.edits) == 0 {
		s.put(info.Name, key, nil)
		return info.Name + " " + next.label + ": " + col + " is back to the value read", nil
	}
	s.put(info.Name, key, next)
	return what, nil
}

// sameAsSeen reports whether an edit writes the value the row was read
// with (a value read only in part never counts as the same).
func sameAsSeen(e store.Edit, seen store.Value) bool {
	if e.Default || seen.Truncated {
		return false
	}
	if e.Value.Null || seen.Null {
		return e.Value.Null == seen.Null
	}
	return bytes.Equal(e.Value.Bytes, seen.Bytes)
}

// insert stages a new row with the given columns.
func (s *staging) insert(info *store.TableInfo, edits []store.Edit) string {
	s.inserts++
	n := s.inserts
	r := &stagedRow{kind: store.ChangeInsert, table: info.Name, info: info, key: "+" + strconv.Itoa(n),
		label: "new row " + strconv.Itoa(n), edits: edits}
	what := info.Name + ": " + r.label + " added"
	s.step(what)
	s.put(r.table, r.key, r)
	return what
}

// remove stages the deletion of a row, replacing its pending edits.
func (s *staging) remove(info *store.TableInfo, cols []store.Column, row store.Row, preview *store.DeletePreview) string {
	key := rowKey(info, cols, row)
	r := &stagedRow{kind: store.ChangeDelete, table: info.Name, info: info, cols: cols, row: row, key: key,
		label: store.KeyLabel(info, cols, row), preview: preview}
	if old := s.find(info.Name, key); old != nil {
		r.cols, r.row = old.cols, old.row // check against the row as first read
	}
	what := info.Name + " " + r.label + " deleted"
	s.step(what)
	s.put(r.table, key, r)
	return what
}

// undoLast undoes the last step; ok is false when there is none.
func (s *staging) undoLast() (what string, ok bool) {
	if len(s.undo) == 0 {
		return "", false
	}
	last := s.undo[len(s.undo)-1]
	s.undo = s.undo[:len(s.undo)-1]
	s.rows = last.rows
	return last.what, true
}

// dropRow discards the pending change of one row (as a step of its own).
func (s *staging) dropRow(table, key string) {
	if r := s.find(table, key); r != nil {
		s.step("the change to " + table + " " + r.label + " dropped")
		s.put(table, key, nil)
	}
}

// discard drops every pending change to the tables, and the undo steps
// that would bring them back; it returns how many changes it dropped.
func (s *staging) discard(tables ...string) int {
	drop := map[string]bool{}
	for _, t := range tables {
		drop[t] = true
	}
	kept := s.rows[:0:0]
	for _, r := range s.rows {
		if !drop[r.table] {
			kept = append(kept, r)
		}
	}
	n := len(s.rows) - len(kept)
	s.rows = kept
	if n > 0 {
		s.undo = nil
	}
	return n
}

// clear drops everything: the changes were applied.
func (s *staging) clear() {
	s.rows, s.undo = nil, nil
}

// changes are the pending changes as the store takes them.
func (s *staging) changes() []store.Change {
	out := make([]store.Change, len(s.rows))
	for i, r := range s.rows {
		out[i] = store.Change{Kind: r.kind, Info: r.info, Columns: r.cols, Row: r.row, Edits: r.edits}
	}
	return out
}

// rowKey identifies a row within its table by the values of its row key.
func rowKey(info *store.TableInfo, cols []store.Column, row store.Row) string {
	if info == nil {
		return ""
	}
	var sb strings.Builder
	for _, name := range info.RowKey() {
		v, _ := cellOf(cols, row, name)
		sb.WriteString(strconv.Itoa(len(v.Bytes)))
		sb.WriteByte(':')
		sb.Write(v.Bytes)
	}
	return sb.String()
}

// cellOf returns the value of the named column of a row.
func cellOf(cols []store.Column, row store.Row, name string) (store.Value, bool) {
	for i, c := range cols {
		if c.Name == name && i < len(row) {
			return row[i], true
		}
	}
	return store.Value{}, false
}

// editOf returns the pending edit of one column of a staged row.
func (r *stagedRow) editOf(col string) (store.Edit, bool) {
	for _, e := range r.edits {
		if e.Column == col {
			return e, true
		}
	}
	return store.Edit{}, false
}

// describeEdit describes a new value in a status message (unsanitised: the
// status line sanitises).
func describeEdit(e store.Edit) string {
	switch {
	case e.Default:
		return "DEFAULT"
	case e.Value.Null:
		return "NULL"
	}
	s := string(e.Value.Bytes)
	if r := []rune(s); len(r) > 40 {
		return "'" + string(r[:40]) + "…' (" + humanize.Bytes(int64(len(s))) + ")"
	}
	return "'" + s + "'"
}
