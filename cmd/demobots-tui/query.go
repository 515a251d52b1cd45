package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
)

// queryBlock is how many rows query reads and writes at a time: the
// output flushes after each block, so rows appear while the query runs.
const queryBlock = 500

func newQueryCommand(a *app) *cobra.Command {
	var format string
	var yes bool
	cmd := &cobra.Command{
		Use:   `query [--format table|csv|json|jsonl] [--yes] ["SQL"]`,
		Short: "Run SQL (the argument, or standard input) and print what it returns, streaming",
		Long: `Run SQL and print what it returns, for scripts: the statements of the argument, or of standard
input when there is none, run in order on one connection, stopping at the first error (exit 1 with the
server's error). Rows stream: they are written as the server sends them, whatever their number.

Formats: table (aligned columns; widths from the first rows, longer values overflow; binary values
0x-hex), and the export command's csv (RFC 4180: a header row, CRLF line ends, NULL as an empty
unquoted field, '' as "", binary values as hex), json (an array of objects per statement that returns
rows) and jsonl (one object a line). In JSON, NULL is null, integers and floats are numbers, DECIMAL
values strings (no digit is lost), JSON values are embedded, binary values base64.

Writes run in one transaction, committed when every statement has run (rolled back on an error or an
interrupt). An UPDATE or DELETE without WHERE, and DDL, run only with --yes. Messages go to standard
error; standard output holds only the rows.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("%s: give the SQL as one argument (quote it), or on standard input", cmd.Name())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			enc, err := parseQueryFormat(format)
			if err != nil {
				return err
			}
			var sqlText string
			if len(args) == 1 {
				sqlText = args[0]
			} else {
				if isTerminal(a.io.in) {
					return usagef("query: give the SQL as an argument, or pipe it to standard input")
				}
				b, err := io.ReadAll(a.io.in)
				if err != nil {
					return fmt.Errorf("read the SQL from standard input: %w", err)
				}
				sqlText = string(b)
			}
			return runQuery(cmd.Context(), a, sqlText, enc, yes)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output `format`: table, csv, json or jsonl")
	cmd.Flags().BoolVar(&yes, "yes", false, "run an UPDATE or DELETE without WHERE, or DDL")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"table", "csv", "json", "jsonl"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runQuery(ctx context.Context, a *app, sqlText string, enc queryFormat, yes bool) (err error) {
	spans := store.SplitStatements(sqlText)
	if len(spans) == 0 {
		return usagef("query: there is no SQL statement to run")
	}
	if !yes {
		for _, sp := range spans {
			if st := store.Classify(sp.Text); st.NeedsConfirmation() {
				what := "it touches every row"
				if st.Kind == store.KindDDL {
					what = "DDL cannot be rolled back"
				}
				return usagef("query: %s needs --yes (%s): %s", st.Verb, what, oneLine(sp.Text))
			}
		}
	}
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	se, err := c.store.Session(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = se.Close() }() // rolls back what is not committed
	se.SetWholeValues(true)
	out := bufio.NewWriterSize(a.io.out, 64<<10)
	defer func() {
		if ferr := out.Flush(); err == nil && ferr != nil {
			err = fmt.Errorf("write the rows: %w", ferr)
		}
	}()
	changed := int64(0)
	wrote := false
	for _, sp := range spans {
		r, err := se.Query(ctx, sp.Text)
		if err != nil {
			return interrupted(ctx, err)
		}
		if r.InTransaction {
			changed += r.RowsAffected
			fmt.Fprintf(a.io.err, "%s: %s changed\n", r.Statement.Verb, humanize.Plural(r.RowsAffected, "row"))
		}
		if !r.HasRows() {
			_ = r.Close()
			continue
		}
		n, err := writeResult(ctx, a, out, enc, r, wrote)
		_ = r.Close()
		wrote = true
		if err != nil {
			return interrupted(ctx, err)
		}
		a.log.Info("Query rows written", "statement", r.Statement.Verb, "rows", n)
	}
	if open, _ := se.InTransaction(); open {
		if _, err := se.Commit(ctx); err != nil {
			return interrupted(ctx, err)
		}
		fmt.Fprintf(a.io.err, "Committed: %s changed.\n", humanize.Plural(changed, "row"))
	}
	return nil
}

// writeResult writes one result in format f: through the export writers,
// or as a table. after says whether an earlier result was written.
func writeResult(ctx context.Context, a *app, out *bufio.Writer, f queryFormat, r *store.Result, after bool) (int64, error) {
	if f.table {
		return writeRows(ctx, out, &tableEncoder{}, r, after)
	}
	if after {
		if _, err := out.WriteString(f.separator()); err != nil {
			return 0, fmt.Errorf("write the rows: %w", err)
		}
	}
	// export.Write buffers on its own: what it writes goes straight out,
	// after what is already buffered here.
	if err := out.Flush(); err != nil {
		return 0, fmt.Errorf("write the rows: %w", err)
	}
	st, err := export.Write(ctx, a.io.out, export.ResultSource{Result: r}, export.Options{Format: f.export, Batch: queryBlock})
	return st.Rows, err
}

// writeRows streams a result through enc, flushing after each block;
// after says whether an earlier result was written.
func writeRows(ctx context.Context, out *bufio.Writer, enc *tableEncoder, r *store.Result, after bool) (int64, error) {
	var n int64
	if err := enc.begin(out, r.Columns, after); err != nil {
		return 0, err
	}
	for !r.Done() {
		rows, err := r.Next(ctx, queryBlock)
		for _, row := range rows {
			if err := enc.row(out, row); err != nil {
				return n, fmt.Errorf("write the rows: %w", err)
			}
		}
		n += int64(len(rows))
		if err != nil {
			return n, err
		}
		if err := out.Flush(); err != nil {
			return n, fmt.Errorf("write the rows: %w", err)
		}
	}
	return n, enc.end(out)
}

// interrupted makes an error of a statement that a signal stopped an
// interruption (exit 130) rather than a failure.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w: %v", ctx.Err(), err)
	}
	return err
}

// oneLine is a statement on one line, shortened for a message.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}
