package store

import (
	"fmt"
	"strings"
)

// readOnlyGuard returns an ErrReadOnly error unless every statement in
// query is a read: SELECT, SHOW, DESCRIBE/DESC, EXPLAIN, WITH (without a
// data-changing statement), VALUES, TABLE, HELP, DO, USE, transaction
// control, KILL QUERY, and SET of anything but the read-only mode itself. The check is
// lexical (strings, quoted identifiers and comments are skipped), so it
// errs on the side of refusing.
func readOnlyGuard(query string) error {
	for _, words := range statementWords(query) {
		if len(words) == 0 {
			continue
		}
		if !readOnlyStatement(words) {
			return &Error{Kind: ErrReadOnly, Msg: fmt.Sprintf(
				"the database is open read-only: refusing %s (reopen without --read-only to change data)", words[0])}
		}
	}
	return nil
}

func readOnlyStatement(words []string) bool {
	switch words[0] {
	case "SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE", "HELP", "DO", "USE",
		"COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE":
		return true
	case "WITH":
		return !hasWord(words, "INSERT", "UPDATE", "DELETE", "REPLACE")
	case "BEGIN", "START":
		return !hasWord(words, "WRITE")
	case "SET":
		return !hasWord(words, "GLOBAL", "PERSIST", "PERSIST_ONLY", "TX_READ_ONLY", "TRANSACTION_READ_ONLY", "READ_ONLY", "WRITE")
	case "KILL":
		// Stopping a running query changes no data; the console needs it
		// to cancel a read.
		return len(words) > 1 && words[1] == "QUERY"
	}
	return false
}

// statementWords splits query into statements (on ';') and each statement
// into upper-cased bare words, skipping quoted strings, quoted identifiers
// and comments. MySQL's executable comments (/*! ... */) are read as code.
func statementWords(query string) [][]string {
	var stmts [][]string
	var cur []string
	i, n := 0, len(query)
	for i < n {
		c := query[i]
		switch {
		case c == ';':
			stmts = append(stmts, cur)
			cur = nil
			i++
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(query, i)
		case c == '#' || c == '-' && i+2 < n && query[i+1] == '-' && (query[i+2] == ' ' || query[i+2] == '\t' || query[i+2] == '\n'),
			c == '-' && i+2 == n && query[i+1] == '-':
			for i < n && query[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && query[i+1] == '*':
			if i+2 < n && query[i+2] == '!' {
				// Executable comment: its body is SQL. Skip the marker and
				// an optional version number; the closing */ is skipped below.
				i += 3
				for i < n && query[i] >= '0' && query[i] <= '9' {
					i++
				}
				continue
			}
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				i = n
			} else {
				i += end + 4
			}
		case c == '*' && i+1 < n && query[i+1] == '/':
			i += 2
		case isWordByte(c):
			j := i
			for j < n && isWordByte(query[j]) {
				j++
			}
			cur = append(cur, strings.ToUpper(query[i:j]))
			i = j
		default:
			i++
		}
	}
	return append(stmts, cur)
}

func skipQuoted(s string, i int) int {
	q := s[i]
	i++
	for i < len(s) {
		switch s[i] {
		case '\\':
			if q != '`' {
				i += 2
				continue
			}
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return i
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
