package project

import (
	"fmt"
	"strings"
)

// Error is one problem with a project file. It reads
// "file:line: key: problem", e.g.
//
//	demobots-tui.toml:7: relation.from: table "scroes" does not exist in db-demobots
//
// Key is the dotted path of the key at fault (entries of an array of
// tables are not numbered: Line tells them apart); it is empty for a
// syntax error, which then reads "file:line: problem".
type Error struct {
	File    string
	Line    int
	Key     string
	Problem string
}

// Error returns "file:line: key: problem".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

// Pos is where a key is in a project file: what an Error needs besides the
// problem. Sections keep the Pos of their keys so that a problem found
// later, against the database, names the line that caused it.
type Pos struct {
	File string
	Line int
	Key  string
}

// Errorf reports a problem with the key at p.
func (p Pos) Errorf(format string, args ...any) *Error {
	return &Error{File: p.File, Line: p.Line, Key: p.Key, Problem: fmt.Sprintf(format, args...)}
}

// String is "file:line", for messages that point at a key without an
// error.
func (p Pos) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}
