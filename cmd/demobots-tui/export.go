package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
)

// exportFlags are the export command's flags.
type exportFlags struct {
	table       string
	where       whereFlags
	format      string
	out         string
	null        string
	createTable bool
	sort        string
	desc        bool
	force       bool
}

func newExportCommand(a *app) *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export --table T [--where COND ...] [--format csv|jsonl|json|sql] [--out FILE]",
		Short: "Write every row of a table (or those --where selects) as CSV, JSON Lines, a JSON array or SQL INSERT statements",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExport(cmd.Context(), a, f)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.table, "table", "", "the `table` to export (required)")
	fs.Var(&f.where, "where", "keep rows where `COND` holds: COL=VALUE, COL!=VALUE, COL<VALUE, COL<=VALUE, COL>VALUE, COL>=VALUE, 'COL LIKE PATTERN', 'COL IS NULL', 'COL IS NOT NULL'; repeat for more (all must hold)")
	fs.StringVar(&f.format, "format", "csv", "output `format`: csv, jsonl, json or sql")
	fs.StringVar(&f.out, "out", "", "write to `file` (it appears only when complete) instead of standard output")
	fs.StringVar(&f.null, "null", "", "CSV: write NULL as this `text` (default: an empty field; the empty string is \"\")")
	fs.BoolVar(&f.createTable, "create-table", false, "SQL: write the table's CREATE TABLE before the INSERT statements")
	fs.StringVar(&f.sort, "sort", "", "order the rows by this `column` (default: the primary key)")
	fs.BoolVar(&f.desc, "desc", false, "with --sort: descending")
	fs.BoolVar(&f.force, "force", false, "with --out: replace the file if it exists")
	_ = cmd.MarkFlagFilename("out", "csv", "jsonl", "json", "sql")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(
		[]cobra.Completion{"csv", "jsonl", "json", "sql"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// whereFlags collects repeated --where conditions as store filters, so
// their values are always placeholders, never spliced into SQL.
type whereFlags []store.Filter

// String lists the conditions ("" for none, so help shows no default).
func (w *whereFlags) String() string {
	parts := make([]string, len(*w))
	for i, f := range *w {
		parts[i] = strings.TrimSpace(f.Column + " " + string(f.Op) + " " + f.Value)
	}
	return strings.Join(parts, " AND ")
}

// Type names the flag's value in help.
func (w *whereFlags) Type() string { return "COND" }

// Set parses one condition.
func (w *whereFlags) Set(s string) error {
	f, err := parseWhere(s)
	if err != nil {
		return err
	}
	*w = append(*w, f)
	return nil
}

// parseWhere reads COL=VALUE (and the other comparisons), COL LIKE
// PATTERN, COL IS NULL and COL IS NOT NULL. The column is everything
// before the operator, trimmed; the value everything after it, as typed.
func parseWhere(s string) (store.Filter, error) {
	upper := strings.ToUpper(s)
	for _, suffix := range []struct {
		text string
		op   store.Op
	}{{" IS NOT NULL", store.OpNotNull}, {" IS NULL", store.OpIsNull}} {
		if strings.HasSuffix(strings.TrimSpace(upper), suffix.text) {
			col := strings.TrimSpace(s[:len(strings.TrimSpace(s))-len(suffix.text)])
			if col == "" {
				break
			}
			return store.Filter{Column: col, Op: suffix.op}, nil
		}
	}
	if i := strings.Index(upper, " LIKE "); i > 0 {
		return store.Filter{Column: strings.TrimSpace(s[:i]), Op: store.OpLike, Value: s[i+len(" LIKE "):]}, nil
	}
	i := strings.IndexAny(s, "=!<>")
	if i <= 0 || strings.TrimSpace(s[:i]) == "" {
		return store.Filter{}, fmt.Errorf("%q: write COL=VALUE (or !=, <, <=, >, >=, LIKE, IS NULL, IS NOT NULL)", s)
	}
	col, rest := strings.TrimSpace(s[:i]), s[i:]
	for _, op := range []store.Op{store.OpNe, store.OpLe, store.OpGe, store.OpEq, store.OpLt, store.OpGt} {
		if strings.HasPrefix(rest, string(op)) {
			return store.Filter{Column: col, Op: op, Value: rest[len(op):]}, nil
		}
	}
	return store.Filter{}, fmt.Errorf("%q: unknown comparison; use =, !=, <, <=, >, >=", s)
}

func runExport(ctx context.Context, a *app, f exportFlags) error {
	io := a.io
	if f.table == "" {
		return usagef("export: name the table with --table")
	}
	format, err := export.ParseFormat(f.format)
	if err != nil {
		return usagef("export: %v", err)
	}
	if f.desc && f.sort == "" {
		return usagef("export: --desc needs --sort")
	}
	if f.out != "" && !f.force {
		if exists, err := export.Exists(f.out); err != nil {
			return err
		} else if exists {
			return fmt.Errorf("%s exists already: choose another --out, or add --force to replace it", f.out)
		}
	}
	// The embedded engine starts seeded, so that there is something to
	// export without a server.
	c, err := a.open(ctx, true, true)
	if err != nil {
		return err
	}
	defer c.Close()
	if c.warning != "" {
		fmt.Fprintf(io.err, "Warning: %s.\n", c.warning)
	}
	info, err := c.store.Describe(ctx, f.table)
	if err != nil {
		return err
	}
	opts := export.Options{Format: format, NullText: f.null, Table: f.table}
	if f.createTable && format == export.SQL {
		if opts.CreateTable, err = c.store.CreateTableSQL(ctx, f.table); err != nil {
			return err
		}
	}
	q := store.RowQuery{Table: f.table, Filters: f.where}
	if f.sort != "" {
		q.Sort = &store.Sort{Column: f.sort, Desc: f.desc}
	}
	src, err := c.store.StreamRows(ctx, info, q)
	if err != nil {
		return err
	}
	defer func() { _ = src.Close() }()

	w := io.out
	var file *export.File
	if f.out != "" {
		if file, err = export.Create(f.out); err != nil {
			return err
		}
		defer func() { _ = file.Abort() }()
		w = file
	}
	pr := &exportProgress{w: io.err, tty: isTerminal(io.err), start: time.Now()}
	opts.Progress = pr.report
	stats, err := export.Write(ctx, w, src, opts)
	pr.done()
	logDone(a.log, "export", pr.start, err, "table", f.table, "format", string(format), "rows", stats.Rows, "bytes", stats.Bytes)
	if err != nil {
		if f.out != "" {
			return fmt.Errorf("%w (nothing written to %s)", err, f.out)
		}
		return err
	}
	dest := "standard output"
	if file != nil {
		if err := file.Commit(f.force); err != nil {
			return err
		}
		dest = f.out
	}
	fmt.Fprintf(io.err, "Exported %s of %s (%s, %s) to %s in %.1fs.\n", humanize.Plural(stats.Rows, "row"), f.table,
		format.Name(), humanize.Bytes(stats.Bytes), dest, time.Since(pr.start).Seconds())
	return nil
}

// exportProgress draws the rows written so far on a terminal, redrawn in
// place at most 10 times a second; elsewhere it stays quiet.
type exportProgress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	start time.Time
	last  time.Time
	drawn bool
}

func (p *exportProgress) report(st export.Stats) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	rate := float64(st.Rows) / max(now.Sub(p.start).Seconds(), 0.001)
	fmt.Fprintf(p.w, "\r\x1b[K%s rows · %s · %s rows/s", thousands(st.Rows), humanize.Bytes(st.Bytes), thousands(int64(rate)))
	p.drawn = true
}

// done clears the progress line.
func (p *exportProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
