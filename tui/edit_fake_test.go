package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/demobots/demobots-tui/store"
)

// fakeEditor is the fake store's edit side: plans are built by the store's
// own builder, and applying one changes the fake tables.
type fakeEditor struct {
	plans    int
	planned  map[*store.EditPlan][]store.Change
	applied  []*store.EditPlan
	planErr  error
	applyErr error                // ApplyEdits fails with it and changes nothing
	preview  *store.DeletePreview // what PreviewDelete answers; nil: no effects
	previews int
	searches []string // what ParentChoices was asked for
}

func (f *fakeStore) PlanEdits(_ context.Context, changes []store.Change) (*store.EditPlan, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.edit.plans++
	if f.edit.planErr != nil {
		return nil, f.edit.planErr
	}
	plan, err := store.BuildEditPlan("demobots", changes)
	if err != nil {
		return nil, err
	}
	if f.edit.planned == nil {
		f.edit.planned = map[*store.EditPlan][]store.Change{}
	}
	f.edit.planned[plan] = changes
	return plan, nil
}

func (f *fakeStore) ApplyEdits(_ context.Context, plan *store.EditPlan) error {
	if err := f.fail(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.edit.applyErr != nil {
		return f.edit.applyErr
	}
	changes, ok := f.edit.planned[plan]
	if !ok {
		return fmt.Errorf("ApplyEdits with a plan PlanEdits did not make")
	}
	f.edit.applied = append(f.edit.applied, plan)
	for _, ch := range changes {
		t := f.tables[ch.Info.Name]
		switch ch.Kind {
		case store.ChangeInsert:
			row := make(store.Row, len(t.info.Columns))
			for i, col := range t.info.Columns {
				switch {
				case col.AutoIncrement():
					row[i] = val(strconv.Itoa(len(t.rows) + 100))
				case col.Default != nil:
					row[i] = val(*col.Default)
				default:
					row[i] = null
				}
				for _, e := range ch.Edits {
					if e.Column == col.Name && !e.Default {
						row[i] = e.Value
					}
				}
			}
			t.rows = append(t.rows, row)
		case store.ChangeUpdate, store.ChangeDelete:
			key := rowKey(t.info, ch.Columns, ch.Row)
			for n, r := range t.rows {
				if rowKey(t.info, t.info.Columns, r) != key {
					continue
				}
				if ch.Kind == store.ChangeDelete {
					t.rows = append(t.rows[:n:n], t.rows[n+1:]...)
					break
				}
				r = append(store.Row(nil), r...)
				for i, col := range t.info.Columns {
					for _, e := range ch.Edits {
						if e.Column == col.Name {
							r[i] = e.Value
						}
					}
				}
				t.rows[n] = r
				break
			}
		}
	}
	return nil
}

func (f *fakeStore) PreviewDelete(_ context.Context, info *store.TableInfo, cols []store.Column, row store.Row) (*store.DeletePreview, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.edit.previews++
	if f.edit.preview != nil {
		return f.edit.preview, nil
	}
	return &store.DeletePreview{Table: info.Name, Row: store.KeyLabel(info, cols, row)}, nil
}

func (f *fakeStore) ParentChoices(_ context.Context, fk store.ForeignKey, search string, limit int) (*store.ParentChoices, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.edit.searches = append(f.edit.searches, search)
	t := f.tables[fk.RefTable]
	info := t.info
	keyIdx := indexOfColumn(info.Columns, fk.RefColumns[0])
	out := &store.ParentChoices{Table: info.Name, KeyColumn: fk.RefColumns[0], KeyType: info.Columns[keyIdx],
		LabelColumn: store.LabelColumn(info, fk.RefColumns[0])}
	labelIdx := indexOfColumn(info.Columns, out.LabelColumn)
	for _, r := range t.rows {
		k := string(r[keyIdx].Bytes)
		label := store.Value{Null: true}
		if labelIdx >= 0 {
			label = r[labelIdx]
		}
		if search != "" && !strings.HasPrefix(k, search) && !strings.Contains(string(label.Bytes), search) {
			continue
		}
		c := store.ParentChoice{Key: r[keyIdx], Label: label}
		if k == search {
			out.Choices = append([]store.ParentChoice{c}, out.Choices...)
		} else {
			out.Choices = append(out.Choices, c)
		}
	}
	if len(out.Choices) > limit {
		out.Choices = out.Choices[:limit]
	}
	return out, nil
}

func (f *fakeStore) ParentExists(_ context.Context, fk store.ForeignKey, cols []store.Column, row store.Row) (bool, error) {
	if err := f.fail(); err != nil {
		return false, err
	}
	v, _ := cellOf(cols, row, fk.Columns[0])
	if v.Null {
		return true, nil
	}
	t := f.tables[fk.RefTable]
	keyIdx := indexOfColumn(t.info.Columns, fk.RefColumns[0])
	for _, r := range t.rows {
		if string(r[keyIdx].Bytes) == string(v.Bytes) {
			return true, nil
		}
	}
	return false, nil
}

func indexOfColumn(cols []store.Column, name string) int {
	for i, c := range cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}
