package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"

	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/highlight"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// structureView shows a table's columns, indexes, foreign keys both ways
// and its CREATE TABLE statement in a scrollable viewport. The tables fit
// the width (cut cells end with an ellipsis) and the statement wraps.
type structureView struct {
	viewBase
	c        *common
	table    string
	info     *store.TableInfo
	ddl      string
	triggers []store.Trigger
	loaded   bool
	vp       viewport.Model
	orphans  orphanCounts
}

func newStructureView(c *common, table string) *structureView {
	return &structureView{viewBase: newBase(c, sanitize.Line(table)+" structure"), c: c, table: table, vp: viewport.New()}
}

// Title names the view.
func (v *structureView) Title() string { return "Structure" }

// Table is the table described.
func (v *structureView) Table() string { return v.table }

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
func (v *structureView) Reload() tea.Cmd {
	return loadStructure(v.c, v.id, v.begin(v.c), v.table)
}

// Update takes the structure, and the orphan counts it asked for.
func (v *structureView) Update(msg tea.Msg) (Intent, tea.Cmd) {
	if m, ok := msg.(orphansCountedMsg); ok {
		it, ok := v.orphans.take(m)
		if ok && v.loaded {
			v.vp.SetContentLines(v.render())
		}
		return it, nil
	}
	m, ok := msg.(structureLoadedMsg)
	if !ok || !v.accept(m.seq, m.err) {
		return nil, nil
	}
	if m.info != nil {
		v.c.catalog.put(v.table, m.info, m.gen)
	}
	if m.err != nil {
		return failure{err: m.err}, nil
	}
	v.info, v.ddl, v.triggers, v.loaded = m.info, m.ddl, m.triggers, true
	v.vp.SetContentLines(v.render())
	return success{}, nil
}

// render lays the structure out as lines.
func (v *structureView) render() []string {
	s := v.c.styles
	info := v.info
	if info == nil {
		info = &store.TableInfo{Name: v.table}
	}
	h := func(t string) string { return s.Grid.Header.Render(t) }
	w := max(v.w-2, 20)
	var out []string
	out = append(out, h("Columns"))
	var rows [][]string
	for _, c := range info.Columns {
		null := "NO"
		if c.Nullable {
			null = "YES"
		}
		def := "—"
		if c.Default != nil {
			def = sanitize.Line(*c.Default)
		}
		rows = append(rows, []string{sanitize.Line(c.Name), sanitize.Line(c.Type), null, def, sanitize.Line(c.Key), sanitize.Line(c.Extra)})
	}
	out = append(out, v.grid([]string{"name", "type", "null", "default", "key", "extra"}, rows, w)...)

	out = append(out, "", h("Indexes"))
	rows = nil
	for _, ix := range info.Indexes {
		u := ""
		switch {
		case ix.Primary:
			u = "primary"
		case ix.Unique:
			u = "unique"
		}
		rows = append(rows, []string{sanitize.Line(ix.Name), sanitize.Line(strings.Join(ix.Columns, ", ")), u})
	}
	out = append(out, v.grid([]string{"name", "columns", "unique"}, rows, w)...)

	out = append(out, "", h("References (this table → parent)"))
	out = append(out, v.fkLines(info.Outgoing, false, w)...)
	out = append(out, "", h("Referenced by (child → this table)"))
	out = append(out, v.fkLines(info.Incoming, true, w)...)
	if len(v.uncheckedRelations()) > 0 && !v.orphans.any() {
		out = append(out, "", s.Muted.Render("  declared and inferred relations have no constraint: "+
			keyName(v.c.keys.Data.Orphans)+" counts their rows without a parent"))
	}

	if !info.View {
		out = append(out, "", h("Triggers"))
		rows = nil
		for _, t := range v.triggers {
			rows = append(rows, []string{sanitize.Line(t.Name), sanitize.Line(t.Timing), sanitize.Line(t.Event), sanitize.Line(t.Statement)})
		}
		out = append(out, v.grid([]string{"name", "timing", "event", "statement"}, rows, w)...)
	}

	title := "CREATE TABLE"
	if info.View {
		title = "Definition"
		if info.KeyFrom != "" {
			out = append(out, "", s.Muted.Render("  pages by the key of "+sanitize.Line(info.KeyFrom)+": "+sanitize.Line(strings.Join(info.PrimaryKey, ", "))))
		} else {
			out = append(out, "", s.Muted.Render("  no key of its own: pages by OFFSET"))
		}
	}
	out = append(out, "", h(title))
	out = append(out, layout.Wrap(highlight.SQL(sanitize.Lines(v.ddl), s.Code), w)...)
	for i := range out {
		out[i] = " " + out[i]
	}
	return out
}

// fkLines lists relations with their origin (fk, declared, inferred) and,
// once counted, their orphans.
func (v *structureView) fkLines(fks []store.ForeignKey, incoming bool, w int) []string {
	var rows [][]string
	for _, fk := range fks {
		from := sanitize.Line(strings.Join(fk.Columns, ", "))
		if incoming {
			from = sanitize.Line(fk.Table) + "(" + from + ")"
		}
		to := sanitize.Line(fk.RefTable) + "(" + sanitize.Line(strings.Join(fk.RefColumns, ", ")) + ")"
		name := sanitize.Line(fk.Name)
		if name == "" {
			name = "—"
		}
		row := []string{name, from, to, fk.Origin.String(), sanitize.Line(fk.OnUpdate), sanitize.Line(fk.OnDelete)}
		if v.orphans.any() {
			row = append(row, v.orphans.label(fk))
		}
		rows = append(rows, row)
	}
	headers := []string{"name", "columns", "references", "origin", "on update", "on delete"}
	if v.orphans.any() {
		headers = append(headers, "orphans")
	}
	narrowColumn(headers, rows, 0, 8, w)
	return v.grid(headers, rows, w)
}

// narrowColumn cuts the cells of column col (to no less than minW) until
// the table fits w, before the table would shrink every column: a
// relation's name matters less than its columns and its origin.
func narrowColumn(headers []string, rows [][]string, col, minW, w int) {
	natural, colW := 0, 0
	for i := range headers {
		cw := layout.Width(headers[i])
		for _, r := range rows {
			cw = max(cw, layout.Width(r[i]))
		}
		natural += cw + 2
		if i == col {
			colW = cw
		}
	}
	target := max(colW-(natural-w), minW, layout.Width(headers[col]))
	if natural <= w || target >= colW {
		return
	}
	for _, r := range rows {
		r[col] = layout.Truncate(r[col], target)
	}
}

// uncheckedRelations are the table's relations that no constraint checks.
func (v *structureView) uncheckedRelations() []store.ForeignKey {
	if v.info == nil {
		return nil
	}
	return unchecked(append(slices.Clone(v.info.Outgoing), v.info.Incoming...))
}

// grid renders rows under headers as a borderless table at most w wide,
// or "none".
func (v *structureView) grid(headers []string, rows [][]string, w int) []string {
	s := v.c.styles
	if len(rows) == 0 {
		return []string{s.Muted.Render("  none")}
	}
	natural := 0
	for i := range headers {
		cw := layout.Width(headers[i])
		for _, r := range rows {
			cw = max(cw, layout.Width(r[i]))
		}
		natural += cw + 2
	}
	t := table.New().
		Border(lipgloss.HiddenBorder()).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).BorderHeader(false).
		Headers(headers...).Rows(rows...).Wrap(false).
		StyleFunc(func(row, _ int) lipgloss.Style {
			st := lipgloss.NewStyle().PaddingRight(1)
			if row == table.HeaderRow {
				return st.Inherit(s.Muted)
			}
			return st
		})
	if natural > w {
		t = t.Width(w)
	}
	return strings.Split(t.Render(), "\n")
}

// HandleKey scrolls.
func (v *structureView) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	k := v.c.keys
	switch {
	case scrollViewport(&v.vp, &k.Nav, msg, true):
	case key.Matches(msg, k.Data.Orphans):
		rels := v.uncheckedRelations()
		if len(rels) == 0 || v.orphans.busy() {
			return nil, nil
		}
		cmd := v.orphans.start(v.c, v.id, rels)
		v.vp.SetContentLines(v.render())
		return nil, cmd
	default:
		return ignored, nil
	}
	return nil, nil
}

// Keys enables scrolling, and counting orphans when a relation has no
// constraint.
func (v *structureView) Keys(ctx *keyContext) {
	ctx.canMove = v.loaded
	ctx.canOrphans = v.loaded && len(v.uncheckedRelations()) > 0
}

// ShortHelp is the structure's one-line help.
func (v *structureView) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Nav.Up, k.Nav.Down, k.Nav.PageDown, k.Data.Orphans, k.Nav.Back, k.Global.Help, k.Global.Quit}
}

// View renders the viewport.
func (v *structureView) View() []string {
	switch {
	case !v.loaded && v.err != nil:
		return errorLines(v.c, v.err, v.w)
	case !v.loaded:
		return loadingLines(v.c, "structure of "+sanitize.Line(v.table))
	}
	return strings.Split(v.vp.View(), "\n")
}
