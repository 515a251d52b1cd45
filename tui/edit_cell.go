package tui

import (
	"bytes"
	"encoding/json"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// editorMode is how a column's value is edited.
type editorMode int

const (
	editLine    editorMode = iota // a one-line input: numbers, dates, short text, short binary as hex
	editText                      // a multi-line editor: long text, JSON (pretty-printed), BLOBs as hex
	editChoice                    // ENUM: pick one member
	editMembers                   // SET: toggle members
	editParent                    // a foreign key: pick one of the parent's rows
)

// Limits of the multi-line editor: larger values are not edited here
// (the textarea keeps at most 10,000 lines and gets slow well before).
const (
	maxEditBytes = 256 << 10
	maxEditLines = 9000
	// parentChoices is how many parent rows the picker lists at a time.
	parentChoices = 8
)

// editTarget is the row, and the column, an edit key acts on, as the view
// under it sees them.
type editTarget struct {
	table string
	info  *store.TableInfo
	cols  []store.Column
	row   store.Row // nil: no row under the cursor
	col   int       // index into cols of the column under the cursor
}

// cellEditor edits one value of one row with an input that fits its
// column, and stages the new value; nothing is written until the review.
type cellEditor struct {
	dialogBase
	c    *common
	t    editTarget
	col  store.Column
	mode editorMode
	fk   *store.ForeignKey

	loading  bool // the whole value is being read first
	tooLarge bool // a multi-line value too large for the editor
	err      string
	was      string // what the cell holds now, described

	field field
	area  textarea.Model

	members []string
	chosen  []bool
	cursor  int

	choices   *store.ParentChoices
	choiceSeq int
	searching bool
}

// newCellEditor opens the editor of column t.col of row t.row. A value the
// page carried only the start of is read whole first; a foreign key
// column lists its parent's rows.
func newCellEditor(c *common, t editTarget) (*cellEditor, tea.Cmd) {
	col := t.cols[t.col]
	if full := t.info.Column(col.Name); full != nil {
		col = *full
	}
	d := &cellEditor{dialogBase: newDialogBase(c), c: c, t: t, col: col}
	d.mode, d.fk = editorModeFor(t.info, col)
	v := t.row[t.col]
	if r := c.edits.find(t.table, rowKey(t.info, t.cols, t.row)); r != nil {
		if e, ok := r.editOf(col.Name); ok {
			if e.Default {
				d.was = "staged: DEFAULT"
				return d, d.start(store.Value{Null: true})
			}
			d.was = "staged: " + describeValue(e.Value, col)
			return d, d.start(e.Value)
		}
	}
	d.was = "now: " + describeValue(v, col)
	if v.Truncated {
		d.loading = true
		return d, readWholeValue(c, d.id(), t)
	}
	return d, d.start(v)
}

// editorModeFor picks the editor of a column.
func editorModeFor(info *store.TableInfo, col store.Column) (editorMode, *store.ForeignKey) {
	for i := range info.Outgoing {
		fk := &info.Outgoing[i]
		// Only a constraint makes the server refuse a value without a
		// parent; a declared or inferred relation leaves the value free.
		if fk.Origin == store.OriginFK && len(fk.Columns) == 1 && fk.Columns[0] == col.Name {
			return editParent, fk
		}
	}
	switch col.DataType {
	case "enum":
		return editChoice, nil
	case "set":
		return editMembers, nil
	case "json", "tinytext", "text", "mediumtext", "longtext", "blob", "mediumblob", "longblob":
		return editText, nil
	case "varchar", "varbinary":
		if col.Size() > 255 {
			return editText, nil
		}
	}
	return editLine, nil
}

// start fills the editor with the current value.
func (d *cellEditor) start(v store.Value) tea.Cmd {
	d.loading = false
	text := ""
	if !v.Null {
		text = store.InputText(&d.col, v)
	}
	switch d.mode {
	case editText:
		if d.col.DataType == "json" && text != "" {
			var buf bytes.Buffer
			if json.Indent(&buf, []byte(text), "", "  ") == nil {
				text = buf.String()
			}
		}
		if len(text) > maxEditBytes || strings.Count(text, "\n") > maxEditLines {
			d.err = "this value is " + humanize.Bytes(int64(len(text))) + ": too large to edit here (the limit is " + humanize.Bytes(maxEditBytes) + "); " +
				keyName(d.c.keys.Edit.SetNull) + " and " + keyName(d.c.keys.Edit.SetDefault) + " still work"
			d.tooLarge = true
			d.area = newArea(d.c, "")
			d.area.Blur()
			return nil
		}
		d.area = newArea(d.c, text)
		if d.area.Value() != text {
			d.err = "this value is too large to edit here"
			d.tooLarge = true
			d.area.Blur()
		}
		return nil
	case editChoice, editMembers:
		d.members = d.col.Members()
		d.chosen = make([]bool, len(d.members))
		for i, m := range d.members {
			if d.mode == editChoice && !v.Null && m == text {
				d.cursor = i
			}
			if d.mode == editMembers && !v.Null {
				for _, part := range strings.Split(text, ",") {
					if part == m {
						d.chosen[i] = true
					}
				}
			}
		}
		return nil
	case editParent:
		d.field = newField(d.c, "search by key or label", text)
		return tea.Batch(d.field.Focus(), d.search())
	}
	d.field = newField(d.c, "", text)
	return d.field.Focus()
}

// multilineInput keeps pasted text as it is typed into a multi-line
// editor: line breaks and tabs stay, other control characters go.
func multilineInput(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var sb strings.Builder
	for n, line := range strings.Split(s, "\n") {
		if n > 0 {
			sb.WriteByte('\n')
		}
		parts := strings.Split(line, "\t")
		for i, p := range parts {
			if i > 0 {
				sb.WriteByte('\t')
			}
			sb.WriteString(sanitize.Input(p))
		}
	}
	return sb.String()
}

// newArea is a multi-line editor holding text.
func newArea(c *common, text string) textarea.Model {
	a := textarea.New()
	st := textarea.DefaultDarkStyles()
	st.Cursor.Blink = false
	st.Focused.Placeholder = c.styles.Muted
	a.SetStyles(st)
	a.Prompt = ""
	a.ShowLineNumbers = true
	a.CharLimit = 0
	a.MaxHeight = 0
	a.SetValue(text)
	a.MoveToBegin()
	a.Focus()
	return a
}

// Busy is true while the whole value or the parent rows are read.
func (d *cellEditor) Busy() bool { return d.loading || d.searching }

// Update takes the whole value and the parent rows, and pastes.
func (d *cellEditor) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case wholeValueReadMsg:
		if msg.err != nil {
			return intents{closeDialog{}, failure{err: msg.err}}, nil
		}
		return nil, d.start(msg.value)
	case parentChoicesLoadedMsg:
		if msg.seq != d.choiceSeq {
			return nil, nil
		}
		d.searching = false
		if msg.err != nil {
			d.err = msg.err.Error()
			return nil, nil
		}
		d.choices, d.cursor = msg.choices, 0
		return nil, nil
	case tea.PasteMsg:
		return nil, d.edit(msg)
	}
	return nil, nil
}

// HandleKey edits the value; save, NULL and DEFAULT stage it.
func (d *cellEditor) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Form.Cancel):
		return closeDialog{}, nil
	case d.loading:
		return nil, nil
	case key.Matches(msg, k.Edit.SetNull):
		if !d.col.Nullable {
			d.err = d.col.Name + " is NOT NULL: it cannot be set to NULL"
			return nil, nil
		}
		return d.stage(store.Edit{Value: store.Value{Null: true}})
	case key.Matches(msg, k.Edit.SetDefault):
		if d.col.Default == nil && !d.col.Nullable && !d.col.AutoIncrement() {
			d.err = d.col.Name + " has no DEFAULT: it is NOT NULL and declares none"
			return nil, nil
		}
		return d.stage(store.Edit{Default: true})
	}
	switch d.mode {
	case editText:
		if key.Matches(msg, k.Edit.Save) {
			return d.save(d.area.Value())
		}
	case editChoice, editMembers:
		return d.pickKey(msg)
	case editParent:
		if it, cmd, ok := d.parentKey(msg); ok {
			return it, cmd
		}
	default:
		if key.Matches(msg, k.Form.Confirm) || key.Matches(msg, k.Edit.Save) {
			return d.save(d.field.Value())
		}
	}
	return nil, d.edit(msg)
}

// edit passes a key or a paste to the input.
func (d *cellEditor) edit(msg tea.Msg) tea.Cmd {
	d.err = ""
	switch d.mode {
	case editText:
		if !d.tooLarge {
			if p, ok := msg.(tea.PasteMsg); ok {
				p.Content = multilineInput(p.Content)
				msg = p
			}
			var cmd tea.Cmd
			d.area, cmd = d.area.Update(msg)
			return cmd
		}
	case editLine:
		return d.field.Update(msg)
	case editParent:
		before := d.field.Value()
		cmd := d.field.Update(msg)
		if d.field.Value() != before {
			return tea.Batch(cmd, d.search())
		}
		return cmd
	}
	return nil
}

// pickKey moves in the member list; space toggles a SET member, enter
// takes the choice.
func (d *cellEditor) pickKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Nav.Down):
		d.cursor = min(d.cursor+1, len(d.members)-1)
	case key.Matches(msg, k.Edit.Toggle) && d.mode == editMembers:
		if d.cursor < len(d.chosen) {
			d.chosen[d.cursor] = !d.chosen[d.cursor]
		}
	case key.Matches(msg, k.Form.Confirm):
		if d.mode == editChoice {
			if d.cursor >= len(d.members) {
				return nil, nil
			}
			return d.save(d.members[d.cursor])
		}
		var on []string
		for i, m := range d.members {
			if d.chosen[i] {
				on = append(on, m)
			}
		}
		return d.save(strings.Join(on, ","))
	}
	return nil, nil
}

// save checks the typed text against the column and stages it.
func (d *cellEditor) save(text string) (Intent, tea.Cmd) {
	if d.tooLarge {
		return nil, nil
	}
	v, err := store.ParseInput(&d.col, text)
	if err != nil {
		d.err = err.Error()
		return nil, nil
	}
	return d.stage(store.Edit{Value: v})
}

// stage stages the new value and closes the editor.
func (d *cellEditor) stage(e store.Edit) (Intent, tea.Cmd) {
	what, err := d.c.edits.setCell(d.t.info, d.t.cols, d.t.row, d.col.Name, e)
	if err != nil {
		d.err = err.Error()
		return nil, nil
	}
	return intents{closeDialog{}, stagedNotice(d.c, what)}, nil
}

// stagedNotice says what was staged and how to go on.
func stagedNotice(c *common, what string) Intent {
	return notice{level: levelInfo, text: what + " · " + humanize.PluralOf(int64(c.edits.count()), "pending change", "pending changes") +
		", " + keyName(c.keys.Edit.Review) + " reviews"}
}

// ShortHelp is the editor's one-line help.
func (d *cellEditor) ShortHelp(k *KeyMap) []key.Binding {
	done := k.Form.Confirm
	switch d.mode {
	case editText:
		done = k.Edit.Save
	case editMembers:
		return []key.Binding{k.Edit.Toggle, k.Form.Confirm, k.Edit.SetNull, k.Edit.SetDefault, k.Form.Cancel}
	}
	return []key.Binding{done, k.Edit.SetNull, k.Edit.SetDefault, k.Form.Cancel}
}

// View draws the editor.
func (d *cellEditor) View(w, h int) []string {
	s := d.c.styles
	k := d.c.keys
	inner := max(min(w-4, 100), 20)
	title := "Edit " + sanitize.Line(d.t.table) + "." + sanitize.Line(d.col.Name)
	head := sanitize.Line(d.t.table) + " " + sanitize.Line(store.KeyLabel(d.t.info, d.t.cols, d.t.row)) + " · " + columnSummary(d.col)
	lines := []string{layout.Truncate(head, inner), s.Modal.Muted.Render(layout.Truncate(sanitize.Line(d.was), inner))}
	switch {
	case d.loading:
		lines = append(lines, "", d.c.spin+" reading the whole value…")
	case d.mode == editText:
		lines = append(lines, s.Modal.Muted.Render(layout.Truncate(store.InputHint(&d.col), inner)))
		d.area.SetWidth(inner)
		d.area.SetHeight(max(min(h-12, 20), 3))
		lines = append(lines, strings.Split(d.area.View(), "\n")...)
	case d.mode == editChoice || d.mode == editMembers:
		lines = append(lines, s.Modal.Muted.Render(store.InputHint(&d.col)))
		for i, m := range d.members {
			line := "  "
			if i == d.cursor {
				line = "▶ "
			}
			if d.mode == editMembers {
				line += "[ ] "
				if d.chosen[i] {
					line = line[:len(line)-4] + "[x] "
				}
			}
			line += sanitize.Line(m)
			if m == "" {
				line += s.Modal.Muted.Render("(empty)")
			}
			if i == d.cursor {
				line = s.Modal.Selected.Render(layout.Fit(line, inner))
			}
			lines = append(lines, line)
		}
	case d.mode == editParent:
		lines = append(lines, d.parentLines(inner)...)
	default:
		lines = append(lines, s.Modal.Muted.Render(layout.Truncate(store.InputHint(&d.col), inner)))
		d.field.SetWidth(max(inner-4, 10))
		lines = append(lines, d.field.View())
	}
	if d.err != "" {
		for _, l := range layout.Wrap("✖ "+sanitize.Line(d.err), inner) {
			lines = append(lines, s.Modal.Destructive.Render(l))
		}
	}
	lines = append(lines, "", s.Modal.Muted.Render(layout.Truncate(hints(d.ShortHelp(&k)...), inner)))
	return layout.Dialog(title, lines, inner+4, s.Pane.BorderActive, s.Modal.Title)
}

// columnSummary is "username varchar(20) NOT NULL".
func columnSummary(col store.Column) string {
	s := sanitize.Line(col.Name) + " " + sanitize.Line(col.Type)
	if !col.Nullable {
		s += " NOT NULL"
	}
	if col.Default != nil {
		s += " DEFAULT " + sanitize.Line(*col.Default)
	}
	return s
}

// describeValue says what a cell holds, in one line.
func describeValue(v store.Value, col store.Column) string {
	switch {
	case v.Null:
		return "NULL"
	case v.Truncated:
		return cellText(v, col) + " (" + humanize.Bytes(v.Size) + ")"
	}
	return cellText(v, col)
}
