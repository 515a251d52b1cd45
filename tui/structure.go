package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/store"
)

// structureView shows a table's columns, indexes, foreign keys both ways
// and its CREATE TABLE statement in a scrollable viewport.
type structureView struct {
	viewBase
	c      *common
	table  string
	info   *store.TableInfo
	ddl    string
	loaded bool
	vp     viewport.Model
}

func newStructureView(c *common, table string) *structureView {
	v := &structureView{viewBase: newBase(c, sanitize(table)+" structure"), c: c, table: table, vp: viewport.New()}
	v.vp.SetHorizontalStep(4)
	return v
}

func (v *structureView) kind() viewKind { return viewStructure }

// SetSize sets the body size.
func (v *structureView) SetSize(w, h int) {
	v.w, v.h = w, h
	v.vp.SetWidth(w)
	v.vp.SetHeight(h)
	if v.loaded {
		v.vp.SetContentLines(v.render())
	}
}

// Reload fetches the catalog entry and the DDL.
func (v *structureView) Reload(*Model) tea.Cmd {
	return loadStructure(v.c, v.id, v.begin(v.c), v.table)
}

func (v *structureView) setStructure(m *Model, msg structureLoadedMsg) tea.Cmd {
	if !v.accept(msg.seq, msg.err) {
		return nil
	}
	if msg.err != nil {
		return m.fail(msg.err)
	}
	v.info, v.ddl, v.loaded = msg.info, msg.ddl, true
	if msg.info != nil {
		v.c.infos[v.table] = msg.info
	}
	v.vp.SetContentLines(v.render())
	return m.succeeded()
}

// render lays the structure out as lines.
func (v *structureView) render() []string {
	s := v.c.styles
	info := v.info
	if info == nil {
		info = &store.TableInfo{Name: v.table}
	}
	h := func(t string) string { return s.Grid.Header.Render(t) }
	var out []string
	out = append(out, h("Columns"))
	rows := [][]string{{"name", "type", "null", "default", "key", "extra"}}
	for _, c := range info.Columns {
		null := "NO"
		if c.Nullable {
			null = "YES"
		}
		def := s.Muted.Render("—")
		if c.Default != nil {
			def = sanitize(*c.Default)
		}
		rows = append(rows, []string{sanitize(c.Name), sanitize(c.Type), null, def, sanitize(c.Key), sanitize(c.Extra)})
	}
	out = append(out, table(s, rows)...)

	out = append(out, "", h("Indexes"))
	rows = [][]string{{"name", "columns", "unique"}}
	for _, ix := range info.Indexes {
		u := ""
		switch {
		case ix.Primary:
			u = "primary"
		case ix.Unique:
			u = "unique"
		}
		rows = append(rows, []string{sanitize(ix.Name), sanitize(strings.Join(ix.Columns, ", ")), u})
	}
	if len(rows) == 1 {
		out = append(out, s.Muted.Render("  none"))
	} else {
		out = append(out, table(s, rows)...)
	}

	out = append(out, "", h("Foreign keys (this table → parent)"))
	out = append(out, fkLines(s, info.Outgoing, false)...)
	out = append(out, "", h("Referenced by (child → this table)"))
	out = append(out, fkLines(s, info.Incoming, true)...)

	out = append(out, "", h("CREATE TABLE"))
	out = append(out, strings.Split(sanitizeLines(v.ddl), "\n")...)
	for i := range out {
		out[i] = " " + out[i]
	}
	return out
}

func fkLines(s Styles, fks []store.ForeignKey, incoming bool) []string {
	if len(fks) == 0 {
		return []string{s.Muted.Render("  none")}
	}
	rows := [][]string{{"name", "columns", "references", "on update", "on delete"}}
	for _, fk := range fks {
		from := sanitize(strings.Join(fk.Columns, ", "))
		if incoming {
			from = sanitize(fk.Table) + "(" + from + ")"
		}
		to := sanitize(fk.RefTable) + "(" + sanitize(strings.Join(fk.RefColumns, ", ")) + ")"
		rows = append(rows, []string{sanitize(fk.Name), from, to, sanitize(fk.OnUpdate), sanitize(fk.OnDelete)})
	}
	return table(s, rows)
}

// table aligns rows of cells in columns; the first row is the header.
func table(s Styles, rows [][]string) []string {
	widths := []int{}
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansiWidth(c))
		}
	}
	out := make([]string, 0, len(rows))
	for n, r := range rows {
		var sb strings.Builder
		sb.WriteString("  ")
		for i, c := range r {
			if i > 0 {
				sb.WriteString("  ")
			}
			sb.WriteString(fit(c, widths[i]))
		}
		line := strings.TrimRight(sb.String(), " ")
		if n == 0 {
			line = s.Muted.Render(line)
		}
		out = append(out, line)
	}
	return out
}

// HandleKey scrolls.
func (v *structureView) HandleKey(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := v.c.keys
	switch {
	case key.Matches(msg, k.Nav.Up):
		v.vp.ScrollUp(1)
	case key.Matches(msg, k.Nav.Down):
		v.vp.ScrollDown(1)
	case key.Matches(msg, k.Nav.PageUp):
		v.vp.PageUp()
	case key.Matches(msg, k.Nav.PageDown):
		v.vp.PageDown()
	case key.Matches(msg, k.Nav.Top):
		v.vp.GotoTop()
	case key.Matches(msg, k.Nav.Bottom):
		v.vp.GotoBottom()
	case key.Matches(msg, k.Nav.Left):
		v.vp.ScrollLeft(4)
	case key.Matches(msg, k.Nav.Right):
		v.vp.ScrollRight(4)
	}
	return nil
}

// View renders the viewport.
func (v *structureView) View(m *Model) []string {
	switch {
	case !v.loaded && v.err != nil:
		return errorLines(m, v.err, v.w)
	case !v.loaded:
		return loadingLines(m, "structure of "+sanitize(v.table))
	}
	return strings.Split(v.vp.View(), "\n")
}
