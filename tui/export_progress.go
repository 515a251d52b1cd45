package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/demobots/demobots-tui/internal/export"
	"github.com/demobots/demobots-tui/internal/humanize"
	"github.com/demobots/demobots-tui/store"
	"github.com/demobots/demobots-tui/tui/internal/layout"
	"github.com/demobots/demobots-tui/tui/internal/sanitize"
)

// exportProgress runs an export and shows its progress: rows written,
// rows/s, bytes and, from the expected total, a bar and the time left. Esc
// or ctrl+c cancel it; the partial file is removed.
type exportProgress struct {
	dialogBase
	c          *common
	req        exportRequest
	format     export.Format
	path       string
	cancel     context.CancelFunc
	cancelling bool
	started    time.Time
	now        time.Time // the clock: the last report or tick
	stats      export.Stats
	reports    <-chan export.Stats
}

// exportReportedMsg is the progress of a running export.
type exportReportedMsg struct {
	target int
	stats  export.Stats
	at     time.Time
}

// exportClosedMsg says a running export sends no more reports.
type exportClosedMsg struct{ target int }

// exportFinishedMsg ends an export: the file is in place, or (err) gone.
type exportFinishedMsg struct {
	target int
	stats  export.Stats
	path   string // where the file is, absolute
	at     time.Time
	err    error
}

func (m exportReportedMsg) to() int { return m.target }
func (m exportClosedMsg) to() int   { return m.target }
func (m exportFinishedMsg) to() int { return m.target }

// newExportProgress starts the export and returns its dialog and the
// commands that run it.
func newExportProgress(c *common, req exportRequest, opts export.Options, withCreate bool, path string, overwrite bool) (*exportProgress, tea.Cmd) {
	// No timeout: a big table takes as long as it takes, and esc cancels.
	ctx, cancel := context.WithCancel(c.ctx)
	p := &exportProgress{dialogBase: newDialogBase(c), c: c, req: req, format: opts.Format, path: path, cancel: cancel, started: time.Now()}
	p.now = p.started
	sink := &progressSink[export.Stats]{ch: make(chan export.Stats, 16)}
	p.reports = sink.ch
	opts.Progress = sink.send
	var createTable func(context.Context) (string, error)
	if withCreate {
		createTable = req.createTable
	}
	target, open := p.id(), req.open
	work := func() tea.Msg {
		defer cancel()
		stats, abs, err := runExport(ctx, open, createTable, opts, path, overwrite)
		sink.close()
		return exportFinishedMsg{target: target, stats: stats, path: abs, at: time.Now(), err: err}
	}
	cmds := []tea.Cmd{work, waitExport(target, sink.ch)}
	if !c.noAnim {
		cmds = append(cmds, tickClock(target))
	}
	return p, tea.Batch(cmds...)
}

// runExport writes the rows to a temporary file next to path and moves it
// there once complete; on an error or a cancel the temporary file is
// removed, so nothing that looks like a finished export is ever left.
func runExport(ctx context.Context, open func(context.Context) (export.Source, error), createTable func(context.Context) (string, error),
	opts export.Options, path string, overwrite bool) (export.Stats, string, error) {
	if createTable != nil {
		ddl, err := createTable(ctx)
		if err != nil {
			return export.Stats{}, "", err
		}
		opts.CreateTable = ddl
	}
	f, err := export.Create(path)
	if err != nil {
		return export.Stats{}, "", err
	}
	defer func() { _ = f.Abort() }()
	src, err := open(ctx)
	if err != nil {
		return export.Stats{}, "", err
	}
	if cl, ok := src.(io.Closer); ok {
		defer func() { _ = cl.Close() }()
	}
	stats, err := export.Write(ctx, f, src, opts)
	if err != nil {
		return stats, "", err
	}
	if err := f.Commit(overwrite); err != nil {
		return stats, "", err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return stats, abs, nil
}

// waitExport reads one report; Update re-arms it after each one.
func waitExport(target int, ch <-chan export.Stats) tea.Cmd {
	return func() tea.Msg {
		st, ok := <-ch
		if !ok {
			return exportClosedMsg{target: target}
		}
		return exportReportedMsg{target: target, stats: st, at: time.Now()}
	}
}

// Busy is true: the export runs until the dialog closes.
func (p *exportProgress) Busy() bool { return true }

// Update records reports, ticks the clock and ends the export.
func (p *exportProgress) Update(msg tea.Msg) (Intent, tea.Cmd) {
	switch msg := msg.(type) {
	case exportReportedMsg:
		p.stats, p.now = msg.stats, msg.at
		return nil, waitExport(p.id(), p.reports)
	case progressTickedMsg:
		p.now = time.Now()
		return nil, tickClock(p.id())
	case exportFinishedMsg:
		return p.finished(msg), nil
	}
	return nil, nil
}

// finished reports the result.
func (p *exportProgress) finished(msg exportFinishedMsg) Intent {
	err := msg.err
	cancelled := p.cancelling || errors.Is(err, context.Canceled) || errors.Is(err, store.ErrCanceled)
	var result Intent
	switch {
	case err != nil && cancelled:
		result = notice{level: levelWarn, text: "export cancelled: nothing written (the partial file was removed)", sticky: true}
	case err != nil:
		result = failure{err: fmt.Errorf("export failed, nothing written: %w", err), sticky: true}
	default:
		el := msg.at.Sub(p.started)
		result = notice{level: levelSuccess, sticky: true, text: fmt.Sprintf("exported %s (%s) to %s in %s",
			humanize.Plural(msg.stats.Rows, "row"), humanize.Bytes(msg.stats.Bytes), sanitize.Line(msg.path), humanize.Elapsed(el))}
	}
	return intents{closeDialog{}, result}
}

// Interrupt cancels the export (ctrl+c).
func (p *exportProgress) Interrupt() (Intent, tea.Cmd) { return p.cancelRun(), nil }

func (p *exportProgress) cancelRun() Intent {
	if p.cancelling {
		return nil
	}
	p.cancelling = true
	p.cancel()
	return notice{level: levelWarn, text: "cancelling the export…"}
}

// HandleKey cancels on esc; other keys wait.
func (p *exportProgress) HandleKey(msg tea.KeyPressMsg) (Intent, tea.Cmd) {
	if key.Matches(msg, p.c.keys.Form.Cancel) {
		return p.cancelRun(), nil
	}
	return nil, nil
}

// ShortHelp is the dialog's one-line help.
func (p *exportProgress) ShortHelp(k *KeyMap) []key.Binding {
	return []key.Binding{k.Form.Cancel}
}

// rate is rows per second since the start.
func (p *exportProgress) rate() float64 {
	el := p.now.Sub(p.started).Seconds()
	if el <= 0 {
		return 0
	}
	return float64(p.stats.Rows) / el
}

// fraction is the share of the expected rows written, and whether it is
// known: not without a total, nor once an estimate is exceeded.
func (p *exportProgress) fraction() (float64, bool) {
	t := p.req.total
	if t <= 0 || p.stats.Rows > t {
		return 0, false
	}
	return float64(p.stats.Rows) / float64(t), true
}

// View renders the counts, the bar, the speed and the time left.
func (p *exportProgress) View(w, _ int) []string {
	s := p.c.styles
	title := "Exporting " + sanitize.Line(p.req.name) + " as " + p.format.Name()
	count := humanize.Thousands(p.stats.Rows)
	if p.req.total > 0 {
		count += " of " + exportCountText(p.req)
	} else {
		count += " rows"
	}
	lines := []string{
		layout.Truncate("to "+sanitize.Line(p.path), max(w-6, 20)),
		"",
		p.c.spin + " " + count,
	}
	frac, known := p.fraction()
	bw := max(min(w-8, 60), 10)
	if known {
		filled, empty := humanize.Bar(frac, bw-5)
		lines = append(lines, s.Chart.Bar.Render(filled)+s.Grid.Sep.Render(empty)+" "+humanize.Percent(frac))
	} else {
		_, empty := humanize.Bar(0, bw-5)
		lines = append(lines, s.Grid.Sep.Render(empty))
	}
	rate := p.rate()
	speed := humanize.Thousands(int64(rate)) + " rows/s · " + humanize.Bytes(p.stats.Bytes) + " · " + humanize.Elapsed(p.now.Sub(p.started)) + " elapsed"
	if known && rate > 0 {
		left := time.Duration(float64(p.req.total-p.stats.Rows) / rate * float64(time.Second))
		speed += " · " + humanize.About(left) + " left"
	}
	// A steady width, so that the box does not twitch as the numbers grow.
	lines = append(lines, layout.Fit(speed, min(66, max(w-6, 20))))
	if p.cancelling {
		lines = append(lines, "", s.Modal.Warning.Render("cancelling: removing the partial file…"))
	} else {
		lines = append(lines, "", s.Modal.Muted.Render(keyName(p.c.keys.Form.Cancel)+" cancel (the partial file is removed)"))
	}
	return layout.Dialog(title, lines, w, s.Pane.BorderActive, s.Modal.Title)
}
