package project

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
)

// AppendRelations adds rels to the project file as [[relation]] entries
// after everything it holds, under the comment lines of note, and leaves
// the rest of the file as it is (entries, comments, other sections). A
// relation whose from side the file already declares is left out (the
// declared one wins), and so is a repeat within rels. Without a file
// (f.Found false) it creates one at f.Path, refusing to replace a file
// that appeared meanwhile. It returns the relations it wrote; f itself is
// not changed (Load the file again to use them).
func (f *File) AppendRelations(rels []Relation, note []string) ([]Relation, error) {
	var add []Relation
	for _, r := range rels {
		if declaresFrom(f.Relations, r.From) || declaresFrom(add, r.From) {
			continue
		}
		add = append(add, r)
	}
	if len(add) == 0 {
		return nil, nil
	}
	var old []byte
	if f.Found {
		var err error
		if old, err = os.ReadFile(f.Path); err != nil {
			return nil, fmt.Errorf("read the project file: %w", err)
		}
	}
	text := formatRelations(add, note, len(old) > 0 && !strings.HasSuffix(string(old), "\n"), len(old) > 0)
	// What is written must load: check the whole result first.
	if _, err := Parse(f.Path, append(slices.Clip(old), text...)); err != nil {
		return nil, fmt.Errorf("the project file would not load after adding the relations (nothing written): %w", err)
	}
	flags := os.O_WRONLY | os.O_APPEND
	if !f.Found {
		flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
	}
	w, err := os.OpenFile(f.Path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%s appeared while the relations were inferred; run again to add them to it", f.Path)
	}
	if err != nil {
		return nil, fmt.Errorf("write the project file: %w", err)
	}
	if _, err := w.WriteString(text); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("write the project file %s: %w", f.Path, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("write the project file %s: %w", f.Path, err)
	}
	return add, nil
}

// declaresFrom reports whether rels hold a relation from the columns of e.
func declaresFrom(rels []Relation, e Endpoint) bool {
	for _, r := range rels {
		if r.From.Table == e.Table && slices.Equal(r.From.Columns, e.Columns) {
			return true
		}
	}
	return false
}

// formatRelations writes rels as [[relation]] entries under note (comment
// lines); newline starts with a line break (the file lacks a final one),
// gap separates the text from what comes before.
func formatRelations(rels []Relation, note []string, newline, gap bool) string {
	var b strings.Builder
	if newline {
		b.WriteByte('\n')
	}
	if gap {
		b.WriteByte('\n')
	}
	for _, l := range note {
		b.WriteString(strings.TrimRight("# "+l, " "))
		b.WriteByte('\n')
	}
	for i, r := range rels {
		if i > 0 || len(note) > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("[[relation]]\n")
		if r.Name != "" {
			b.WriteString("name = " + tomlString(r.Name) + "\n")
		}
		b.WriteString("from = " + tomlString(r.From.String()) + "\n")
		b.WriteString("to   = " + tomlString(r.To.String()) + "\n")
	}
	return b.String()
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
