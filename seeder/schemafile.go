package seeder

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dolthub/vitess/go/vt/sqlparser"
)

// ErrSchemaFile is wrapped by the error of ParseSchema, and of PlanPush,
// when the desired schema holds a statement push does not run, or one the
// MySQL parser does not understand. Nothing was run: the whole file is
// checked before its first statement reaches the server.
var ErrSchemaFile = errors.New("schema file refused")

// SchemaFileError names the statement of a schema file that push refuses,
// and why.
type SchemaFileError struct {
	File      string // the file's name as given, e.g. "schema.sql"
	Line      int    // the line where the statement (or the parser's trouble) starts
	Statement string // the start of the statement, on one line
	Reason    string
}

// Error says file:line, the statement and the reason.
func (e *SchemaFileError) Error() string {
	return fmt.Sprintf("%s:%d: %q: %s; nothing was run", e.File, e.Line, e.Statement, e.Reason)
}

// Unwrap makes errors.Is(err, ErrSchemaFile) true.
func (e *SchemaFileError) Unwrap() error { return ErrSchemaFile }

// stmtKind is what a statement of a schema file does.
type stmtKind int

const (
	stmtCreateTable stmtKind = iota
	stmtCreateIndex
	stmtCreateView
	stmtAlterTable
)

// DesiredSchema is a schema file that ParseSchema accepted: unqualified
// CREATE TABLE, CREATE INDEX, CREATE VIEW and ALTER TABLE statements only.
type DesiredSchema struct {
	// File names the file in messages.
	File  string
	stmts []desiredStmt
}

// desiredStmt is one accepted statement.
type desiredStmt struct {
	line int
	// sql is what runs in the scratch database: the statement as written,
	// without its comments, with the contents of executable comments kept.
	sql  string
	kind stmtKind
	name string // the table, or the view, it creates or changes
	ast  sqlparser.Statement
}

// Tables lists the tables the file creates, in file order.
func (d *DesiredSchema) Tables() []string { return d.names(stmtCreateTable) }

// Views lists the views the file creates, in file order.
func (d *DesiredSchema) Views() []string { return d.names(stmtCreateView) }

func (d *DesiredSchema) names(kind stmtKind) []string {
	var names []string
	for _, s := range d.stmts {
		if s.kind == kind {
			names = append(names, s.name)
		}
	}
	return names
}

// view returns the statement that creates view name.
func (d *DesiredSchema) view(name string) (desiredStmt, bool) {
	for _, s := range d.stmts {
		if s.kind == stmtCreateView && s.name == name {
			return s, true
		}
	}
	return desiredStmt{}, false
}

// ParseSchema checks a desired schema with the MySQL parser the embedded
// engine uses (vitess's sqlparser, as extended by Dolt) before any of it
// runs. It accepts only CREATE TABLE, CREATE INDEX, CREATE VIEW and ALTER
// TABLE statements whose names are unqualified: no DML, no other
// statement, no name qualified by a database (not even the current one),
// no CREATE TABLE … SELECT, no subquery in a table definition, no storage
// engine or table option that reaches files or servers outside the
// database. The first statement it refuses makes the error, a
// *SchemaFileError wrapping ErrSchemaFile, with file's name, the line and
// the statement.
//
// Comments are removed from what runs, so that the server and the parser
// read the same text: where they disagree on what is a comment (the parser
// takes any "--" and "//" for one, MariaDB runs /*M! … */), the server
// could otherwise run something the parser never saw. The contents of
// executable comments (/*! … */, /*M! … */) are kept, whatever version
// they name, since the server runs them; a comment inside one is refused.
// A few MariaDB spellings the parser does not know (the types uuid, inet4,
// inet6 and year(4), the COMPRESSED attribute, PERSISTENT generated
// columns) are checked as their nearest MySQL equivalent and run as
// written.
func ParseSchema(file, text string) (*DesiredSchema, error) {
	if file == "" {
		file = "schema"
	}
	refuse := func(offset int, stmt, reason string) error {
		return &SchemaFileError{File: file, Line: lineAt(text, offset), Statement: excerpt(stmt), Reason: reason}
	}
	toks, err := scanTokens(text)
	if err != nil {
		var le *lexError
		if errors.As(err, &le) {
			return nil, refuse(le.offset, text[le.offset:], "the MySQL parser cannot read it (an unterminated string, name or comment?)")
		}
		return nil, err
	}
	code := uncomment(text, toks)
	toks, err = scanTokens(code)
	if err != nil {
		var le *lexError
		if errors.As(err, &le) {
			return nil, refuse(le.offset, code[le.offset:], "the MySQL parser cannot read it once the executable comments are opened")
		}
		return nil, err
	}
	d := &DesiredSchema{File: file}
	for _, piece := range splitStatements(toks) {
		first, last := piece[0], piece[len(piece)-1]
		stmtText := code[first.start:last.end]
		for _, t := range piece {
			if t.typ == sqlparser.COMMENT {
				return nil, refuse(t.start, stmtText, "a comment inside an executable comment (/*! … */) is not supported: remove it")
			}
		}
		local := make([]sqlToken, len(piece))
		for i, t := range piece {
			local[i] = sqlToken{typ: t.typ, start: t.start - first.start, end: t.end - first.start}
		}
		parsed, back := forParser(stmtText, local)
		ast, err := sqlparser.Parse(parsed)
		if err != nil {
			offset := first.start + back(syntaxErrorOffset(err, len(parsed)))
			return nil, refuse(offset, stmtText, "the MySQL parser does not understand it: "+parserMessage(err))
		}
		kind, name, reason := checkStatement(ast, stmtText, local)
		if reason != "" {
			return nil, refuse(first.start, stmtText, reason)
		}
		d.stmts = append(d.stmts, desiredStmt{line: lineAt(text, first.start), sql: stmtText, kind: kind, name: name, ast: ast})
	}
	if len(d.stmts) == 0 {
		return nil, fmt.Errorf("%s: no statements: %w", file, ErrSchemaFile)
	}
	return d, nil
}

// lineAt is the 1-based line of text holding offset.
func lineAt(text string, offset int) int {
	return 1 + strings.Count(text[:min(max(offset, 0), len(text))], "\n")
}

// excerpt is the start of a statement on one line, for messages.
func excerpt(stmt string) string {
	s := strings.Join(strings.Fields(stmt), " ")
	if r := []rune(s); len(r) > 72 {
		s = string(r[:71]) + "…"
	}
	return s
}

// parserMessage is the parser's error without its gRPC-style code prefix.
func parserMessage(err error) string {
	msg := strings.TrimSpace(err.Error())
	if i := strings.LastIndex(msg, "\n"); i >= 0 {
		msg = strings.TrimSpace(msg[i+1:])
	}
	return msg
}

// syntaxErrorOffset reads the position of "syntax error at position N" in
// a parser error, so that the line of the trouble can be named; 0 when
// there is none.
func syntaxErrorOffset(err error, limit int) int {
	const marker = "at position "
	msg := err.Error()
	i := strings.Index(msg, marker)
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range msg[i+len(marker):] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
		if n > limit {
			return limit
		}
	}
	// The tokenizer's position is one past the offending token's end.
	return max(n-1, 0)
}
