package tui

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// The console's history is one file of JSON lines, {"db": ..., "sql": ...},
// in $XDG_STATE_HOME/demobots-tui/history (~/.local/state when the
// variable is unset): the SQL that was run, by database, oldest first.
// It holds SQL text only — never a connection URL or a password — and is
// readable by its owner only.
const (
	historyDir  = "demobots-tui"
	historyFile = "history"
	// historyKeep is how many entries of one database the console offers.
	historyKeep = 500
	// historyMaxLines makes the file compact itself (to its newest half)
	// once it grows past this many entries, of all databases.
	historyMaxLines = 10000
)

// historyEntry is one line of the history file.
type historyEntry struct {
	DB  string `json:"db"`
	SQL string `json:"sql"`
}

// historyPath is where the history file lives, given the environment.
func historyPath(getenv func(string) string) (string, error) {
	base := getenv("XDG_STATE_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("history: neither XDG_STATE_HOME nor HOME is set")
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, historyDir, historyFile), nil
}

// secretSQL matches statements that may carry a password (CREATE USER ...
// IDENTIFIED BY, SET PASSWORD, ALTER USER ...): the history never keeps
// them.
var secretSQL = regexp.MustCompile(`(?i)\b(IDENTIFIED|PASSWORD)\b`)

// keepInHistory reports whether sql may be written to the history file.
func keepInHistory(sql string) bool {
	return strings.TrimSpace(sql) != "" && !secretSQL.MatchString(sql)
}

// loadHistory reads the entries of database db, oldest first, at most
// historyKeep of them, without consecutive repeats. A missing file is an
// empty history. A file grown past historyMaxLines is rewritten with its
// newest half.
func loadHistory(path, db string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	var out []string
	lines := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		lines++
		var e historyEntry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.DB != db || e.SQL == "" {
			continue // a damaged line is skipped, not fatal
		}
		if len(out) > 0 && out[len(out)-1] == e.SQL {
			continue
		}
		out = append(out, e.SQL)
	}
	if len(out) > historyKeep {
		out = out[len(out)-historyKeep:]
	}
	if lines > historyMaxLines {
		if err := compactHistory(path, data, historyMaxLines/2); err != nil {
			return out, err
		}
	}
	return out, nil
}

// compactHistory rewrites the file with its last keep lines, atomically.
func compactHistory(path string, data []byte, keep int) error {
	all := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	if len(all) > keep {
		all = all[len(all)-keep:]
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), historyFile+".*")
	if err != nil {
		return fmt.Errorf("history: compact: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // gone once renamed
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("history: compact: %w", err)
	}
	_, err = tmp.Write(append(bytes.Join(all, []byte("\n")), '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("history: compact: %w", err)
	}
	return nil
}

// appendHistory adds sql to the history of database db, creating the
// directory (0700) and the file (0600) when they do not exist and
// tightening them when they do. Statements that may carry a password are
// not written.
func appendHistory(path, db, sql string) error {
	if !keepInHistory(sql) {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	line, err := json.Marshal(historyEntry{DB: db, SQL: sql})
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return fmt.Errorf("history: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// history is the console's walk through past statements with up and down.
// pos is len(entries) when the editor shows the draft (what was being
// typed before walking).
type history struct {
	entries []string
	pos     int
	draft   string
}

// add records a statement just run and ends the walk.
func (h *history) add(sql string) {
	if !keepInHistory(sql) {
		h.pos = len(h.entries)
		return
	}
	if n := len(h.entries); n == 0 || h.entries[n-1] != sql {
		h.entries = append(h.entries, sql)
	}
	if len(h.entries) > historyKeep {
		h.entries = h.entries[len(h.entries)-historyKeep:]
	}
	h.pos = len(h.entries)
}

// prev steps back from what the editor holds (current); ok is false at
// the oldest entry.
func (h *history) prev(current string) (string, bool) {
	if h.pos == 0 || len(h.entries) == 0 {
		return "", false
	}
	if h.pos >= len(h.entries) {
		h.pos = len(h.entries)
		h.draft = current
	}
	h.pos--
	return h.entries[h.pos], true
}

// next steps forward, back to the draft after the newest entry; ok is
// false when the editor already shows the draft.
func (h *history) next() (string, bool) {
	if h.pos >= len(h.entries) {
		return "", false
	}
	h.pos++
	if h.pos == len(h.entries) {
		return h.draft, true
	}
	return h.entries[h.pos], true
}
