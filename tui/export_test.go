package tui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/store"
)

func (h *harness) exportDialog() *exportDialog {
	h.t.Helper()
	d, ok := h.m.dialog.(*exportDialog)
	if !ok {
		h.t.Fatalf("the open dialog is %T, not the export dialog:\n%s", h.m.dialog, h.screen())
	}
	return d
}

func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestExportDialogDefaults: E in a grid asks for the format and a file
// named after the table and the time; the format keys change the
// extension; esc cancels without writing.
func TestExportDialogDefaults(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 30)
	h.openTable("users")
	if !h.m.c.keys.Data.Export.Enabled() {
		t.Fatal("the export key is disabled in a grid")
	}
	h.press("E")
	d := h.exportDialog()
	name := d.file.Value()
	if !regexp.MustCompile(`^users-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.csv$`).MatchString(name) {
		t.Errorf("default name %q", name)
	}
	scr := h.screen()
	for _, want := range []string{"Export users", "20 rows", "CSV", "JSON Lines", "NULL as"} {
		if !strings.Contains(scr, want) {
			t.Errorf("no %q on screen:\n%s", want, scr)
		}
	}
	h.press("shift+tab", "right")
	if d.chosen() != export.JSONLines || !strings.HasSuffix(d.file.Value(), ".jsonl") {
		t.Errorf("right: %s, %q", d.chosen(), d.file.Value())
	}
	h.press("right", "right")
	if d.chosen() != export.SQL || !strings.HasSuffix(d.file.Value(), ".sql") || !strings.Contains(h.screen(), "CREATE TABLE") {
		t.Errorf("SQL: %s, %q\n%s", d.chosen(), d.file.Value(), h.screen())
	}
	h.press("right")
	if d.chosen() != export.CSV || d.file.Value() != name {
		t.Errorf("round the formats: %s, %q", d.chosen(), d.file.Value())
	}
	h.press("esc")
	if h.m.dialog != nil || !strings.Contains(h.m.status.text, "nothing written") {
		t.Errorf("esc: %T, %q", h.m.dialog, h.m.status.text)
	}
}

// TestExportWritesEveryRowShown: the file holds every row the grid's
// filter selects, in its sort order — not just the loaded page.
func TestExportWritesEveryRowShown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newHarness(t, demoStore(), nil, 100, 30)
	g := h.openTable("users")
	g.filters = []store.Filter{{Column: "date_of_birth", Op: store.OpEq, Value: "1999-05-17"}}
	g.sort = &store.Sort{Column: "username", Desc: true}
	h.queue(g.first())
	h.settle()
	if len(g.rows) != 5 {
		t.Fatalf("the grid holds %d rows; the test needs a table bigger than a page", len(g.rows))
	}
	h.press("E")
	if !strings.Contains(h.screen(), "where date_of_birth = '1999-05-17' · sort username ↓") {
		t.Errorf("the dialog does not say which rows:\n%s", h.screen())
	}
	path := filepath.Join(dir, "users.csv")
	h.typeText(path)
	h.press("enter")
	if h.m.dialog != nil {
		t.Fatalf("still open: %T\n%s", h.m.dialog, h.screen())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	if len(lines) != 21 || lines[0] != "id,created_at,username,date_of_birth" ||
		lines[1] != "20,2025-01-20 10:00:00,user_20,1999-05-17" || lines[20] != "1,2025-01-01 10:00:00,user_01,1999-05-17" {
		t.Errorf("the file holds %d lines:\n%s", len(lines), b)
	}
	if !strings.Contains(h.m.status.text, "exported 20 rows") || !strings.Contains(h.m.status.text, path) {
		t.Errorf("status %q", h.m.status.text)
	}
	if es := dirEntries(t, dir); len(es) != 1 {
		t.Errorf("left in the directory: %v", es)
	}
}

// TestExportSQLWithCreateTable: the SQL format offers the table's CREATE
// TABLE and writes it before the INSERT statements.
func TestExportSQLWithCreateTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newHarness(t, demoStore(), nil, 100, 30)
	h.openTable("users")
	h.press("E", "shift+tab", "left")
	h.press("tab", "tab", "right") // to the CREATE TABLE choice, on
	if !h.exportDialog().create {
		t.Fatalf("CREATE TABLE not chosen:\n%s", h.screen())
	}
	h.press("shift+tab")
	path := filepath.Join(dir, "users.sql")
	h.typeText(path)
	h.press("enter")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, h.screen())
	}
	out := string(b)
	if !strings.Contains(out, "CREATE TABLE `users` (") || !strings.Contains(out, "INSERT INTO `users` (`id`, `created_at`, `username`, `date_of_birth`) VALUES\n(1, '2025-01-01 10:00:00', 'user_01', '1999-05-17'),") {
		t.Errorf("SQL:\n%s", out)
	}
}

// TestExportAsksBeforeOverwriting: an existing file is replaced only after
// y; anything else keeps it and returns to the form.
func TestExportAsksBeforeOverwriting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "notes.jsonl")
	if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, demoStore(), nil, 100, 30)
	h.openTable("notes")
	h.press("E", "shift+tab", "right", "tab")
	h.typeText(path)
	h.press("enter")
	if d := h.exportDialog(); d.asking != path || !strings.Contains(h.screen(), "exists already") {
		t.Fatalf("no question:\n%s", h.screen())
	}
	h.press("n")
	if d := h.exportDialog(); d.asking != "" || !strings.Contains(h.screen(), "not overwritten") {
		t.Errorf("after n:\n%s", h.screen())
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatalf("the file changed: %q", b)
	}
	h.press("enter", "y")
	b, _ := os.ReadFile(path)
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 7 || lines[1] != `{"id":2,"body":null,"blob":null}` ||
		lines[3] != `{"id":4,"body":"NULL","blob":"3q2+7w=="}` {
		t.Errorf("after y:\n%s", b)
	}
}

// blockingSource hands out a batch, then waits for its context to end.
type blockingSource struct {
	cols    []store.Column
	served  chan struct{}
	batches int
	err     error // returned instead of waiting, when set
	closed  bool
}

func (s *blockingSource) Columns() []store.Column { return s.cols }

func (s *blockingSource) Next(ctx context.Context, n int) ([]store.Row, error) {
	if s.batches < 3 {
		s.batches++
		if s.batches == 3 {
			close(s.served)
		}
		rows := make([]store.Row, n)
		for i := range rows {
			rows[i] = store.Row{val(strings.Repeat("x", 100))}
		}
		return rows, nil
	}
	if s.err != nil {
		return nil, s.err
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

func (s *blockingSource) Close() error { s.closed = true; return nil }

// startExport opens the progress dialog on src writing to path and runs
// the export in the background, as the runtime would; the returned
// channel delivers its result.
func startExport(t *testing.T, h *harness, src *blockingSource, path string) (*exportProgress, <-chan tea.Msg) {
	t.Helper()
	req := exportRequest{name: "big", total: 100_000,
		open: func(context.Context) (export.Source, error) { return src, nil }}
	p, cmd := newExportProgress(h.m.c, req, export.Options{Format: export.CSV}, false, path, false)
	h.m.dialog = p
	batch, ok := cmd().(tea.BatchMsg)
	if !ok || len(batch) < 2 {
		t.Fatalf("the export starts with %T", batch)
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- batch[0]() }()
	select {
	case <-src.served:
	case <-time.After(5 * time.Second):
		t.Fatal("the export did not start")
	}
	return p, done
}

// TestExportCancelRemovesPartialFile: esc stops a running export and
// nothing is left in the directory, not even the partial file.
func TestExportCancelRemovesPartialFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newHarness(t, demoStore(), nil, 100, 30)
	src := &blockingSource{cols: []store.Column{col("s", "text")}, served: make(chan struct{})}
	p, done := startExport(t, h, src, filepath.Join(dir, "big.csv"))
	if es := dirEntries(t, dir); len(es) != 1 || !strings.HasSuffix(es[0], ".partial") {
		t.Fatalf("while running: %v", es)
	}
	h.press("esc")
	if !p.cancelling || !strings.Contains(h.screen(), "cancelling") {
		t.Errorf("esc did not cancel:\n%s", h.screen())
	}
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the export did not stop")
	}
	h.send(msg)
	h.settle()
	if h.m.dialog != nil || !strings.Contains(h.m.status.text, "export cancelled: nothing written") {
		t.Errorf("after cancel: %T, %q", h.m.dialog, h.m.status.text)
	}
	if es := dirEntries(t, dir); len(es) != 0 {
		t.Errorf("left behind: %v", es)
	}
	if !src.closed {
		t.Error("the source was not closed")
	}
}

// TestExportErrorRemovesPartialFile: a failing source ends the export
// with the error, and no file.
func TestExportErrorRemovesPartialFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newHarness(t, demoStore(), nil, 100, 30)
	src := &blockingSource{cols: []store.Column{col("s", "text")}, served: make(chan struct{}), err: errors.New("server gone away")}
	_, done := startExport(t, h, src, filepath.Join(dir, "big.csv"))
	h.send(<-done)
	h.settle()
	if h.m.dialog != nil || !strings.Contains(h.m.status.text, "export failed, nothing written") || !strings.Contains(h.m.status.text, "server gone away") {
		t.Errorf("after an error: %T, %q", h.m.dialog, h.m.status.text)
	}
	if es := dirEntries(t, dir); len(es) != 0 {
		t.Errorf("left behind: %v", es)
	}
}

// TestExportProgressNumbers: the dialog shows rows of the total, rows/s,
// bytes and the time left.
func TestExportProgressNumbers(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoStore(), nil, 100, 30)
	h.m.dialog = fixedExportProgress(h.m.c)
	scr := h.screen()
	for _, want := range []string{"Exporting scores as CSV", "1,250,000 of ~2,500,000 rows", "50%", "250,000 rows/s", "46.3 MiB", "5.0s elapsed", "about 5 seconds left", "esc cancel"} {
		if !strings.Contains(scr, want) {
			t.Errorf("no %q in\n%s", want, scr)
		}
	}
}

// fixedExportProgress is an export halfway through, with fixed numbers
// for snapshots.
func fixedExportProgress(c *common) *exportProgress {
	start := time.Date(2026, 11, 29, 10, 15, 0, 0, time.UTC)
	return &exportProgress{dialogBase: newDialogBase(c), c: c, format: export.CSV, path: "scores-2026-11-29T10-15-00.csv",
		req:     exportRequest{name: "scores", total: 2_500_000},
		cancel:  func() {},
		started: start, now: start.Add(5 * time.Second),
		stats: export.Stats{Rows: 1_250_000, Bytes: 48_500_000}}
}

// TestExportWhileReloading: E in a grid that is reloading after a refresh
// (its description dropped) still exports; the command describes the
// table.
func TestExportWhileReloading(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := newHarness(t, demoStore(), nil, 100, 30)
	g := h.openTable("levels")
	g.info = nil
	h.press("E")
	path := filepath.Join(dir, "levels.csv")
	h.typeText(path)
	h.press("enter")
	b, err := os.ReadFile(path)
	if err != nil || strings.Count(string(b), "\r\n") != 6 {
		t.Fatalf("%q, %v; status %q", b, err, h.m.status.text)
	}
}
