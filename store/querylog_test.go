package store

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// The MySQL driver's own log lines go to the structured log when there is
// one and no DriverLog; DriverLog still wins when set.
func TestDriverLogGoesToTheLogger(t *testing.T) {
	var structured, plain bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&structured, nil))
	cfg, err := ParseURL("mysql://root@127.0.0.1:3306/db")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newConnector(cfg, Options{Logger: logger}); err != nil {
		t.Fatal(err)
	}
	cfg.Logger.Print("packets.go:58 unexpected EOF")
	if !strings.Contains(structured.String(), `level=WARN msg="MySQL driver" line="packets.go:58 unexpected EOF"`) {
		t.Errorf("the driver's line is not in the log: %q", structured.String())
	}
	if _, err := newConnector(cfg, Options{Logger: logger, DriverLog: &plain}); err != nil {
		t.Fatal(err)
	}
	cfg.Logger.Print("busy buffer")
	if !strings.Contains(plain.String(), "[mysql] ") || !strings.Contains(plain.String(), "busy buffer") || strings.Contains(structured.String(), "busy buffer") {
		t.Errorf("DriverLog %q, log %q", plain.String(), structured.String())
	}
}

// Errors in the log never carry the password, even when the driver's text
// quotes it.
func TestQueryLogScrubsThePassword(t *testing.T) {
	var b bytes.Buffer
	q := newQueryLog(slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), "s3cr3t-pw")
	q.statement(t.Context(), "exec", "SELECT 1", 0, time.Now(), -1, errors.New("dial root:s3cr3t-pw@db failed"))
	if strings.Contains(b.String(), "s3cr3t-pw") || !strings.Contains(b.String(), "root:****@db") {
		t.Errorf("log: %q", b.String())
	}
}
