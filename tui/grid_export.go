package tui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// export opens the export dialog for every row the grid shows: its filters
// and sort, the whole table and not just the loaded pages, read again in
// full by a stream.
func (g *grid) export() (Intent, tea.Cmd) {
	if len(g.columns) == 0 {
		return notice{level: levelInfo, text: "the table is still loading; export in a moment"}, nil
	}
	// A grid reloading after a refresh has no description yet: the
	// export's command reads one.
	st, info, table := g.c.store, g.info, g.table
	q := g.query()
	q.Limit = 0 // the stream's own page size
	req := exportRequest{
		name:   table,
		table:  table,
		detail: g.exportDetail(),
		open: func(ctx context.Context) (export.Source, error) {
			info := info
			if info == nil {
				var err error
				if info, err = st.Describe(ctx, table); err != nil {
					return nil, err
				}
			}
			src, err := st.StreamRows(ctx, info, q)
			if err != nil {
				return nil, err
			}
			return src, nil
		},
		createTable: func(ctx context.Context) (string, error) { return st.CreateTableSQL(ctx, table) },
	}
	if info != nil && info.View {
		// SHOW CREATE TABLE of a view is its CREATE VIEW: nothing to
		// insert rows into.
		req.createTable = nil
	}
	if n, ok := g.total(); ok {
		req.total, req.exact = n, true
	} else if t, ok := g.c.catalog.table(table); ok {
		req.total, req.exact, req.atMost = t.Rows, t.Exact && len(g.filters) == 0, len(g.filters) > 0
	}
	return openExport(g.c, req)
}

// exportDetail says which rows the grid shows: its filters and sort.
func (g *grid) exportDetail() string {
	var parts []string
	if len(g.filters) > 0 {
		fs := make([]string, len(g.filters))
		for i, f := range g.filters {
			fs[i] = filterText(g.info, f)
		}
		parts = append(parts, "where "+strings.Join(fs, " and "))
	}
	if g.sort != nil {
		dir := "↑"
		if g.sort.Desc {
			dir = "↓"
		}
		parts = append(parts, "sort "+sanitize.Line(g.sort.Column)+" "+dir)
	}
	return strings.Join(parts, " · ")
}
