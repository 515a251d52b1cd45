package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/spf13/cobra"
)

// defaultDebugFile is where --debug writes without --debug-file.
const defaultDebugFile = "debug.log"

// openLog opens the debug log that --debug or --debug-file asks for: a
// log/slog text log, appended to, created readable by its owner only. The
// TUI owns the terminal, so the log never goes there. Without the flags
// a.log discards everything.
func (a *app) openLog(cmd *cobra.Command) error {
	a.log = slog.New(slog.DiscardHandler)
	if !a.g.debug && a.g.debugFile == "" {
		return nil
	}
	path := a.g.debugFile
	if path == "" {
		path = defaultDebugFile
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open the debug log: %w", err)
	}
	// A log left by an older version may be readable by others; the
	// queries in it are nobody else's business. Only a regular file is
	// changed (--debug-file /dev/stderr must not chmod a terminal).
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o077 != 0 {
		_ = f.Chmod(0o600)
	}
	w := &lockedWriter{w: f}
	a.log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a.debugging = true
	a.closeLog = func() { _ = f.Close() }
	a.log.Info("Command started", "command", cmd.CommandPath(), "version", version, "pid", os.Getpid())
	return nil
}

// lockedWriter serialises writes: the store's connections, the driver and
// the embedded engine log from goroutines of their own.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// logLines is an io.Writer for a library that logs plain text lines (the
// embedded engine logs through logrus): each line becomes a record of the
// structured log.
type logLines struct {
	log   *slog.Logger
	level slog.Level
	msg   string
	mu    sync.Mutex
	buf   []byte
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		if line := strings.TrimSpace(string(l.buf[:i])); line != "" {
			l.log.Log(context.Background(), l.level, l.msg, "line", line)
		}
		l.buf = l.buf[i+1:]
	}
	return len(p), nil
}
