package tui

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// exportRequest is what an export needs from the view that starts it: a
// table grid (grid_export.go) or a query result. The view builds it; the
// export dialog asks for the format and the file and runs it.
type exportRequest struct {
	// name names the rows: the default file name starts with it
	// (scores-2026-11-29T10-15-00.csv) and titles show it.
	name string
	// detail says which rows, e.g. "where level_id = 3 · sort score ↓";
	// shown in the dialog, may be "".
	detail string
	// open opens the rows; it runs in the export's command, whose ctx
	// lives as long as the export, and the source is closed afterwards
	// when it is an io.Closer.
	open func(ctx context.Context) (export.Source, error)
	// total is how many rows are expected (0: unknown); exact says it is a
	// count, not an estimate; atMost says it is only an upper bound (the
	// table's count under a filter).
	total  int64
	exact  bool
	atMost bool
	// table is the table SQL INSERT statements fill ("": name).
	table string
	// createTable reads the table's CREATE TABLE for the SQL format; nil
	// when there is none to offer (a query result).
	createTable func(ctx context.Context) (string, error)
}

// openExport opens the export dialog for req. A view wires its export key
// to it: the table grid does, and a query result view does the same with
// a request whose open runs its query.
func openExport(c *common, req exportRequest) (Intent, tea.Cmd) {
	d, cmd := newExportDialog(c, req, time.Now())
	return openDialog{d: d}, cmd
}

// Fields of the export dialog, in tab order.
const (
	exportFieldFormat = iota
	exportFieldFile
	exportFieldOption // NULL text (CSV) or CREATE TABLE (SQL); absent otherwise
)

// exportDialog asks for the format and the file name, and before
// replacing an existing file asks y/N; then it hands over to the progress
// dialog.
type exportDialog struct {
	dialogBase
	c       *common
	req     exportRequest
	format  int // index into export.Formats
	file    field
	null    textinput.Model
	create  bool // SQL: write the CREATE TABLE first
	focus   int
	err     string
	stamp   string // the time part of the default file name
	asking  string // the existing file the y/N question is about
	checkID int    // the existence check in flight
}

// exportTargetCheckedMsg says whether the chosen file exists.
type exportTargetCheckedMsg struct {
	target, seq int
	path        string
	exists      bool
	err         error
}

func (m exportTargetCheckedMsg) to() int { return m.target }

func newExportDialog(c *common, req exportRequest, now time.Time) (*exportDialog, tea.Cmd) {
	d := &exportDialog{dialogBase: newDialogBase(c), c: c, req: req, stamp: now.Format("2006-01-02T15-04-05"), focus: exportFieldFile}
	d.file = newField(c, "file name", d.defaultName(export.Formats[0]))
	d.null = newInput(c, "(empty field)")
	d.null.CharLimit = 20
	return d, d.file.Focus()
}

// defaultName is name-time.ext in the working directory, the name made
// safe for a file name.
func (d *exportDialog) defaultName(f export.Format) string {
	base := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, sanitize.Input(d.req.name))
	if base == "" || base == "." || base == ".." {
		base = "export"
	}
	return base + "-" + d.stamp + f.Extension()
}

func (d *exportDialog) chosen() export.Format { return export.Formats[d.format] }

// fields is the number of fields the chosen format has.
func (d *exportDialog) fields() int {
	switch d.chosen() {
	case export.CSV:
		return 3
	case export.SQL:
		if d.req.createTable != nil {
			return 3
		}
	}
	return 2
}

func (d *exportDialog) setFocus(i int) tea.Cmd {
	n := d.fields()
	d.focus = (i + n) % n
	d.file.Blur()
	d.null.Blur()
	switch {
	case d.focus == exportFieldFile:
		return d.file.Focus()
	case d.focus == exportFieldOption && d.chosen() == export.CSV:
		return d.null.Focus()
	}
	return nil
}

// setFormat changes the format by delta and the file name's extension
// with it, when the name still ends with the old one.
func (d *exportDialog) setFormat(delta int) {
	old := d.chosen()
	d.format = (d.format + delta + len(export.Formats)) % len(export.Formats)
	if name := d.file.Value(); strings.HasSuffix(name, old.Extension()) {
		d.file.SetValue(strings.TrimSuffix(name, old.Extension()) + d.chosen().Extension())
	}
	if d.focus >= d.fields() {
		d.focus = exportFieldFile
	}
}

// HandleKey moves between the fields, changes the choices, and on enter
// checks the file before starting.
func (d *exportDialog) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := d.c.keys
	if d.asking != "" {
		path := d.asking
		d.asking = ""
		if key.Matches(msg, k.Form.Yes) {
			return d.start(path, true)
		}
		d.err = "not overwritten: choose another name"
		return nil, d.setFocus(exportFieldFile)
	}
	if d.checkID != 0 {
		if key.Matches(msg, k.Form.Cancel) {
			return d.cancel()
		}
		return nil, nil
	}
	choice := d.focus == exportFieldFormat || d.focus == exportFieldOption && d.chosen() == export.SQL
	switch {
	case key.Matches(msg, k.Form.Cancel):
		return d.cancel()
	case key.Matches(msg, k.Form.Next):
		return nil, d.setFocus(d.focus + 1)
	case key.Matches(msg, k.Form.Prev):
		return nil, d.setFocus(d.focus - 1)
	case key.Matches(msg, k.Form.Confirm):
		return d.confirm()
	case choice && (key.Matches(msg, k.Nav.Left) || key.Matches(msg, k.Nav.Right)):
		delta := 1
		if key.Matches(msg, k.Nav.Left) {
			delta = -1
		}
		if d.focus == exportFieldFormat {
			d.setFormat(delta)
		} else {
			d.create = !d.create
		}
		return nil, nil
	}
	d.err = ""
	switch d.focus {
	case exportFieldFile:
		return nil, d.file.Update(msg)
	case exportFieldOption:
		if d.chosen() == export.CSV {
			return nil, updateInput(&d.null, msg)
		}
	}
	return nil, nil
}

func (d *exportDialog) cancel() (Intent, tea.Cmd) {
	return intents{closeDialog{}, notice{level: levelInfo, text: "export cancelled: nothing written"}}, nil
}

// confirm checks the form and whether the file exists (in a command: the
// file system is I/O).
func (d *exportDialog) confirm() (Intent, tea.Cmd) {
	path := strings.TrimSpace(d.file.Value())
	switch {
	case path == "":
		d.err = "name the file"
		return nil, nil
	case strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(filepath.Separator)):
		d.err = "that is a directory: name a file in it"
		return nil, nil
	}
	if strings.ContainsAny(d.null.Value(), ",\"\r\n") {
		d.err = "the NULL text may not contain a comma or a quote"
		return nil, nil
	}
	d.checkID = d.c.nextID()
	return nil, checkExportTarget(d.id(), d.checkID, path)
}

// checkExportTarget finds out whether something is at path already.
func checkExportTarget(target, seq int, path string) tea.Cmd {
	return func() tea.Msg {
		exists, err := export.Exists(path)
		return exportTargetCheckedMsg{target: target, seq: seq, path: path, exists: exists, err: err}
	}
}

// Update takes the existence check, and pastes.
func (d *exportDialog) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		switch {
		case d.focus == exportFieldFile:
			return nil, d.file.Update(msg)
		case d.focus == exportFieldOption && d.chosen() == export.CSV:
			return nil, updateInput(&d.null, msg)
		}
	case exportTargetCheckedMsg:
		if msg.seq != d.checkID {
			return nil, nil
		}
		d.checkID = 0
		switch {
		case msg.err != nil:
			d.err = msg.err.Error()
		case msg.exists:
			d.asking = msg.path
		default:
			return d.start(msg.path, false)
		}
	}
	return nil, nil
}

// start hands over to the progress dialog, which runs the export.
func (d *exportDialog) start(path string, overwrite bool) (Intent, tea.Cmd) {
	opts := export.Options{Format: d.chosen(), NullText: d.null.Value(), Table: d.req.table}
	if opts.Table == "" {
		opts.Table = d.req.name
	}
	p, cmd := newExportProgress(d.c, d.req, opts, d.create && d.chosen() == export.SQL, path, overwrite)
	return openDialog{d: p}, cmd
}

// ShortHelp is the dialog's one-line help.
func (d *exportDialog) ShortHelp(k *KeyMap) []key.Binding {
	if d.asking != "" {
		return []key.Binding{k.Form.Yes, k.Form.Cancel}
	}
	return []key.Binding{k.Form.Next, k.Form.Confirm, k.Form.Cancel}
}

// View renders the form, or the overwrite question.
func (d *exportDialog) View(w, _ int) []string {
	s := d.c.styles
	k := d.c.keys
	title := "Export " + sanitize.Line(d.req.name)
	lines := []string{exportCountText(d.req)}
	if d.req.detail != "" {
		lines[0] += " · " + d.req.detail
	}
	lines = append(lines, "")
	if d.asking != "" {
		lines = append(lines, layout.Wrap(sanitize.Line(d.asking)+" exists already. Replace it?", max(w-6, 20))...)
		lines = append(lines, "", "Overwrite?  "+keyName(k.Form.Yes)+" / N")
		return layout.Dialog(title, lines, w, s.Pane.BorderActive, s.Modal.Title)
	}
	mark := func(i int, label string) string {
		if d.focus == i {
			return s.Modal.Title.Render("› " + label)
		}
		return "  " + label
	}
	var formats []string
	for i, f := range export.Formats {
		name := " " + f.Name() + " "
		if i == d.format {
			// Brackets as well as the colour: the choice shows without colours too.
			name = s.Modal.Selected.Render("[" + f.Name() + "]")
		}
		formats = append(formats, name)
	}
	lines = append(lines, mark(exportFieldFormat, "Format   ")+strings.Join(formats, " "))
	d.file.SetWidth(max(min(w-20, 60), 10))
	lines = append(lines, mark(exportFieldFile, "File     ")+d.file.View())
	switch d.chosen() {
	case export.CSV:
		d.null.SetWidth(20)
		lines = append(lines, mark(exportFieldOption, "NULL as  ")+d.null.View())
	case export.SQL:
		if d.req.createTable != nil {
			box := "[ ] "
			if d.create {
				box = "[x] "
			}
			lines = append(lines, mark(exportFieldOption, "Include  ")+box+"CREATE TABLE")
		}
	}
	if d.err != "" {
		lines = append(lines, s.Modal.Destructive.Render(sanitize.Line(d.err)))
	}
	help := keyName(k.Form.Next) + " next field · " + keyName(k.Nav.Left) + " " + keyName(k.Nav.Right) + " choose · " +
		keyName(k.Form.Confirm) + " export · " + keyName(k.Form.Cancel) + " cancel"
	if d.checkID != 0 {
		help = d.c.spin + " checking the file…"
	}
	lines = append(lines, "", s.Modal.Muted.Render(help))
	return layout.Dialog(title, lines, w, s.Pane.BorderActive, s.Modal.Title)
}

// exportCountText says how many rows an export will write, as far as it is
// known.
func exportCountText(req exportRequest) string {
	switch {
	case req.total <= 0 && !req.exact:
		return "all rows"
	case req.exact:
		return humanize.Plural(req.total, "row")
	case req.atMost:
		return "at most ~" + humanize.Plural(req.total, "row")
	}
	return "~" + humanize.Plural(req.total, "row")
}
